/**
 * Quick measurements of the file store (not a test; never fails on timing).
 * Run: npx tsx packages/storage-file/bench/file-store.bench.ts [entries-for-readLog]
 */
import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Int32 } from 'bson';
import type { PutEntry } from '@argon/core';
import { FileStore } from '../src/index.js';

const rows: [string, string][] = [];
const fmt = (n: number): string => (n >= 100 ? n.toFixed(0) : n.toFixed(2));

function entry(lsn: number, padTo = 256): PutEntry {
  // About `padTo` bytes of BSON once framed.
  return {
    project: 'bench',
    lsn,
    branchId: 'main',
    ts: Date.now(),
    collection: 'items',
    kind: 'put',
    id: new Int32(lsn),
    post: { _id: new Int32(lsn), v: 'x'.repeat(Math.max(0, padTo - 150)) },
    pre: null,
    op: { type: 'insert' },
  };
}

async function rawFsyncLoop(dir: string, n: number): Promise<void> {
  const fh = await open(join(dir, 'raw.bin'), 'w');
  const buf = Buffer.alloc(256, 7);
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    await fh.write(buf, 0, buf.length, i * 256);
    await fh.datasync();
  }
  const ms = performance.now() - t0;
  await fh.close();
  rows.push(['raw 256 B write+fdatasync loop', `${fmt(n / (ms / 1000))} ops/s (${fmt((ms / n) * 1000)} µs each)`]);
}

async function syncOneWriter(dir: string, n: number): Promise<void> {
  const s = new FileStore({ dir: join(dir, 'one') });
  await s.open();
  const t0 = performance.now();
  for (let i = 1; i <= n; i++) await s.append([entry(i)]);
  const ms = performance.now() - t0;
  const st = await s.status();
  rows.push(['FileStore sync, 1 writer', `${fmt(n / (ms / 1000))} appends/s (${fmt((ms / n) * 1000)} µs each), fsyncs=${String(st.fsyncs)}`]);
  await s.close();
}

async function syncConcurrent(dir: string, writers: number, each: number): Promise<void> {
  const s = new FileStore({ dir: join(dir, `conc${writers}`) });
  await s.open();
  let lsn = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: writers }, async () => {
      for (let i = 0; i < each; i++) await s.append([entry(++lsn)]);
    }),
  );
  const ms = performance.now() - t0;
  const st = await s.status();
  const n = writers * each;
  rows.push([
    `FileStore sync, ${writers} concurrent writers`,
    `${fmt(n / (ms / 1000))} appends/s, fsyncs=${String(st.fsyncs)} for ${n} appends (${fmt(n / (st.fsyncs as number))} appends/fsync)`,
  ]);
  await s.close();
}

async function intervalOneWriter(dir: string, n: number): Promise<void> {
  const s = new FileStore({ dir: join(dir, 'interval'), durability: 'interval' });
  await s.open();
  const t0 = performance.now();
  for (let i = 1; i <= n; i++) await s.append([entry(i)]);
  const ms = performance.now() - t0;
  rows.push(['FileStore interval (100 ms), 1 writer', `${fmt(n / (ms / 1000))} appends/s (${fmt((ms / n) * 1000)} µs each)`]);
  await s.close();
}

async function bigLog(dir: string, n: number): Promise<void> {
  const d = join(dir, 'big');
  const w = new FileStore({ dir: d });
  await w.open();
  const t0 = performance.now();
  for (let i = 0; i < n; i += 1000) {
    const batch: PutEntry[] = [];
    for (let k = i + 1; k <= Math.min(i + 1000, n); k++) batch.push(entry(k, 120));
    await w.append(batch);
  }
  const writeMs = performance.now() - t0;
  const logBytes = (await w.status()).logBytes as number;
  await w.close();
  rows.push([`write ${n} entries (batches of 1000)`, `${fmt(writeMs)} ms, log ${fmt(logBytes / 1048576)} MiB (${fmt(logBytes / n)} B/entry)`]);

  const cpuMs = (u: NodeJS.CpuUsage): number => (u.user + u.system) / 1000;
  const r = new FileStore({ dir: d });
  const c1 = process.cpuUsage();
  const t1 = performance.now();
  const report = await r.open();
  const openMs = performance.now() - t1;
  const openCpu = cpuMs(process.cpuUsage(c1));
  const c2 = process.cpuUsage();
  const t2 = performance.now();
  let count = 0;
  let last = 0;
  for await (const e of r.readLog('bench', 0)) {
    count++;
    last = e.lsn;
  }
  const readMs = performance.now() - t2;
  const readCpu = cpuMs(process.cpuUsage(c2));
  const t3 = performance.now();
  let tail = 0;
  for await (const _ of r.readLog('bench', n - 1000)) tail++;
  const tailMs = performance.now() - t3;
  await r.close();
  rows.push([`open() with ${n} entries (verify CRCs + index)`, `${fmt(openMs)} ms wall, ${fmt(openCpu)} ms CPU (${String(report.recovery?.entriesScanned)} scanned)`]);
  rows.push([`readLog over all ${count} entries (BSON decode)`, `${fmt(readMs)} ms wall, ${fmt(readCpu)} ms CPU, last lsn ${last}`]);
  rows.push(['open + full readLog total', `${fmt(openMs + readMs)} ms wall, ${fmt(openCpu + readCpu)} ms CPU`]);
  rows.push([`readLog of the last 1000 (afterLsn=${n - 1000})`, `${fmt(tailMs)} ms (${tail} entries)`]);
}

const dir = await mkdtemp(join(tmpdir(), 'argon-bench-'));
try {
  const bigN = Number(process.argv[2] ?? 1_000_000);
  await rawFsyncLoop(dir, 1000);
  await syncOneWriter(dir, 1000);
  await syncConcurrent(dir, 64, 50);
  await intervalOneWriter(dir, 20_000);
  await bigLog(dir, bigN);
} finally {
  await rm(dir, { recursive: true, force: true });
}
const width = Math.max(...rows.map((r) => r[0].length));
for (const [k, v] of rows) process.stdout.write(`${k.padEnd(width)}  ${v}\n`);
