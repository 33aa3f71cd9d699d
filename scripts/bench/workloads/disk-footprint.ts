/**
 * Disk footprint: bytes on disk per logged document against the document's
 * BSON size. Each store gets `budget.records` records (insertMany ×1,000),
 * then updates of one field on a tenth of them (uniform keys); sizes are taken
 * while open (Argon: the log; SQLite: database + WAL; NeDB: its append-only
 * file) and after a clean close (Argon writes a checkpoint; SQLite folds its
 * WAL into the database).
 */
import { collectGarbage, diskUsage, type BenchContext, type Workload } from '../lib/context.js';
import { bsonSize, FIELD_COUNT, FIELDS, fieldValue, makeDoc } from '../lib/docs.js';
import { section, type HeadlineRow } from '../lib/report.js';
import { fmtBytes, fmtRatio, runCount } from '../lib/stats.js';
import { Rng } from '../lib/zipfian.js';
import { ArgonPeer } from '../peers/argon.js';
import { loadRecords, openPeer, type PeerKind } from '../peers/index.js';

const PEERS: readonly PeerKind[] = ['argon-interval', 'sqlite-normal', 'nedb'];

interface Row {
  readonly kind: PeerKind;
  readonly peer: string;
  readonly afterLoad: number;
  readonly logBytes?: number;
  readonly logAfterUpdates?: number;
  readonly afterUpdates: number;
  readonly afterClose: number;
  readonly updates: number;
}

async function run(ctx: BenchContext) {
  const n = ctx.budget.records;
  const u = Math.floor(n / 10);
  const bson = bsonSize(makeDoc(0));
  const rows: Row[] = [];
  for (const kind of PEERS) {
    const dir = ctx.dir(`footprint-${kind}`);
    const peer = await (async () => {
      // Opened on a known directory so the size after close can be taken.
      if (kind === 'argon-interval') return ArgonPeer.open({ dir, durability: 'interval' });
      const p = await openPeer({ ...ctx, dir: () => dir }, kind);
      return p;
    })();
    ctx.log(`disk-footprint: ${peer.name}`);
    await loadRecords(peer, n);
    // Sizes are taken with no checkpoint in flight (loading 100,000 records triggers one).
    if (peer instanceof ArgonPeer) await peer.checkpointsIdle();
    const afterLoad = await peer.diskBytes();
    const logBytes = peer instanceof ArgonPeer ? ((await (await peer.client.engine()).storage.status()).logBytes as number) : undefined;
    const rng = new Rng(5);
    await runCount(peer.clients, u, (i) => peer.update(rng.int(n), FIELDS[rng.int(FIELD_COUNT)]!, fieldValue(0x20000000 + i)));
    if (peer instanceof ArgonPeer) await peer.checkpointsIdle();
    const afterUpdates = await peer.diskBytes();
    const logAfterUpdates = peer instanceof ArgonPeer ? await peer.logBytes() : undefined;
    await peer.close();
    rows.push({
      kind,
      peer: peer.name,
      afterLoad,
      ...(logBytes !== undefined ? { logBytes } : {}),
      ...(logAfterUpdates !== undefined ? { logAfterUpdates } : {}),
      afterUpdates,
      afterClose: diskUsage(dir),
      updates: u,
    });
    collectGarbage();
  }
  const a = rows.find((r) => r.kind === 'argon-interval')!;
  const best = rows.filter((r) => r !== a).sort((x, y) => x.afterLoad - y.afterLoad)[0]!;
  // Per logged document: the log alone for Argon (its checkpoint images are counted separately below).
  const per = (r: Row) => (r.logBytes ?? r.afterLoad) / n;
  const perUpdate = (r: Row) => (r.logAfterUpdates !== undefined && r.logBytes !== undefined ? r.logAfterUpdates - r.logBytes : r.afterUpdates - r.afterLoad) / r.updates;
  const headline: HeadlineRow[] = [
    {
      figure: 'Disk footprint per logged document (~1 KB BSON)',
      argon: `${per(a).toFixed(0)} B/doc in the log (${perUpdate(a).toFixed(0)} B per one-field update); ${(a.afterClose / n).toFixed(0)} B/doc on disk after close, checkpoints included`,
      argonValue: per(a),
      unit: 'bytes/doc',
      peer: `${best.peer}: ${per(best).toFixed(0)} B/doc`,
      vsPeer: per(best) / per(a),
      vsMachine: { limit: 'bsonSize', value: per(a) },
    },
  ];
  return section('disk-footprint', 'Disk footprint', {
    tables: [
      {
        title: `${n.toLocaleString('en-US')} records of ${bson} B BSON, then ${u.toLocaleString('en-US')} one-field updates`,
        headers: ['system', 'on disk after load', 'log per doc', '÷ BSON size', 'log per update (one 90-char field)', 'on disk after updates', 'after clean close', 'per doc after close'],
        rows: rows.map((r) => [
          r.peer,
          fmtBytes(r.afterLoad),
          `${per(r).toFixed(0)} B`,
          fmtRatio(per(r) / bson),
          `${perUpdate(r).toFixed(0)} B`,
          fmtBytes(r.afterUpdates),
          fmtBytes(r.afterClose),
          `${(r.afterClose / n).toFixed(0)} B`,
        ]),
        notes: [
          'For SQLite and NeDB "log" means their whole files. Argon keeps every version (time travel), so an update logs the new version of the whole document (and what it needs to undo it); its checkpoint images (every 100,000 entries and at a clean close, 3 kept) sit next to the log, which is kept for the 7-day retention window — "on disk" includes them.',
        ],
      },
    ],
    headline,
    data: { records: n, updates: u, bsonBytes: bson, rows },
  });
}

/** Bytes on disk per document. */
export const diskFootprintWorkload: Workload = { id: 'disk-footprint', title: 'Disk footprint', run };
