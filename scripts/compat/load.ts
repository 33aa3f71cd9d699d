/**
 * Finding and reading unified-format test files. Files are parsed as
 * canonical Extended JSON so that explicit types survive (`$numberLong`
 * stays a Long, `$numberDouble: "1.0"` stays a double); Int32 wrappers are
 * then turned back into plain numbers, which the driver sends as int32 anyway
 * and which driver options expect.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { EJSON } from 'bson';
import { bsonTag, isPlainDocument } from './bson-type.js';
import type { TestFile } from './types.js';

/** A test file found on disk. */
export interface FoundFile {
  /** Absolute path. */
  readonly path: string;
  /** `<folder>/<file>.json`, the name used in reports. */
  readonly label: string;
  /** The folder the file lives in (e.g. `crud`). */
  readonly folder: string;
}

/**
 * Expands the given files and directories (directories recursively) into
 * the `.json` test files they hold, sorted by label within each argument.
 */
export function findTestFiles(paths: readonly string[]): FoundFile[] {
  const out: FoundFile[] = [];
  const seen = new Set<string>();
  for (const p of paths) {
    const abs = resolve(p);
    const files = statSync(abs).isDirectory() ? walk(abs) : [abs];
    for (const f of files.sort()) {
      if (seen.has(f)) continue;
      seen.add(f);
      const folder = basename(dirname(f));
      out.push({ path: f, label: `${folder}/${basename(f)}`, folder });
    }
  }
  return out;
}

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...walk(full));
    else if (entry.isFile() && entry.name.endsWith('.json')) out.push(full);
  }
  return out;
}

/** Reads and parses one test file. */
export function loadTestFile(path: string): TestFile {
  const parsed = normalizeParsed(EJSON.parse(readFileSync(path, 'utf8'), { relaxed: false }));
  if (!isPlainDocument(parsed)) throw new Error(`${path}: not a JSON object`);
  return parsed as unknown as TestFile;
}

/** Replaces Int32 wrappers by numbers and non-integral Double wrappers by numbers, recursively. */
export function normalizeParsed(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(normalizeParsed);
  const tag = bsonTag(value);
  if (tag === 'Int32') return (value as { valueOf(): number }).valueOf();
  if (tag === 'Double') {
    const n = (value as { valueOf(): number }).valueOf();
    return Number.isInteger(n) ? value : n;
  }
  if (isPlainDocument(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = normalizeParsed(v);
    return out;
  }
  return value;
}

/** The `<major>.<minor>` of a file's schemaVersion, or undefined if malformed. */
export function parseSchemaVersion(v: unknown): readonly [number, number, number] | undefined {
  if (typeof v !== 'string' || !/^\d+(\.\d+){0,2}$/.test(v)) return undefined;
  const [a = 0, b = 0, c = 0] = v.split('.').map(Number);
  return [a, b, c];
}
