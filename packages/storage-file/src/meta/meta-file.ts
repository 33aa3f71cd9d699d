import { readFile } from 'node:fs/promises';
import { crc32 } from 'node:zlib';
import { EJSON } from 'bson';
import { CorruptionError, StorageError } from '@argon/core';
import { fsStorageError, verifyHint } from '../errors.js';
import type { FaultInjector } from '../options.js';
import { writeFileAtomic } from './atomic-file.js';

/**
 * Metadata files are JSON, readable with `jq`, and checksummed:
 *
 * ```json
 * {"magic":"argon-meta","version":1,"kind":"branches","crc32":"1c291ca3","data":<relaxed EJSON>}
 * ```
 *
 * `crc32` covers `JSON.stringify(data)` exactly as written, so any change to
 * the data (a flipped byte, a hand edit) is detected on load. Dates stay Dates
 * through relaxed Extended JSON.
 */
export const META_MAGIC = 'argon-meta';
/** The metadata format version this code writes and reads. */
export const META_VERSION = 1;

function checksum(text: string): string {
  return crc32(text).toString(16).padStart(8, '0');
}

/** Encodes a value as the content of a metadata file of kind `kind`. */
export function encodeMeta(kind: string, value: unknown): Buffer {
  const data = EJSON.serialize(value, { relaxed: true });
  const dataText = JSON.stringify(data);
  // Assemble by hand so that `data` is written exactly as checksummed.
  const head = JSON.stringify({ magic: META_MAGIC, version: META_VERSION, kind, crc32: checksum(dataText) });
  return Buffer.from(`${head.slice(0, -1)},"data":${dataText}}\n`, 'utf8');
}

/** Why a metadata file is unusable; thrown as a CorruptionError. */
export function metaCorruption(dir: string, file: string, what: string): CorruptionError {
  return new CorruptionError(
    `metadata file ${file} is damaged (${what}); Argon will not start without it. ${verifyHint(dir)}`,
    file,
    0,
  );
}

/**
 * Decodes the content of a metadata file. Throws a CorruptionError (naming the
 * file) when it does not parse or its checksum does not match.
 */
export function decodeMeta(dir: string, file: string, kind: string, content: Buffer): unknown {
  let doc: { magic?: unknown; version?: unknown; kind?: unknown; crc32?: unknown; data?: unknown };
  try {
    doc = JSON.parse(content.toString('utf8')) as typeof doc;
  } catch (err) {
    throw metaCorruption(dir, file, `not valid JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (doc === null || typeof doc !== 'object' || doc.magic !== META_MAGIC) throw metaCorruption(dir, file, 'not an Argon metadata file');
  if (typeof doc.version !== 'number' || doc.version > META_VERSION) {
    throw new StorageError(`metadata file ${file} has format version ${String(doc.version)}, newer than this Argon supports (${META_VERSION}); upgrade Argon`);
  }
  if (doc.kind !== kind) throw metaCorruption(dir, file, `holds ${JSON.stringify(doc.kind)}, expected ${JSON.stringify(kind)}`);
  if (!('data' in doc) || typeof doc.crc32 !== 'string' || checksum(JSON.stringify(doc.data)) !== doc.crc32) {
    throw metaCorruption(dir, file, 'checksum mismatch');
  }
  try {
    return EJSON.deserialize(doc.data as never, { relaxed: true });
  } catch (err) {
    throw metaCorruption(dir, file, `undecodable data: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** Reads and verifies a metadata file; `undefined` when it does not exist. */
export async function readMetaFile(dir: string, file: string, kind: string): Promise<unknown> {
  let content: Buffer;
  try {
    content = await readFile(file);
  } catch (err) {
    if ((err as { code?: string }).code === 'ENOENT') return undefined;
    throw fsStorageError(err, 'reading', file);
  }
  return decodeMeta(dir, file, kind, content);
}

/** Atomically and durably replaces a metadata file. */
export async function writeMetaFile(file: string, kind: string, value: unknown, faults?: FaultInjector): Promise<void> {
  await writeFileAtomic(file, encodeMeta(kind, value), faults);
}
