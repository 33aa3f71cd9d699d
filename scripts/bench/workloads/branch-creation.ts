/**
 * Branch creation against data size (10^3 … 10^6 documents; quick: … 10^5).
 * Argon creates a branch as a pointer (no data copied); the naive design
 * copies the parent's materialized state. Measured two ways:
 * - the engine on the in-memory store (`engine.createBranch`): the data
 *   structure's cost alone;
 * - `ArgonClient.createBranch` on the embedded file store in sync mode: the
 *   whole path, including the durable metadata write (an fsync).
 */
import { ArgonClient } from '@argon/driver';
import { waitForCheckpoints } from '../lib/argon-meter.js';
import type { BenchContext, Workload } from '../lib/context.js';
import { closeRunner, loadSmall, memoryRunner, PAD, powersOfTen } from '../lib/engine-fixtures.js';
import { NaiveMaterializer } from '../lib/naive-materializer.js';
import { section, type Curve, type HeadlineRow } from '../lib/report.js';
import { fmtMs, fmtRatio, timeRounds, type Summary } from '../lib/stats.js';

interface Row {
  readonly size: number;
  readonly engine: Summary;
  readonly client: Summary;
  readonly naive: Summary;
}

async function clientBranches(ctx: BenchContext, n: number, rounds: number): Promise<Summary> {
  const client = await new ArgonClient('file:' + ctx.dir(`branch-${n}`), { durability: 'sync' }).connect();
  try {
    const col = client.db('p').collection('c');
    for (let i = 0; i < n; i += 10_000) {
      await col.insertMany(Array.from({ length: Math.min(10_000, n - i) }, (_, k) => ({ _id: i + k, v: i + k, s: PAD })));
    }
    const { headLsn } = await client.status('p');
    // Loading crossed the checkpoint interval (100,000 entries) at 10^5 and 10^6 documents: let that
    // background checkpoint finish first, or it competes with the branch creations (at 10^6 it takes
    // seconds and makes createBranch several times slower while it runs).
    await waitForCheckpoints(await client.engine());
    let k = 0;
    return await timeRounds(() => client.createBranch('p', `b${k++}`, { lsn: headLsn }), rounds, 3);
  } finally {
    await client.close();
  }
}

async function run(ctx: BenchContext) {
  const sizes = powersOfTen(ctx.quick ? 5 : 6);
  const rows: Row[] = [];
  for (const n of sizes) {
    ctx.log(`branch-creation: ${n.toLocaleString('en-US')} documents`);
    const r = await memoryRunner();
    const naive = new NaiveMaterializer();
    await loadSmall(r, n, naive);
    let k = 0;
    const engine = await timeRounds(() => r.engine.createBranch('p', `b${k++}`), ctx.quick ? 50 : 200, 5);
    const head = naive.lastLsn;
    const naiveT = await timeRounds(() => naive.branch(head), n >= 1e6 ? 3 : n >= 1e5 ? 5 : 10, 1);
    await closeRunner(r);
    const client = await clientBranches(ctx, n, ctx.quick ? 10 : 20);
    rows.push({ size: n, engine, client, naive: naiveT });
  }
  const first = rows[0]!;
  const last = rows[rows.length - 1]!;
  const flatEngine = last.engine.median / first.engine.median;
  const flatClient = last.client.median / first.client.median;
  const curve: Curve = {
    id: 'branch-creation',
    title: 'Branch creation vs data size (median)',
    xTitle: 'documents in the parent branch',
    yTitle: 'ms per branch',
    points: rows.flatMap((x) => [
      { series: 'Argon engine (memory store)', x: x.size, y: x.engine.median },
      { series: 'ArgonClient (file store, sync)', x: x.size, y: x.client.median },
      { series: 'naive: copy the state', x: x.size, y: x.naive.median },
    ]),
  };
  const headline: HeadlineRow[] = [
    {
      figure: `Branch creation at ${last.size.toLocaleString('en-US')} docs (ArgonClient, file store)`,
      argon: `${fmtMs(last.client.median)} (${fmtRatio(flatClient)} of the ${first.size.toLocaleString('en-US')}-doc time; engine alone ${fmtMs(last.engine.median)})`,
      argonValue: last.client.median,
      unit: 'ms',
      peer: `naive copy: ${fmtMs(last.naive.median)}`,
      vsPeer: last.naive.median / last.client.median,
      goal: 'flat across data size (≤ 1.5× from 10^3)',
      met: flatClient <= 1.5 && flatEngine <= 1.5,
    },
  ];
  return section('branch-creation', 'Branch creation against data size', {
    tables: [
      {
        title: 'Branch creation (median per branch; spread = (p95 − min) / median)',
        headers: ['documents', 'engine (memory store)', 'engine p95', 'ArgonClient (file, sync)', 'client p95', 'naive copy', 'naive ÷ ArgonClient'],
        rows: rows.map((x) => [x.size.toLocaleString('en-US'), fmtMs(x.engine.median), fmtMs(x.engine.p95), fmtMs(x.client.median), fmtMs(x.client.p95), fmtMs(x.naive.median), fmtRatio(x.naive.median / x.client.median)]),
        notes: [`Growth from ${first.size.toLocaleString('en-US')} to ${last.size.toLocaleString('en-US')} documents: engine ${fmtRatio(flatEngine)}, ArgonClient ${fmtRatio(flatClient)}, naive ${fmtRatio(last.naive.median / first.naive.median)}.`],
      },
    ],
    headline,
    curves: [curve],
    notes: [
      'ArgonClient branch creation includes writing the branch table durably (an fsync), so it is bounded below by the fsync latency, not by data size.',
      'ArgonClient branches are timed after the background checkpoint that loading triggered has finished; while one runs (seconds at 10^6 documents) createBranch is several times slower.',
    ],
    data: { rows },
  });
}

/** Branch creation vs data size. */
export const branchCreationWorkload: Workload = { id: 'branch-creation', title: 'Branch creation against data size', run };
