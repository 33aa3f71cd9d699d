/**
 * Bulk load: `budget.records` ~1 KB records (100,000 in the full run) with
 * insertMany batches of 1,000 (SQLite: one transaction per batch; NeDB: one
 * insert of an array; naive: log appends) into a fresh store, after a smaller
 * warm-up load. Document generation is outside the timing. The same batches
 * also go through the no-engine floor of append-floor.ts, in the same run.
 */
import { ArgonPeer } from '../peers/argon.js';
import { collectGarbage, type BenchContext, type Workload } from '../lib/context.js';
import { makeDocs, type BenchDoc } from '../lib/docs.js';
import { appendFloor } from '../lib/append-floor.js';
import { PAD } from '../lib/engine-fixtures.js';
import { section, type HeadlineRow } from '../lib/report.js';
import { fmtMs, fmtRate, fmtRatio, fmtSpread, summarize, type Summary } from '../lib/stats.js';
import { openPeer, type PeerKind } from '../peers/index.js';

const PEERS: readonly PeerKind[] = ['argon-sync', 'argon-interval', 'sqlite-full', 'sqlite-normal', 'nedb', 'naive'];

interface Row {
  readonly kind: PeerKind;
  readonly peer: string;
  readonly rate: Summary;
  readonly fsyncsPerBatch?: number;
  /** Background checkpoints that ran during the timed loads (all rounds). */
  readonly checkpoints?: number;
}

async function run(ctx: BenchContext) {
  const n = ctx.budget.records;
  const rounds = ctx.quick ? 2 : 3;
  const batches: BenchDoc[][] = [];
  for (let i = 0; i < n; i += 1000) batches.push(makeDocs(i, Math.min(n, i + 1000)));
  const rows: Row[] = [];
  for (const kind of PEERS) {
    const rates: number[] = [];
    let name = kind as string;
    let fsyncsPerBatch: number | undefined;
    let checkpoints: number | undefined;
    for (let round = 0; round <= rounds; round++) {
      const peer = await openPeer(ctx, kind);
      name = peer.name;
      const use = round === 0 ? batches.slice(0, Math.max(1, batches.length / 10)) : batches; // round 0: warm-up, 1/10 of the data
      ctx.log(`bulk-load: ${peer.name} ${round === 0 ? 'warm-up' : `round ${round}`}`);
      const fs0 = peer instanceof ArgonPeer ? await peer.fsyncs() : 0;
      const cp0 = peer instanceof ArgonPeer ? peer.meter.checkpoints : 0;
      const t0 = performance.now();
      for (const b of use) await peer.load(b);
      const ms = performance.now() - t0;
      if (peer instanceof ArgonPeer && round > 0) {
        fsyncsPerBatch = ((await peer.fsyncs()) - fs0) / use.length;
        checkpoints = (checkpoints ?? 0) + peer.meter.checkpoints - cp0;
      }
      await peer.close();
      collectGarbage();
      if (round > 0) rates.push((use.length * 1000) / (ms / 1000));
    }
    rows.push({ kind, peer: name, rate: summarize(rates), ...(fsyncsPerBatch !== undefined ? { fsyncsPerBatch } : {}), ...(checkpoints !== undefined ? { checkpoints } : {}) });
  }
  // The same load with the engine benchmark's small documents ({_id, v, s}, ~60 B of BSON), Argon sync only.
  const small: number[] = [];
  for (let round = 0; round <= rounds; round++) {
    const peer = await ArgonPeer.open({ dir: ctx.dir('bulk-small'), durability: 'sync' });
    const col = peer.client.db('bench').collection<{ _id: number; v: number; s: string }>('small');
    const count = round === 0 ? n / 10 : n;
    const docs = Array.from({ length: count / 1000 }, (_, b) => Array.from({ length: 1000 }, (_, j) => ({ _id: b * 1000 + j, v: j, s: PAD })));
    ctx.log(`bulk-load: Argon (sync), small documents, ${round === 0 ? 'warm-up' : `round ${round}`}`);
    const t0 = performance.now();
    for (const d of docs) await col.insertMany(d);
    const ms = performance.now() - t0;
    await peer.close();
    if (round > 0) small.push(count / (ms / 1000));
  }
  const smallS = summarize(small);
  // The floor: copy, encode, CRC and one O_DSYNC write per batch, with no engine (warm-up round first).
  const floorRates: number[] = [];
  for (let round = 0; round <= rounds; round++) {
    ctx.log(`bulk-load: no-engine floor, ${round === 0 ? 'warm-up' : `round ${round}`}`);
    const rate = appendFloor(ctx.dir('bulk-floor'), round === 0 ? batches.slice(0, Math.max(1, batches.length / 10)) : batches);
    collectGarbage();
    if (round > 0) floorRates.push(rate);
  }
  const floor = summarize(floorRates);
  const get = (k: PeerKind) => rows.find((r) => r.kind === k)!;
  const a = get('argon-sync');
  const s = get('sqlite-full');
  const ai = get('argon-interval');
  // The naive design only pushes to an in-memory array: not a load into a store, so not a peer here.
  const bestI = [get('sqlite-normal'), get('nedb')].sort((x, y) => y.rate.median - x.rate.median)[0]!;
  const headline: HeadlineRow[] = [
    {
      figure: 'Bulk load, insertMany ×1,000, sync',
      argon: `${fmtRate(a.rate.median, 'docs/s')} (no-engine floor: ${fmtRate(floor.median, 'docs/s')})`,
      argonValue: a.rate.median,
      unit: 'docs/s',
      peer: `${s.peer}: ${fmtRate(s.rate.median, 'docs/s')}`,
      vsPeer: a.rate.median / s.rate.median,
      vsMachine: { limit: 'bsonSerialize', value: a.rate.median },
      goal: '≥ 200k docs/s',
      met: a.rate.median >= 200_000,
    },
    {
      figure: 'Bulk load, insertMany ×1,000, sync, 60 B docs',
      argon: fmtRate(smallS.median, 'docs/s'),
      argonValue: smallS.median,
      unit: 'docs/s',
      goal: '≥ 200k docs/s',
      met: smallS.median >= 200_000,
    },
    {
      figure: 'Bulk load, insertMany ×1,000, interval',
      argon: fmtRate(ai.rate.median, 'docs/s'),
      argonValue: ai.rate.median,
      unit: 'docs/s',
      peer: `${bestI.peer}: ${fmtRate(bestI.rate.median, 'docs/s')}`,
      vsPeer: ai.rate.median / bestI.rate.median,
      vsMachine: { limit: 'bsonSerialize', value: ai.rate.median },
    },
  ];
  return section('bulk-load', 'Bulk load (insertMany batches of 1,000)', {
    tables: [
      {
        title: `Loading ${n.toLocaleString('en-US')} records of ~1 KB into an empty store (${rounds} rounds after a warm-up)`,
        headers: ['system', 'docs/s (median)', 'spread', 'time per 1,000', 'fsyncs per batch', 'checkpoints started', 'Argon (sync) ÷ this'],
        rows: [
          ...rows.map((r) => [
            r.peer,
            fmtRate(r.rate.median, 'docs/s'),
            fmtSpread(r.rate),
            fmtMs(1e6 / r.rate.median),
            r.fsyncsPerBatch !== undefined ? r.fsyncsPerBatch.toFixed(2) : '',
            r.checkpoints !== undefined ? String(r.checkpoints) : '',
            fmtRatio(a.rate.median / r.rate.median),
          ]),
          ['Argon (sync), 60 B docs {_id, v, s}', fmtRate(smallS.median, 'docs/s'), fmtSpread(smallS), fmtMs(1e6 / smallS.median), '', '', ''],
          ['no-engine floor: copy + encode + CRC + O_DSYNC write', fmtRate(floor.median, 'docs/s'), fmtSpread(floor), fmtMs(1e6 / floor.median), '1.00', '', fmtRatio(a.rate.median / floor.median)],
        ],
        notes: [
          'The no-engine floor does, per document, only what any store writing this log format must (copy the caller\'s document, encode its log entry with Argon\'s encoder, frame it with a CRC32, keep it in a Map by _id) and appends each batch with one O_DSYNC write: the most a single core reaches here before any engine work (scripts/bench/lib/append-floor.ts).',
          '"checkpoints started" counts Argon checkpoints completed during the timed loads of all rounds; the one the last batch triggers (at 100,001 entries) finishes after the timing, during close.',
        ],
      },
    ],
    headline,
    notes: ['Batches are loaded one after another (one client). The machine\'s BSON serialize rate of the same documents is the CPU floor to compare with.'],
    data: { records: n, rows, smallDocs: small, noEngineFloor: floorRates },
  });
}

/** Bulk load throughput. */
export const bulkLoadWorkload: Workload = { id: 'bulk-load', title: 'Bulk load (insertMany ×1,000)', run };
