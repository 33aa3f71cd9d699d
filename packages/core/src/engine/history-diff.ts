import { valueKey, valuesEqual, documentEntries } from '@argon/query';
import type { Lsn } from '../model/lsn.js';
import type { Snapshot } from './snapshot.js';
import type { Segment } from './view.js';
import type { VersionOp } from './version-chain.js';

type Doc = Record<string, unknown>;

/** One version of a document in a branch's history. */
export interface DocumentVersion {
  readonly lsn: Lsn;
  readonly time: Date | null;
  readonly op: VersionOp;
  /** The post-image, or null after a delete. */
  readonly doc: Doc | null;
  readonly actor?: string;
}

/** Every version of one document visible along a snapshot's segments, oldest first. */
export function documentHistory(snap: Snapshot, coll: string, id: unknown): DocumentVersion[] {
  const key = valueKey(id);
  const out: DocumentVersion[] = [];
  for (const seg of snap.segments) {
    const chain = snap.state.stores.get(seg.branchId)?.collections.get(coll)?.versions.get(key);
    if (!chain) continue;
    for (let i = 0; i < chain.length; i++) {
      const lsn = chain.lsn(i);
      if (lsn <= seg.lo || lsn > seg.hi) continue;
      const t = snap.state.timeIndex.timeOf(lsn);
      const actor = chain.actor(i);
      out.push({ lsn, time: t === undefined ? null : new Date(t), op: chain.op(i), doc: chain.doc(i), ...(actor ? { actor } : {}) });
    }
  }
  return out;
}

/** The result of comparing two snapshots. */
export interface SnapshotDiff {
  readonly added: Array<{ collection: string; _id: unknown; doc: Doc }>;
  readonly removed: Array<{ collection: string; _id: unknown; doc: Doc }>;
  readonly changed: Array<{ collection: string; _id: unknown; fields: string[] }>;
}

/** Top-level fields whose values differ (added, removed or changed). */
export function changedFields(a: Doc, b: Doc): string[] {
  const fields = new Set<string>();
  const ea = new Map(documentEntries(a));
  const eb = new Map(documentEntries(b));
  for (const [k, v] of ea) if (!eb.has(k) || !valuesEqual(v, eb.get(k))) fields.add(k);
  for (const k of eb.keys()) if (!ea.has(k)) fields.add(k);
  return [...fields];
}

function segKey(s: Segment): string {
  return `${s.branchId}:${s.lo}:${s.hi}`;
}

/**
 * Compares two snapshots. Only documents touched by segments that the two
 * snapshots do not share can differ, so a diff between a branch and its
 * parent costs the size of their divergence, not of the data.
 */
export function diffSnapshots(from: Snapshot, to: Snapshot, collection?: string): SnapshotDiff {
  const added: SnapshotDiff['added'] = [];
  const removed: SnapshotDiff['removed'] = [];
  const changed: SnapshotDiff['changed'] = [];
  const colls = collection ? [collection] : [...new Set([...from.collectionNames(), ...to.collectionNames()])].sort();
  const shared = new Set(from.segments.map(segKey).filter((k) => to.segments.some((s) => segKey(s) === k)));
  for (const coll of colls) {
    const fi = from.info(coll);
    const ti = to.info(coll);
    const narrow = fi.exists && ti.exists && fi.dropBarrier === ti.dropBarrier && from.state === to.state;
    const keys = new Set<string>();
    for (const snap of [from, to]) {
      for (const seg of snap.segments) {
        if (narrow && shared.has(segKey(seg))) continue;
        const cs = snap.state.stores.get(seg.branchId)?.collections.get(coll);
        if (cs) for (const k of cs.versions.keys()) keys.add(k);
      }
    }
    for (const k of keys) {
      const a = fi.exists ? from.getByKey(coll, k) : null;
      const b = ti.exists ? to.getByKey(coll, k) : null;
      if (a && !b) removed.push({ collection: coll, _id: a._id, doc: a });
      else if (!a && b) added.push({ collection: coll, _id: b._id, doc: b });
      else if (a && b && !valuesEqual(a, b)) changed.push({ collection: coll, _id: a._id, fields: changedFields(a, b) });
    }
  }
  return { added, removed, changed };
}
