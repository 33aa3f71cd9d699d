/**
 * YCSB core workloads A (50% read / 50% update), B (95/5) and C (read-only)
 * over `budget.records` records of ~1 KB (100,000 in the full run), keys
 * chosen by a scrambled zipfian distribution (θ = 0.99). A read is a findOne
 * by `_id`; an update sets one of the ten fields to a new 90-character value.
 *
 * Each peer is loaded once (insertMany batches of 1,000), then runs A, B and
 * C in that order (as YCSB does), each as a warm-up plus timed rounds of
 * closed-loop clients: 16 concurrent async clients for Argon (in-process and
 * over the wire, so group commit applies) and NeDB, one client for the
 * synchronous peers (SQLite, naive replay).
 */
import { collectGarbage, type BenchContext, type Workload } from '../lib/context.js';
import { FIELD_COUNT, FIELDS, fieldValue } from '../lib/docs.js';
import { section, type DetailTable, type HeadlineRow } from '../lib/report.js';
import { fmtMs, fmtRate, fmtRatio, fmtSpread, rateRounds, summarize, type RateSummary } from '../lib/stats.js';
import { Rng, Zipfian } from '../lib/zipfian.js';
import { loadRecords, openPeer, type PeerKind } from '../peers/index.js';
import { ArgonPeer } from '../peers/argon.js';
import { fsyncLoop } from './machine.js';
import type { Durability, Peer } from '../peers/peer.js';

/** The three mixes. */
export const MIXES = [
  { id: 'A', label: 'YCSB-A (50% read / 50% update)', read: 0.5 },
  { id: 'B', label: 'YCSB-B (95% read / 5% update)', read: 0.95 },
  { id: 'C', label: 'YCSB-C (100% read)', read: 1 },
] as const;

/** Peers, in run order. */
export const YCSB_PEERS: readonly PeerKind[] = ['argon-sync', 'sqlite-full', 'argon-interval', 'sqlite-normal', 'argon-wire-sync', 'nedb', 'naive'];

interface Cell {
  readonly peer: string;
  readonly kind: PeerKind;
  readonly durability: Durability;
  readonly clients: number;
  readonly mix: string;
  readonly rate: RateSummary;
  /** Background checkpoints that ran during the mix (warm-up included), Argon in-process only. */
  readonly checkpoints?: { readonly count: number; readonly ms: number };
}

/** A YCSB operation generator over `n` keys for one peer and mix. */
export function ycsbOp(peer: Peer, n: number, readFraction: number, seed: number): () => unknown {
  const zipf = new Zipfian(n, 0.99, new Rng(seed));
  const rng = new Rng(seed ^ 0x5bd1e995);
  let seq = 0;
  return () => {
    const key = zipf.next();
    if (readFraction >= 1 || rng.next() < readFraction) return peer.read(key);
    return peer.update(key, FIELDS[rng.int(FIELD_COUNT)]!, fieldValue(0x40000000 + seed * 1_000_003 + ++seq));
  };
}

async function run(ctx: BenchContext) {
  const n = ctx.budget.records;
  const b = ctx.budget;
  const cells: Cell[] = [];
  const loads: Array<{ peer: string; ms: number }> = [];
  // fsync rates drift on shared disks: probe right before each sync peer's runs.
  const fsyncProbes: number[] = [];
  const problems: string[] = [];
  for (const kind of YCSB_PEERS) {
    const peer = await openPeer(ctx, kind);
    try {
      if (peer.durability === 'sync') fsyncProbes.push(fsyncLoop(ctx.root, Math.min(1000, b.roundMs)));
      ctx.log(`ycsb: loading ${n} records into ${peer.name}`);
      loads.push({ peer: peer.name, ms: await loadRecords(peer, n) });
      // Loading 100,000 records crosses Argon's checkpoint interval; start the mixes once that checkpoint is done.
      if (peer instanceof ArgonPeer) await peer.checkpointsIdle();
      for (const [i, mix] of MIXES.entries()) {
        ctx.log(`ycsb: ${mix.id} on ${peer.name} (${peer.clients} client${peer.clients > 1 ? 's' : ''})`);
        const op = ycsbOp(peer, n, mix.read, 1000 + i);
        const before = peer instanceof ArgonPeer ? peer.meter.mark() : undefined;
        const rate = await rateRounds({ clients: peer.clients, warmupMs: b.warmupMs, roundMs: b.roundMs, rounds: b.rounds }, op);
        const after = peer instanceof ArgonPeer ? peer.meter.mark() : undefined;
        cells.push({
          peer: peer.name,
          kind,
          durability: peer.durability,
          clients: peer.clients,
          mix: mix.id,
          rate,
          ...(before && after ? { checkpoints: { count: after.checkpoints - before.checkpoints, ms: after.ms - before.ms } } : {}),
        });
      }
    } finally {
      if (peer instanceof ArgonPeer) problems.push(...peer.meter.problems.map((p) => `${peer.name}: ${p}`));
      await peer.close();
    }
    collectGarbage();
  }

  const tables: DetailTable[] = MIXES.map((mix) => {
    const rows = cells.filter((c) => c.mix === mix.id);
    const argon = rows.find((c) => c.kind === 'argon-sync')!;
    return {
      title: `${mix.label}, ${n.toLocaleString('en-US')} records, zipfian θ=0.99`,
      headers: ['system', 'durability', 'clients', 'ops/s (median)', 'spread', 'p50', 'p99', 'Argon (sync) ÷ this', 'Argon checkpoints during the mix'],
      rows: rows.map((c) => [
        c.peer,
        c.durability,
        String(c.clients),
        fmtRate(c.rate.median),
        fmtSpread(c.rate),
        fmtMs(c.rate.p50),
        fmtMs(c.rate.p99),
        fmtRatio(argon.rate.median / c.rate.median),
        c.checkpoints ? (c.checkpoints.count ? `${c.checkpoints.count} (${fmtMs(c.checkpoints.ms)})` : '0') : '',
      ]),
    };
  });
  tables.push({
    title: 'YCSB load (insertMany batches of 1,000, document generation included)',
    headers: ['system', 'load time', 'docs/s'],
    rows: loads.map((l) => [l.peer, fmtMs(l.ms), fmtRate(n / (l.ms / 1000), 'docs/s')]),
  });

  const get = (kind: PeerKind, mix: string) => cells.find((c) => c.kind === kind && c.mix === mix)!;
  const best = (kinds: PeerKind[], mix: string) => kinds.map((k) => get(k, mix)).sort((a, x) => x.rate.median - a.rate.median)[0]!;
  const headline: HeadlineRow[] = [];
  for (const mix of ['A', 'B'] as const) {
    const a = get('argon-sync', mix);
    const s = get('sqlite-full', mix);
    headline.push({
      figure: `YCSB-${mix}, sync (fsync per write)`,
      argon: `${fmtRate(a.rate.median)} (${a.clients} clients)`,
      argonValue: a.rate.median,
      unit: 'ops/s',
      peer: `${s.peer}: ${fmtRate(s.rate.median)}`,
      vsPeer: a.rate.median / s.rate.median,
      vsMachine: { limit: 'fsync', value: a.rate.median, limitValue: summarize(fsyncProbes).median, limitLabel: 'fsync (probed)' },
      ...(mix === 'A' ? { goal: '≥ SQLite at equal durability', met: a.rate.median >= s.rate.median } : {}),
    });
  }
  for (const mix of ['A', 'B'] as const) {
    const a = get('argon-interval', mix);
    const p = best(['sqlite-normal', 'nedb', 'naive'], mix);
    headline.push({
      figure: `YCSB-${mix}, interval (fsync ≤100 ms)`,
      argon: `${fmtRate(a.rate.median)} (${a.clients} clients)`,
      argonValue: a.rate.median,
      unit: 'ops/s',
      peer: `${p.peer}: ${fmtRate(p.rate.median)}`,
      vsPeer: a.rate.median / p.rate.median,
      vsMachine: { limit: 'bsonSerialize', value: a.rate.median },
    });
  }
  {
    const a = get('argon-sync', 'C');
    const p = best(['sqlite-full', 'sqlite-normal', 'nedb', 'naive'], 'C');
    const w = get('argon-wire-sync', 'C');
    headline.push({
      figure: 'YCSB-C, read-only',
      argon: `${fmtRate(a.rate.median)} (${a.clients} clients; wire ${fmtRate(w.rate.median)})`,
      argonValue: a.rate.median,
      unit: 'ops/s',
      peer: `${p.peer}: ${fmtRate(p.rate.median)}`,
      vsPeer: a.rate.median / p.rate.median,
      vsMachine: { limit: 'bsonDeserialize', value: a.rate.median },
    });
  }
  return section('ycsb', 'YCSB A / B / C', {
    tables,
    headline,
    notes: [
      'Argon and NeDB are driven by 16 concurrent async clients in one process (Argon: one ArgonClient, so concurrent updates share fsyncs through group commit); SQLite (better-sqlite3) and the naive replay are synchronous, so they run one client: more clients would only take turns on the one thread.',
      'SQLite runs every statement in its own autocommit transaction (WAL; synchronous=FULL fsyncs the WAL at each commit, NORMAL only at WAL checkpoints). NeDB appends each change to its file without fsync.',
      `Argon wire = the official mongodb driver against \`argon serve\` in a child process on loopback (sync durability).`,
      'Argon runs with its default checkpointing (a checkpoint image every 100,000 log entries, incremental on the previous one, built from the log in the file store’s worker thread); the last column counts the checkpoints that ran inside each mix and their total time — they share the CPU with the workload and widen its spread.',
      ...(problems.length ? [`Argon logged warnings/errors: ${problems.join(' | ')}`] : []),
      `Raw fsync probed right before each sync system's runs: ${fsyncProbes.map((x) => x.toFixed(0)).join(', ')} ops/s; the sync rows' "× fsync" uses their median.`,
    ],
    data: { records: n, cells: cells.map((c) => ({ ...c })), loads, fsyncProbes, problems },
  });
}

/** YCSB A/B/C against every peer. */
export const ycsbWorkload: Workload = { id: 'ycsb', title: 'YCSB A/B/C', run };
