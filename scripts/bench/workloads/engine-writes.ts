/**
 * Write throughput of the engine and command layer alone (in-memory store, no
 * fsync, small ~60-byte documents), beside the naive design's log append: the
 * CPU cost of a write before any storage is involved.
 */
import type { BenchContext, Workload } from '../lib/context.js';
import { closeRunner, memoryRunner, PAD } from '../lib/engine-fixtures.js';
import { NaiveMaterializer } from '../lib/naive-materializer.js';
import { section } from '../lib/report.js';
import { fmtRate, fmtSpread, summarize } from '../lib/stats.js';

async function run(ctx: BenchContext) {
  const n = ctx.quick ? 5_000 : 20_000;
  const batches = ctx.quick ? 20 : 100;
  const rounds = ctx.quick ? 2 : 3;
  const ins: number[] = [];
  const upd: number[] = [];
  const many: number[] = [];
  const app: number[] = [];
  for (let round = 0; round <= rounds; round++) {
    const r = await memoryRunner();
    const t0 = performance.now();
    for (let i = 0; i < n; i++) await r.execute('p', { insert: 'c', documents: [{ _id: i, v: i, s: PAD }] });
    const insertOne = n / ((performance.now() - t0) / 1000);
    const t1 = performance.now();
    for (let i = 0; i < n; i++) await r.execute('p', { update: 'c', updates: [{ q: { _id: i }, u: { $inc: { v: 1 } } }] });
    const updateOne = n / ((performance.now() - t1) / 1000);
    const t2 = performance.now();
    for (let b = 0; b < batches; b++) {
      const docs = Array.from({ length: 1000 }, (_, j) => ({ _id: `m${b}-${j}`, v: j, s: PAD }));
      await r.execute('p', { insert: 'm', documents: docs });
    }
    const insertMany = (batches * 1000) / ((performance.now() - t2) / 1000);
    await closeRunner(r);
    const naive = new NaiveMaterializer();
    const t3 = performance.now();
    for (let i = 0; i < n; i++) naive.append({ lsn: i, id: i, doc: { _id: i, v: i, s: PAD } });
    const append = n / ((performance.now() - t3) / 1000);
    if (round === 0) continue; // warm-up
    ins.push(insertOne);
    upd.push(updateOne);
    many.push(insertMany);
    app.push(append);
  }
  const row = (name: string, xs: number[], naive: string) => {
    const s = summarize(xs);
    return [name, fmtRate(s.median, 'docs/s'), fmtSpread(s), naive];
  };
  const naiveRate = fmtRate(summarize(app).median, 'appends/s');
  return section('engine-writes', 'Engine write throughput (memory store, no fsync)', {
    tables: [
      {
        title: `Engine + command layer on the in-memory store, ${n.toLocaleString('en-US')} ops per round, ${rounds} rounds after a warm-up`,
        headers: ['operation', 'Argon (median)', 'spread', 'naive log append'],
        rows: [row('insertOne', ins, naiveRate), row('updateOne $inc', upd, '—'), row('insertMany ×1,000', many, '—')],
      },
    ],
    notes: ['One command at a time (no concurrency); the naive design only pushes to an array, the floor of logging a write.'],
    data: { insertOne: ins, updateOne: upd, insertMany: many, naiveAppend: app },
  });
}

/** Engine-only write throughput. */
export const engineWritesWorkload: Workload = { id: 'engine-writes', title: 'Engine write throughput (memory store)', run };
