/**
 * Reads at an old LSN against history length (10^3 … 10^6 log entries; quick:
 * … 10^5): 1,000 documents updated round-robin until the log holds the given
 * number of entries, then findOne by `_id` at head, at the LSN half-way back
 * (`p@main@<lsn>`), and with the naive replay from the start.
 */
import type { BenchContext, Workload } from '../lib/context.js';
import { closeRunner, loadSmall, memoryRunner, powersOfTen, updateSmall } from '../lib/engine-fixtures.js';
import { NaiveMaterializer } from '../lib/naive-materializer.js';
import { section, type Curve, type HeadlineRow } from '../lib/report.js';
import { fmtMs, fmtRatio, timeRounds, type Summary } from '../lib/stats.js';

interface Row {
  readonly size: number;
  readonly head: Summary;
  readonly old: Summary;
  readonly naive: Summary;
}

const DOCS = 1000;

async function run(ctx: BenchContext) {
  const sizes = powersOfTen(ctx.quick ? 5 : 6);
  const rows: Row[] = [];
  for (const h of sizes) {
    ctx.log(`old-lsn-reads: history of ${h.toLocaleString('en-US')} entries`);
    const r = await memoryRunner();
    const naive = new NaiveMaterializer();
    await loadSmall(r, Math.min(DOCS, h), naive);
    if (h > DOCS) await updateSmall(r, DOCS, h - DOCS, naive);
    const headLsn = r.engine.project('p')!.lastLsn;
    const oldLsn = Math.floor(headLsn / 2);
    const docs = Math.min(DOCS, h);
    let i = 0;
    const read = (db: string) => async () => {
      const id = (i++ * 7919) % docs;
      await r.execute(db, { find: 'c', filter: { _id: id }, limit: 1, singleBatch: true });
    };
    const rounds = ctx.quick ? 500 : 2000;
    const head = await timeRounds(read('p'), rounds, 200);
    const old = await timeRounds(read(`p@main@${oldLsn}`), rounds, 200);
    const naiveT = await timeRounds(() => naive.findOne((i++ * 7919) % docs, oldLsn), h >= 1e6 ? 5 : 20, 1);
    rows.push({ size: h, head, old, naive: naiveT });
    await closeRunner(r);
  }
  const first = rows[0]!;
  const last = rows[rows.length - 1]!;
  const flat = last.old.median / first.old.median;
  const curve: Curve = {
    id: 'old-lsn-reads',
    title: 'findOne by _id vs history length (median)',
    xTitle: 'log entries (history length)',
    yTitle: 'ms per read',
    points: rows.flatMap((x) => [
      { series: 'Argon at head', x: x.size, y: x.head.median },
      { series: 'Argon at old LSN (half-way)', x: x.size, y: x.old.median },
      { series: 'naive replay', x: x.size, y: x.naive.median },
    ]),
  };
  const headline: HeadlineRow[] = [
    {
      figure: `findOne at an old LSN, ${last.size.toLocaleString('en-US')}-entry history`,
      argon: `${fmtMs(last.old.median)} (${fmtRatio(flat)} of the ${first.size.toLocaleString('en-US')}-entry time; head ${fmtMs(last.head.median)})`,
      argonValue: last.old.median,
      unit: 'ms',
      peer: `naive replay: ${fmtMs(last.naive.median)} (${fmtRatio(last.naive.median / first.naive.median)} growth)`,
      vsPeer: last.naive.median / last.old.median,
      goal: 'flat across history (≤ 1.5× from 10^3); naive grows linearly',
      met: flat <= 1.5,
    },
  ];
  return section('old-lsn-reads', 'Reads at an old LSN against history length', {
    tables: [
      {
        title: 'findOne by _id through the command layer (median per read)',
        headers: ['log entries', 'Argon at head', 'Argon at old LSN', 'old p95', 'old ÷ head', 'naive replay', 'naive ÷ Argon old'],
        rows: rows.map((x) => [x.size.toLocaleString('en-US'), fmtMs(x.head.median), fmtMs(x.old.median), fmtMs(x.old.p95), fmtRatio(x.old.median / x.head.median), fmtMs(x.naive.median), fmtRatio(x.naive.median / x.old.median)]),
        notes: [`Growth from ${first.size.toLocaleString('en-US')} to ${last.size.toLocaleString('en-US')} entries: Argon old LSN ${fmtRatio(flat)}, naive ${fmtRatio(last.naive.median / first.naive.median)}.`],
      },
    ],
    headline,
    curves: [curve],
    notes: ['Engine on the in-memory store (reads never touch storage); 1,000 documents, so a history of N entries holds ~N/1,000 versions per document.'],
    data: { rows },
  });
}

/** Reads at an old LSN vs history length. */
export const oldLsnReadsWorkload: Workload = { id: 'old-lsn-reads', title: 'Reads at an old LSN against history length', run };
