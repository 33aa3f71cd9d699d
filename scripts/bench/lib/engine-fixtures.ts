/**
 * Small-document fixtures for the engine workloads (branch creation, reads at
 * an old LSN, recovery): documents `{ _id, v, s }` of ~60 bytes, loaded and
 * updated through the command layer in batches of 10,000.
 */
import { ArgonEngine, CommandRunner, MemoryStore, type StorageBackend } from '@argon/core';
import { NaiveMaterializer } from './naive-materializer.js';

/** Padding of the small documents. */
export const PAD = 'x'.repeat(32);
const BATCH = 10_000;

/** An engine on a fresh MemoryStore with checkpoints off, and its command runner. */
export async function memoryRunner(): Promise<CommandRunner> {
  return new CommandRunner(await ArgonEngine.open({ storage: new MemoryStore(), checkpointEveryEntries: 0 }));
}

/** An engine on `storage` with the given checkpoint interval (undefined = the default). */
export async function runnerOn(storage: StorageBackend, checkpointEveryEntries?: number): Promise<CommandRunner> {
  return new CommandRunner(await ArgonEngine.open({ storage, ...(checkpointEveryEntries !== undefined ? { checkpointEveryEntries } : {}) }));
}

/** Closes a runner and its engine (no final checkpoint). */
export async function closeRunner(r: CommandRunner): Promise<void> {
  r.close();
  await r.engine.close();
}

/**
 * Inserts documents 0 … n-1 into `p.c`; mirrors them into `naive` (LSN 1 is the
 * collection's creation, so document j is LSN j + 2).
 */
export async function loadSmall(r: CommandRunner, n: number, naive?: NaiveMaterializer): Promise<void> {
  for (let i = 0; i < n; i += BATCH) {
    const docs = [];
    for (let j = i; j < Math.min(n, i + BATCH); j++) docs.push({ _id: j, v: j, s: PAD });
    await r.execute('p', { insert: 'c', documents: docs });
  }
  if (naive) for (let j = 0; j < n; j++) naive.append({ lsn: j + 2, id: j, doc: { _id: j, v: j, s: PAD } });
}

/**
 * Appends `h` update entries round-robin over documents 0 … docs-1 (which
 * must exist), mirrored into `naive` when given. Each update sets `v` to a
 * value it never held (docs + j), so none is a no-op (MongoDB, and Argon, log
 * nothing for a `$set` that changes nothing).
 */
export async function updateSmall(r: CommandRunner, docs: number, h: number, naive?: NaiveMaterializer): Promise<void> {
  let lsn = r.engine.project('p')!.lastLsn;
  for (let i = 0; i < h; i += BATCH) {
    const updates = [];
    for (let j = i; j < Math.min(h, i + BATCH); j++) {
      updates.push({ q: { _id: j % docs }, u: { $set: { v: docs + j } } });
      naive?.append({ lsn: ++lsn, id: j % docs, doc: { _id: j % docs, v: docs + j, s: PAD } });
    }
    await r.execute('p', { update: 'c', updates });
  }
}

/** Sizes 10^3 … 10^max. */
export function powersOfTen(maxExp: number, minExp = 3): number[] {
  const out: number[] = [];
  for (let e = minExp; e <= maxExp; e++) out.push(10 ** e);
  return out;
}
