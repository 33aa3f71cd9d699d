/**
 * The floor of a durable bulk load on one core, to set beside Argon's
 * insertMany: per document only what any store writing Argon's log format
 * must do — copy the caller's document (`copyValue`, as ArgonClient does),
 * encode and frame its log entry (`writeEntryFrame`, the store's own code)
 * — then one O_DSYNC write of each batch appended to a file, and a Map
 * entry per `_id` so the documents stay reachable. No engine: no uniqueness
 * check, version chains, LSN reservation, group commit or checkpoints.
 */
import { closeSync, constants, openSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { BsonWriter, type AuditOp, type WalEntry } from '@argon/core';
import { copyValue } from '@argon/query';
import { writeEntryFrame } from '@argon/storage-file';
import type { BenchDoc } from './docs.js';

/** Loads `batches` through the floor pipeline into a fresh file in `dir`; returns docs/s. */
export function appendFloor(dir: string, batches: readonly BenchDoc[][]): number {
  const file = join(dir, 'append-floor.bin');
  rmSync(file, { force: true });
  const fd = openSync(file, constants.O_WRONLY | constants.O_CREAT | constants.O_DSYNC, 0o644);
  const w = new BsonWriter(4 << 20);
  const kept = new Map<unknown, unknown>();
  const op: AuditOp = { type: 'insert' };
  let lsn = 0;
  let filePos = 0;
  let docs = 0;
  const t0 = performance.now();
  try {
    for (const batch of batches) {
      w.pos = 0;
      const ts = Date.now();
      for (const input of batch) {
        const doc = copyValue(input) as Record<string, unknown>;
        const entry: WalEntry = { project: 'bench', lsn: ++lsn, ts, kind: 'put', collection: 'c', id: doc._id, post: doc, pre: null, op, branchId: 'main', opId: 'floor' };
        writeEntryFrame(w, entry);
        kept.set(doc._id, doc);
      }
      writeSync(fd, w.bytes, 0, w.pos, filePos);
      filePos += w.pos;
      docs += batch.length;
    }
    return docs / ((performance.now() - t0) / 1000);
  } finally {
    closeSync(fd);
    rmSync(file, { force: true });
  }
}
