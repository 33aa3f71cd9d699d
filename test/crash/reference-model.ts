/**
 * The reference model of the crash test: a full-copy model of branches.
 *
 * Every branch is its own Map of documents (key `collection:_id`). A branch
 * creation copies the parent's state as of the fork LSN; a reset replaces the
 * branch's state with its own state as of the target LSN. To answer "as of
 * LSN x", every branch keeps its state history by LSN: full copies (at its
 * creation and at each reset) followed by per-document changes.
 *
 * "State as of LSN x" is history as it was at x (what a read at x saw), as
 * Argon's time travel defines it: a reset back to an LSN inside a window an
 * earlier reset discarded shows that window again, because the user named a
 * point of the branch's history where it was visible.
 *
 * Events are applied in log order, not in acknowledgement order: a write
 * acknowledged after a fork can still precede the fork point (it was
 * appended before the fork and became durable after), and then the fork
 * contains it. So the model sorts events by LSN:
 * - a write at its entry's LSN;
 * - a reset at the LSN it allocated (`atLsn`);
 * - a fork (creation, or a reset's backup) just after its base LSN (base + 0.5):
 *   every entry at or below the base is then applied, and the new branch's own
 *   writes come later (their LSNs are allocated after the fork). A fork never
 *   comes before the creation of the branch it forks from, and forks with the
 *   same key keep the order the writer made them.
 *
 * The model also checks each write as it applies it: the post-image the
 * writer read back must be the operation applied to the model's pre-image.
 */
import { COLLECTIONS, ownerOf, type Doc, type WriteOp } from './crash-protocol.js';

/** A change the model applies, in log order. */
export type ModelEvent =
  | {
      readonly kind: 'write';
      readonly seq: number;
      readonly branch: string;
      readonly coll: string;
      readonly id: number;
      readonly lsn: number;
      readonly write: WriteOp;
      /** The post-image read back (acknowledged), or null after a delete; undefined when only the recovered state tells (the model computes it). */
      readonly after: Doc | null | undefined;
      /** True for an operation cut short by the kill and found in the recovered log. */
      readonly recovered: boolean;
    }
  | { readonly kind: 'fork'; readonly seq: number; readonly name: string; readonly from: string; readonly baseLsn: number; readonly recovered: boolean }
  | { readonly kind: 'reset'; readonly seq: number; readonly branch: string; readonly atLsn: number; readonly toLsn: number; readonly backup?: string; readonly recovered: boolean }
  | { readonly kind: 'drop'; readonly seq: number; readonly name: string; readonly recovered: boolean };

/** One entry of a branch's state history. */
type HistoryEntry = { readonly lsn: number; readonly full: Map<string, Doc> } | { readonly lsn: number; readonly key: string; readonly doc: Doc | null };

/** A branch of the model. */
export class ModelBranch {
  readonly history: HistoryEntry[] = [];
  current: Map<string, Doc>;
  head: number;
  readonly resets: Array<{ atLsn: number; toLsn: number; backup?: string }> = [];
  /** Soft-deleted: not listed any more, but descendants still read its history. */
  deleted = false;

  constructor(
    readonly name: string,
    readonly parent: ModelBranch | null,
    readonly baseLsn: number,
    initial: Map<string, Doc>,
  ) {
    this.current = new Map(initial);
    this.history.push({ lsn: baseLsn, full: new Map(initial) });
    this.head = baseLsn;
  }

  /** The branch's state as of LSN `x` (history as it was then). */
  stateAt(x: number): Map<string, Doc> {
    if (x < this.baseLsn) {
      if (!this.parent) throw new Error(`model: ${this.name} has no state before LSN ${this.baseLsn}`);
      return this.parent.stateAt(x);
    }
    let start = 0;
    for (let i = 0; i < this.history.length && this.history[i]!.lsn <= x; i++) if ('full' in this.history[i]!) start = i;
    const first = this.history[start]!;
    const state = new Map((first as { full: Map<string, Doc> }).full);
    for (let i = start + 1; i < this.history.length && this.history[i]!.lsn <= x; i++) {
      const h = this.history[i] as { key: string; doc: Doc | null };
      if (h.doc === null) state.delete(h.key);
      else state.set(h.key, h.doc);
    }
    return state;
  }
}

export const keyOf = (coll: string, id: number): string => `${coll}:${id}`;

/** Canonical text of a document, field order included. */
export const docText = (d: unknown): string => JSON.stringify(d);

/** Top-level $set/$inc on fields the document already has, in place (their order is kept). */
function applyUpdate(pre: Doc, set: Record<string, unknown>, inc: Record<string, number>): Doc {
  const out: Doc = { ...pre };
  for (const [k, v] of Object.entries(set)) out[k] = v;
  for (const [k, v] of Object.entries(inc)) out[k] = (typeof out[k] === 'number' ? (out[k] as number) : 0) + v;
  return out;
}

/**
 * What a write does to one document, from its pre-image, or an error text
 * when the operation cannot apply there (the writer checked it could).
 */
export function expectedAfter(write: WriteOp, id: number, pre: Doc | undefined): { after: Doc | null } | { error: string } {
  switch (write.op) {
    case 'insert': {
      if (pre) return { error: `insert of ${id}, which exists (${docText(pre)})` };
      const d = write.docs.find((x) => x._id === id);
      return d ? { after: { ...d } } : { error: `insert does not contain ${id}` };
    }
    case 'update':
      if (!pre) return { error: `update of ${id}, which does not exist` };
      return { after: applyUpdate(pre, write.set, write.inc) };
    case 'updateMany':
      if (!pre) return { error: `updateMany touched ${id}, which does not exist` };
      return { after: applyUpdate(pre, write.set, write.inc) };
    case 'replace':
      if (!pre) return { error: `replace of ${id}, which does not exist` };
      return { after: { _id: id, ...write.doc } };
    case 'delete':
      if (!pre) return { error: `delete of ${id}, which does not exist` };
      return { after: null };
  }
}

/** The ordering key of an event (see the file comment); `forkKey` gives a branch's creation key. */
function orderOf(e: ModelEvent, forkKey: (name: string) => number): number {
  switch (e.kind) {
    case 'write':
      return e.lsn;
    case 'reset':
      return e.atLsn;
    case 'fork':
      // A fork of a fork at a point before the parent's own base still comes after the parent's creation.
      return Math.max(e.baseLsn + 0.5, forkKey(e.from));
    case 'drop':
      // A deleted branch takes no more writes, forks or resets (the writer
      // made sure none was in flight); what happened before stays readable
      // by its descendants, so the model keeps its history.
      return Infinity;
  }
}

/** The model's verdict: the branches, and every inconsistency found while replaying. */
export interface ModelResult {
  readonly branches: Map<string, ModelBranch>;
  readonly problems: string[];
}

/**
 * Replays events in log order from `main` as the test created it
 * (collections only, at LSN `setupLsn`).
 */
export function replay(events: readonly ModelEvent[], setupLsn: number): ModelResult {
  const problems: string[] = [];
  const main = new ModelBranch('main', null, 0, new Map());
  main.head = setupLsn;
  const branches = new Map<string, ModelBranch>([['main', main]]);
  const forks = new Map<string, ModelEvent & { kind: 'fork' }>();
  for (const e of events) if (e.kind === 'fork') forks.set(e.name, e);
  const forkKeys = new Map<string, number>();
  const forkKey = (name: string): number => {
    const f = forks.get(name);
    if (!f) return -Infinity;
    let k = forkKeys.get(name);
    if (k === undefined) {
      forkKeys.set(name, -Infinity); // a cycle cannot happen; this only stops runaway recursion
      forkKeys.set(name, (k = orderOf(f, forkKey)));
    }
    return k;
  };
  const sorted = [...events].sort((a, b) => orderOf(a, forkKey) - orderOf(b, forkKey) || a.seq - b.seq);
  // An acknowledged updateMany must have written every document of its worker
  // on the branch: its entries have consecutive LSNs (one batch), so the
  // state before its first entry is the state it matched against.
  const manyKeys = new Map<number, Set<string>>();
  for (const e of events) {
    if (e.kind !== 'write' || e.write.op !== 'updateMany' || e.recovered) continue;
    let s = manyKeys.get(e.seq);
    if (!s) manyKeys.set(e.seq, (s = new Set()));
    s.add(keyOf(e.coll, e.id));
  }
  for (const e of sorted) {
    switch (e.kind) {
      case 'write': {
        const b = branches.get(e.branch);
        if (!b || b.deleted) {
          problems.push(`write seq ${e.seq} (LSN ${e.lsn}) to branch ${e.branch}, which does not exist at that LSN`);
          break;
        }
        const key = keyOf(e.coll, e.id);
        const pre = b.current.get(key);
        const exp = expectedAfter(e.write, e.id, pre);
        if ('error' in exp) {
          problems.push(`write seq ${e.seq} at LSN ${e.lsn} on ${e.branch}: ${exp.error}`);
          break;
        }
        if (e.after !== undefined && docText(e.after) !== docText(exp.after)) {
          problems.push(`write seq ${e.seq} (${e.write.op}) at LSN ${e.lsn} on ${e.branch} ${key}: read back ${docText(e.after)}, the model expects ${docText(exp.after)} (pre-image ${docText(pre ?? null)})`);
        }
        const many = e.write.op === 'updateMany' ? manyKeys.get(e.seq) : undefined;
        if (e.write.op === 'updateMany' && many) {
          manyKeys.delete(e.seq);
          const w = e.write.worker;
          const expected = [...b.current.keys()].filter((k) => k.startsWith(`${e.coll}:`) && ownerOf(Number(k.slice(e.coll.length + 1))) === w).sort();
          const got = [...many].sort();
          if (docText(expected) !== docText(got)) problems.push(`updateMany seq ${e.seq} on ${e.branch}.${e.coll} wrote ${got.join(',')}; the worker's documents there were ${expected.join(',')}`);
        }
        if (exp.after === null) b.current.delete(key);
        else b.current.set(key, exp.after);
        b.history.push({ lsn: e.lsn, key, doc: exp.after });
        b.head = e.lsn;
        break;
      }
      case 'fork': {
        const p = branches.get(e.from);
        if (!p || p.deleted) {
          problems.push(`fork ${e.name} from ${e.from}, which does not exist`);
          break;
        }
        if (branches.has(e.name)) {
          problems.push(`fork ${e.name} twice`);
          break;
        }
        branches.set(e.name, new ModelBranch(e.name, p, e.baseLsn, p.stateAt(e.baseLsn)));
        break;
      }
      case 'reset': {
        const b = branches.get(e.branch);
        if (!b || b.deleted) {
          problems.push(`reset of ${e.branch}, which does not exist`);
          break;
        }
        const state = b.stateAt(e.toLsn);
        b.current = new Map(state);
        b.history.push({ lsn: e.atLsn, full: new Map(state) });
        b.head = e.toLsn;
        b.resets.push({ atLsn: e.atLsn, toLsn: e.toLsn, ...(e.backup ? { backup: e.backup } : {}) });
        break;
      }
      case 'drop': {
        const b = branches.get(e.name);
        if (!b || b.deleted) problems.push(`delete of ${e.name}, which does not exist`);
        else b.deleted = true;
        break;
      }
    }
  }
  return { branches, problems };
}

/** Documents of one collection of a model branch, by `_id`. */
export function collectionOf(b: ModelBranch, coll: string, state: Map<string, Doc> = b.current): Map<number, Doc> {
  const out = new Map<number, Doc>();
  for (const [k, d] of state) if (k.startsWith(`${coll}:`)) out.set(d._id, d);
  return out;
}

/**
 * A few past points of a branch to read with time travel: its base, the
 * LSN of the write in the middle of its own history, and the LSN of its
 * oldest reset (chosen by position, so the choice is deterministic). Time
 * travel only reaches points at or below the head, which a reset lowers:
 * the caller drops the others.
 */
export function pastPoints(b: ModelBranch): number[] {
  const own = b.history.slice(1).map((h) => h.lsn);
  const points = new Set<number>([b.baseLsn]);
  if (own.length > 0) points.add(own[Math.floor(own.length / 2)]!);
  if (b.resets.length > 0) points.add(b.resets[0]!.atLsn);
  return [...points];
}

export { COLLECTIONS };
