/**
 * Secondary-index range query: after loading `budget.records` records,
 * createIndex on the numeric field `f` (timed), then find({f: {$gte: x, $lt:
 * x + 100}}) at random x, returning 100 documents each (SQLite: expression
 * index on json_extract(doc, '$.f'); NeDB: ensureIndex; naive: replay, then
 * scan). One client.
 */
import { collectGarbage, type BenchContext, type Workload } from '../lib/context.js';
import { section, type HeadlineRow } from '../lib/report.js';
import { fmtMs, fmtRate, fmtRatio, fmtSpread, rateRounds, type RateSummary } from '../lib/stats.js';
import { Rng } from '../lib/zipfian.js';
import { loadRecords, openPeer, type PeerKind } from '../peers/index.js';
import { SqlitePeer } from '../peers/sqlite.js';

const PEERS: readonly PeerKind[] = ['argon-interval', 'argon-wire-sync', 'sqlite-normal', 'nedb', 'naive'];
const K = 100;

interface Row {
  readonly kind: PeerKind;
  readonly peer: string;
  readonly indexMs: number;
  readonly firstQueryMs: number;
  readonly rate: RateSummary;
  readonly plan?: string;
}

async function run(ctx: BenchContext) {
  const n = ctx.budget.records;
  const b = ctx.budget;
  const rows: Row[] = [];
  for (const kind of PEERS) {
    const peer = await openPeer(ctx, kind, { clients: 1 });
    try {
      ctx.log(`range-query: loading ${n} records into ${peer.name}`);
      await loadRecords(peer, n);
      const t0 = performance.now();
      await peer.createIndex('f');
      const indexMs = performance.now() - t0;
      const t1 = performance.now();
      const got = await peer.rangeQuery('f', 0, K);
      const firstQueryMs = performance.now() - t1;
      if (got !== K) throw new Error(`${peer.name}: range query returned ${got} documents, expected ${K}`);
      const rng = new Rng(99);
      const rate = await rateRounds({ clients: 1, warmupMs: b.warmupMs, roundMs: b.roundMs, rounds: b.rounds }, () => {
        const x = rng.int(n - K);
        return peer.rangeQuery('f', x, x + K);
      });
      rows.push({ kind, peer: peer.name, indexMs, firstQueryMs, rate, ...(peer instanceof SqlitePeer ? { plan: peer.explainRange('f') } : {}) });
    } finally {
      await peer.close();
    }
    collectGarbage();
  }
  const a = rows.find((r) => r.kind === 'argon-interval')!;
  const best = rows.filter((r) => !r.kind.startsWith('argon')).sort((x, y) => y.rate.median - x.rate.median)[0]!;
  const headline: HeadlineRow[] = [
    {
      figure: `Range query on an index (${K} docs per query)`,
      argon: `${fmtRate(a.rate.median, 'queries/s')} (p50 ${fmtMs(a.rate.p50)})`,
      argonValue: a.rate.median,
      unit: 'queries/s',
      peer: `${best.peer}: ${fmtRate(best.rate.median, 'queries/s')}`,
      vsPeer: a.rate.median / best.rate.median,
      vsMachine: { limit: 'bsonDeserialize', value: a.rate.median * K },
    },
  ];
  const sqlitePlan = rows.find((r) => r.plan)?.plan;
  return section('range-query', 'Secondary-index range query', {
    tables: [
      {
        title: `find({f: {$gte: x, $lt: x + ${K}}}) over ${n.toLocaleString('en-US')} records, 1 client`,
        headers: ['system', 'createIndex', 'first query', 'queries/s (median)', 'spread', 'p50', 'p99', 'docs/s', 'Argon ÷ this'],
        rows: rows.map((r) => [r.peer, fmtMs(r.indexMs), fmtMs(r.firstQueryMs), fmtRate(r.rate.median, 'q/s'), fmtSpread(r.rate), fmtMs(r.rate.p50), fmtMs(r.rate.p99), fmtRate(r.rate.median * K, 'docs/s'), fmtRatio(a.rate.median / r.rate.median)]),
        ...(sqlitePlan ? { notes: [`SQLite plan: ${sqlitePlan}`] } : {}),
      },
    ],
    headline,
    notes: ['Documents are materialized as objects by every system (SQLite rows are JSON.parse\'d). "vs machine limit" divides documents returned per second by the BSON deserialize rate.'],
    data: { records: n, k: K, rows },
  });
}

/** Secondary-index range queries. */
export const rangeQueryWorkload: Workload = { id: 'range-query', title: 'Secondary-index range query', run };
