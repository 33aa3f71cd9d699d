import { readFile } from 'node:fs/promises';
import { inspect } from 'node:util';
import type { WalEntry } from '@argon/core';
import { fsStorageError } from '../errors.js';
import { scanSegment } from './segment-scan.js';

function show(v: unknown): string {
  // bson values inspect as `new ObjectId('…')`; print them the way mongosh does.
  return inspect(v, { breakLength: Infinity, depth: 3 }).replace(/new (\w+)\(/g, '$1(');
}

/** One human-readable line for an entry at `offset`. */
export function formatEntryLine(offset: number, e: WalEntry): string {
  const id = 'id' in e ? show(e.id) : '-';
  const extra = e.kind === 'createIndex' ? ` index=${e.spec.name}` : e.kind === 'dropIndex' ? ` index=${e.name}` : '';
  return `offset=${offset} lsn=${e.lsn} project=${e.project} branch=${e.branchId} kind=${e.kind} collection=${e.collection} _id=${id}${extra} ts=${new Date(e.ts).toISOString()}`;
}

/**
 * Dumps a segment file as text: a header line, one line per entry (offset,
 * lsn, project, branch, kind, collection, _id), a line for each damaged place
 * (scanning resumes at the next valid frame) and a summary. Backs
 * `argon wal dump <file>`.
 *
 * @example
 * ```ts
 * for await (const line of dumpSegment('argon-data/wal/00000001.seg')) console.log(line);
 * ```
 */
export async function* dumpSegment(file: string): AsyncIterable<string> {
  const buf = await readFile(file).catch((err: unknown) => {
    throw fsStorageError(err, 'reading', file);
  });
  let entries = 0;
  let problems = 0;
  for (const ev of scanSegment(buf, true)) {
    if (ev.type === 'header') yield `# ${file}: segment ${ev.sequence}, format v${ev.version}, ${buf.length} bytes`;
    else if (ev.type === 'problem') {
      problems++;
      yield `offset=${ev.offset} ${ev.torn ? 'TORN' : 'DAMAGED'}: ${ev.message}`;
    } else {
      entries++;
      yield formatEntryLine(ev.offset, ev.entry);
    }
  }
  yield `# ${entries} entries, ${problems} problem(s)`;
}
