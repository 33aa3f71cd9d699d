/**
 * The floor of a durable bulk load on one core, to set beside Argon's
 * insertMany: per document only what any store writing Argon's log format
 * must do — copy the caller's document (`copyValue`, as ArgonClient does),
 * encode its log entry (`BsonWriter.writeEntry`), frame it with length and
 * CRC32 — then one O_DSYNC write of each batch appended to a file, and a Map
 * entry per `_id` so the documents stay reachable. No engine: no uniqueness
 * check, version chains, LSN reservation, group commit or checkpoints.
 */
import { closeSync, constants, openSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { BsonWriter } from '@argon/core';
import { copyValue } from '@argon/query';
import type { BenchDoc } from './docs.js';

// Frame header: u32 LE payload length, u32 LE CRC32 of the payload (the log's frame format).
const FRAME_HEADER_BYTES = 8;

/** Loads `batches` through the floor pipeline into a fresh file in `dir`; returns docs/s. */
export function appendFloor(dir: string, batches: readonly BenchDoc[][]): number {
  const file = join(dir, 'append-floor.bin');
  rmSync(file, { force: true });
  const fd = openSync(file, constants.O_WRONLY | constants.O_CREAT | constants.O_DSYNC, 0o644);
  const w = new BsonWriter(4 << 20);
  const kept = new Map<unknown, unknown>();
  const op = { type: 'insert' };
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
        const frame = w.pos;
        w.ensure(FRAME_HEADER_BYTES);
        w.pos += FRAME_HEADER_BYTES;
        const entry = { project: 'bench', lsn: ++lsn, ts, kind: 'put', collection: 'c', id: doc._id, post: doc, pre: null, op, branchId: 'main', opId: 'floor' };
        w.writeEntry(entry);
        const length = w.pos - frame - FRAME_HEADER_BYTES;
        w.bytes.writeUInt32LE(length, frame);
        w.bytes.writeUInt32LE(crc32(w.bytes.subarray(frame + FRAME_HEADER_BYTES, w.pos)), frame + 4);
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
