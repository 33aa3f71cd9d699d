/**
 * Engine benchmark (issue: core engine): branch creation against data size,
 * reads at an old LSN against history length, and write throughput, each
 * beside the naive replay-from-the-start materializer in the same run.
 *
 *   npx tsx scripts/bench/engine.ts [--quick]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { ArgonEngine, CommandRunner, MemoryStore } from '@argon/core';
import { NaiveMaterializer } from './lib/naive-materializer.js';
import { fmtMs, fmtRate, summarize, timeRounds, type Summary } from './lib/stats.js';
import { renderTable } from './lib/table.js';

const quick = process.argv.includes('--quick');
const PAD = 'x'.repeat(32);

async function freshRunner(): Promise<CommandRunner> {
  return new CommandRunner(await ArgonEngine.open({ storage: new MemoryStore(), checkpointEveryEntries: 0 }));
}

async function load(r: CommandRunner, n: number, naive?: NaiveMaterializer): Promise<void> {
  const batch = 10_000;
  for (let i = 0; i < n; i += batch) {
    const docs = [];
    for (let j = i; j < Math.min(n, i + batch); j++) docs.push({ _id: j, v: j, s: PAD });
    await r.execute('p', { insert: 'c', documents: docs });
  }
  if (naive) {
    // The naive log gets the same entries (LSN 1 was the collection creation).
    for (let j = 0; j < n; j++) naive.append({ lsn: j + 2, id: j, doc: { _id: j, v: j, s: PAD } });
  }
}

interface Row {
  readonly name: string;
  readonly size: number;
  readonly argon: Summary;
  readonly naive: Summary;
  readonly head?: Summary;
}

async function branchCreation(sizes: number[]): Promise<Row[]> {
  const rows: Row[] = [];
  for (const n of sizes) {
    const r = await freshRunner();
    const naive = new NaiveMaterializer();
    await load(r, n, naive);
    let k = 0;
    const argon = await timeRounds(() => r.engine.createBranch('p', `b${k++}`), quick ? 50 : 200, 5);
    const head = naive.log.at(-1)!.lsn;
    const naiveT = await timeRounds(() => naive.branch(head), n >= 1e6 ? 3 : 10, 1);
    rows.push({ name: 'branch creation', size: n, argon, naive: naiveT });
    r.close();
    await r.engine.close();
  }
  return rows;
}

async function oldLsnReads(histories: number[]): Promise<Row[]> {
  const rows: Row[] = [];
  const docs = 1000;
  for (const h of histories) {
    const r = await freshRunner();
    const naive = new NaiveMaterializer();
    await load(r, docs, naive);
    let lsn = docs + 1;
    const chunk = 10_000;
    for (let i = 0; i < h; i += chunk) {
      const updates = [];
      for (let j = i; j < Math.min(h, i + chunk); j++) {
        updates.push({ q: { _id: j % docs }, u: { $set: { v: j } } });
        naive.append({ lsn: ++lsn, id: j % docs, doc: { _id: j % docs, v: j, s: PAD } });
      }
      await r.execute('p', { update: 'c', updates });
    }
    const headLsn = r.engine.project('p')!.lastLsn;
    const oldLsn = Math.floor(headLsn / 2);
    let i = 0;
    const read = (db: string) => async () => {
      const id = (i++ * 7919) % docs;
      await r.execute(db, { find: 'c', filter: { _id: id }, limit: 1, singleBatch: true });
    };
    const rounds = quick ? 500 : 2000;
    const head = await timeRounds(read('p'), rounds, 50);
    const argon = await timeRounds(read(`p@main@${oldLsn}`), rounds, 50);
    const naiveT = await timeRounds(() => naive.findOne((i++ * 7919) % docs, oldLsn), h >= 1e6 ? 5 : 20, 1);
    rows.push({ name: 'findOne at an old LSN', size: h, argon, naive: naiveT, head });
    r.close();
    await r.engine.close();
  }
  return rows;
}

async function throughput(): Promise<string[][]> {
  const out: string[][] = [];
  const n = quick ? 5_000 : 20_000;
  const r = await freshRunner();
  const t0 = performance.now();
  for (let i = 0; i < n; i++) await r.execute('p', { insert: 'c', documents: [{ _id: i, v: i, s: PAD }] });
  const insertOne = n / ((performance.now() - t0) / 1000);
  const t1 = performance.now();
  for (let i = 0; i < n; i++) await r.execute('p', { update: 'c', updates: [{ q: { _id: i }, u: { $inc: { v: 1 } } }] });
  const updateOne = n / ((performance.now() - t1) / 1000);
  const batches = quick ? 20 : 100;
  const t2 = performance.now();
  for (let b = 0; b < batches; b++) {
    const docs = Array.from({ length: 1000 }, (_, j) => ({ _id: `m${b}-${j}`, v: j, s: PAD }));
    await r.execute('p', { insert: 'm', documents: docs });
  }
  const insertMany = (batches * 1000) / ((performance.now() - t2) / 1000);
  // The naive design appends to an array: the cost floor of logging a write.
  const naive = new NaiveMaterializer();
  const t3 = performance.now();
  for (let i = 0; i < n; i++) naive.append({ lsn: i, id: i, doc: { _id: i, v: i, s: PAD } });
  const naiveAppend = n / ((performance.now() - t3) / 1000);
  out.push(['insertOne (memory store)', fmtRate(insertOne, 'docs/s'), fmtRate(naiveAppend, 'appends/s')]);
  out.push(['updateOne $inc (memory store)', fmtRate(updateOne, 'docs/s'), '—']);
  out.push(['insertMany ×1000 (memory store)', fmtRate(insertMany, 'docs/s'), '—']);
  r.close();
  await r.engine.close();
  return out;
}

const branchRows = await branchCreation(quick ? [1e3, 1e5] : [1e3, 1e6]);
const readRows = await oldLsnReads(quick ? [1e4, 1e5] : [1e4, 1e6]);
const tput = await throughput();

console.log('\n## Branch creation against data size\n');
console.log(
  renderTable(
    ['documents', 'Argon (median)', 'Argon p95', 'naive copy (median)', 'naive / Argon'],
    branchRows.map((x) => [x.size.toLocaleString('en-US'), fmtMs(x.argon.median), fmtMs(x.argon.p95), fmtMs(x.naive.median), `${(x.naive.median / x.argon.median).toFixed(0)}×`]),
  ),
);
const [b0, b1] = branchRows;
if (b0 && b1) console.log(`\nbranch creation ratio ${b1.size.toExponential(0)} / ${b0.size.toExponential(0)} docs: ${(b1.argon.median / b0.argon.median).toFixed(2)}× (target ≤ 1.5×, each < 1 ms)`);

console.log('\n## findOne by _id at an old LSN (half-way back) against history length\n');
console.log(
  renderTable(
    ['log entries', 'Argon at head', 'Argon at old LSN', 'old / head', 'naive replay', 'naive / Argon old'],
    readRows.map((x) => [x.size.toLocaleString('en-US'), fmtMs(x.head!.median), fmtMs(x.argon.median), `${(x.argon.median / x.head!.median).toFixed(2)}×`, fmtMs(x.naive.median), `${(x.naive.median / x.argon.median).toFixed(0)}×`]),
  ),
);
console.log('\n## Write throughput (engine + command layer, no fsync)\n');
console.log(renderTable(['operation', 'Argon', 'naive log append'], tput));

mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results/engine.json', JSON.stringify({ when: new Date().toISOString(), quick, branchRows, readRows, throughput: tput }, null, 2));
console.log('\nwrote bench/results/engine.json');
void summarize;
