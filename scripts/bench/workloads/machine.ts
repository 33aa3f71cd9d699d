/**
 * Machine limits, measured in the same run as everything else:
 * - the raw fsync rate: a loop of 256-byte write + fdatasync appending to a
 *   file in the run's data directory (so the same filesystem as every store),
 *   and, for information, the same loop overwriting a pre-zeroed file;
 * - BSON serialization and deserialization of the benchmark documents (the
 *   CPU cost floor of moving them), and JSON for comparison (SQLite's format).
 * The fsync loop runs again at the end of the run (see {@link remeasureFsync});
 * the limit used for ratios is the median of every round.
 */
import { closeSync, fdatasyncSync, openSync, unlinkSync, writeSync } from 'node:fs';
import { open, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { deserialize, serialize } from 'bson';
import type { BenchContext, MachineLimits } from '../lib/context.js';
import { makeDocs } from '../lib/docs.js';
import { section, type SectionResult } from '../lib/report.js';
import { fmtRate, fmtSpread, summarize } from '../lib/stats.js';

/** One timed loop of 256-byte write + fdatasync; returns ops/s. */
export function fsyncLoop(dir: string, ms: number): number {
  const file = join(dir, 'fsync-probe.bin');
  const fd = openSync(file, 'w');
  const buf = Buffer.alloc(256, 0x5a);
  let n = 0;
  const t0 = performance.now();
  let now = t0;
  try {
    while (now - t0 < ms) {
      writeSync(fd, buf, 0, buf.length, n * buf.length);
      fdatasyncSync(fd);
      n++;
      now = performance.now();
    }
  } finally {
    closeSync(fd);
    unlinkSync(file);
  }
  return n / ((now - t0) / 1000);
}

/**
 * The same synchronous loop overwriting a file zero-filled (and fsynced)
 * beforehand, as Argon's segments are: the fdatasync then has no file size
 * to commit to the journal. Informational; ratios use {@link fsyncLoop}.
 */
export function prezeroedFsyncLoop(dir: string, ms: number): number {
  const file = join(dir, 'fsync-probe-prezeroed.bin');
  const fd = openSync(file, 'w');
  const buf = Buffer.alloc(256, 0x5a);
  let n = 0;
  try {
    const zeros = Buffer.alloc(1 << 20);
    for (let i = 0; i < 16; i++) writeSync(fd, zeros, 0, zeros.length, i * zeros.length);
    fdatasyncSync(fd);
    const t0 = performance.now();
    let now = t0;
    while (now - t0 < ms) {
      writeSync(fd, buf, 0, buf.length, (n * buf.length) % (16 << 20));
      fdatasyncSync(fd);
      n++;
      now = performance.now();
    }
    return n / ((now - t0) / 1000);
  } finally {
    closeSync(fd);
    unlinkSync(file);
  }
}

/**
 * The same loop through `fs.promises` (each write and each datasync a libuv
 * thread-pool job, as an async Node store does it); ops/s. Informational: the
 * limit used for ratios is the synchronous loop.
 */
export async function asyncFsyncLoop(dir: string, ms: number): Promise<number> {
  const file = join(dir, 'fsync-probe-async.bin');
  const fh = await open(file, 'w');
  const buf = Buffer.alloc(256, 0x5a);
  let n = 0;
  const t0 = performance.now();
  let now = t0;
  try {
    while (now - t0 < ms) {
      await fh.write(buf, 0, buf.length, n * buf.length);
      await fh.datasync();
      n++;
      now = performance.now();
    }
  } finally {
    await fh.close();
    await unlink(file);
  }
  return n / ((now - t0) / 1000);
}

/** Rounds of the fsync loop: a short warm-up, then `rounds` timed loops. */
export function fsyncRounds(dir: string, rounds: number, ms: number): number[] {
  fsyncLoop(dir, Math.min(200, ms));
  return Array.from({ length: rounds }, () => fsyncLoop(dir, ms));
}

function rate(fn: () => number, rounds: number, ms: number): number[] {
  fn();
  const out: number[] = [];
  for (let r = 0; r < rounds; r++) {
    let items = 0;
    const t0 = performance.now();
    let now = t0;
    while (now - t0 < ms) {
      items += fn();
      now = performance.now();
    }
    out.push(items / ((now - t0) / 1000));
  }
  return out;
}

/** Measures every limit (start of the run). */
export async function measureMachine(dir: string, quick: boolean): Promise<{ limits: MachineLimits; detail: Record<string, number[]> }> {
  const rounds = quick ? 3 : 5;
  const ms = quick ? 300 : 1000;
  const fsync: number[] = [];
  const fsyncAsync: number[] = [];
  const fsyncPrezeroed: number[] = [];
  fsyncLoop(dir, 200);
  await asyncFsyncLoop(dir, 200);
  // Alternate the loops so drift affects them alike.
  for (let r = 0; r < rounds; r++) {
    fsync.push(fsyncLoop(dir, ms));
    fsyncAsync.push(await asyncFsyncLoop(dir, ms / 2));
    fsyncPrezeroed.push(prezeroedFsyncLoop(dir, ms / 2));
  }
  const docs = makeDocs(0, 2000);
  const bufs = docs.map((d) => serialize(d));
  const json = docs.map((d) => JSON.stringify(d));
  const ser = rate(() => {
    for (const d of docs) serialize(d);
    return docs.length;
  }, rounds, ms / 2);
  const de = rate(() => {
    for (const b of bufs) deserialize(b);
    return bufs.length;
  }, rounds, ms / 2);
  const jsonSer = rate(() => {
    for (const d of docs) JSON.stringify(d);
    return docs.length;
  }, rounds, ms / 2);
  const jsonDe = rate(() => {
    for (const s of json) JSON.parse(s);
    return json.length;
  }, rounds, ms / 2);
  const limits: MachineLimits = {
    fsyncPerSec: summarize(fsync).median,
    fsyncRounds: fsync,
    bsonSerializePerSec: summarize(ser).median,
    bsonDeserializePerSec: summarize(de).median,
    docBsonBytes: bufs.reduce((a, b) => a + b.length, 0) / bufs.length,
  };
  return { limits, detail: { fsync, fsyncAsync, fsyncPrezeroed, bsonSerialize: ser, bsonDeserialize: de, jsonStringify: jsonSer, jsonParse: jsonDe } };
}

/** Runs the fsync loop again (end of run) and folds the rounds into the limit. */
export function remeasureFsync(ctx: BenchContext): number[] {
  const more = fsyncRounds(ctx.root, ctx.quick ? 3 : 5, ctx.quick ? 300 : 1000);
  ctx.machine.fsyncRounds.push(...more);
  ctx.machine.fsyncPerSec = summarize(ctx.machine.fsyncRounds).median;
  return more;
}

/** The section printed for the machine limits (the measurement itself happens in the runner). */
export function machineSection(limits: MachineLimits, detail: Record<string, number[]>, endFsync: number[]): SectionResult {
  const row = (name: string, samples: number[], unit: string, extra = '') => {
    const s = summarize(samples);
    return [name, fmtRate(s.median, unit), fmtSpread(s), `${fmtRate(s.min, '')}–${fmtRate(s.max, '')}`.replace(/ /g, ''), extra];
  };
  const mb = (docsPerSec: number) => `${((docsPerSec * limits.docBsonBytes) / 1e6).toFixed(0)} MB/s`;
  const rows = [
    row('raw 256 B write + fdatasync (start of run)', detail.fsync!, 'ops/s'),
    ...(endFsync.length ? [row('raw 256 B write + fdatasync (end of run)', endFsync, 'ops/s')] : []),
    row('raw fsync limit used for ratios (all rounds)', limits.fsyncRounds, 'ops/s', `${(1000 / limits.fsyncPerSec).toFixed(2)} ms per fsync`),
    row('same loop through fs.promises (thread pool), start of run', detail.fsyncAsync!, 'ops/s', 'informational: what an async Node store can reach'),
    row('same loop overwriting a pre-zeroed file, start of run', detail.fsyncPrezeroed!, 'ops/s', 'informational: no file size to commit, as in Argon’s preallocated segments'),
    row(`BSON serialize (${limits.docBsonBytes.toFixed(0)} B docs)`, detail.bsonSerialize!, 'docs/s', mb(summarize(detail.bsonSerialize!).median)),
    row('BSON deserialize', detail.bsonDeserialize!, 'docs/s', mb(summarize(detail.bsonDeserialize!).median)),
    row('JSON.stringify (SQLite peer format)', detail.jsonStringify!, 'docs/s'),
    row('JSON.parse', detail.jsonParse!, 'docs/s'),
  ];
  return section('machine', 'Machine limits (same run)', {
    tables: [{ title: 'Machine limits', headers: ['limit', 'median', 'spread', 'range', 'note'], rows }],
    data: { limits, detail: { ...detail, fsyncEnd: endFsync } },
    notes: ['spread = (p95 − min) / median over the rounds; every ratio "× fsync" divides by the raw fsync limit, "× BSON ser." by the BSON serialize rate.'],
  });
}
