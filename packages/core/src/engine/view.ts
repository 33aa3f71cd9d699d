import type { BranchRecord } from '../model/branch.js';
import type { Lsn } from '../model/lsn.js';

/**
 * A contiguous slice of one branch's own entries: LSNs in `(lo, hi]`.
 */
export interface Segment {
  readonly branchId: string;
  readonly lo: Lsn;
  readonly hi: Lsn;
}

/**
 * Resolves what a branch sees at LSN `at` into an ascending, disjoint list of
 * segments. Folding the entries of these segments in LSN order gives the
 * branch's state at `at`.
 *
 * - Epoch 0 of a branch: the parent's view at `baseLsn`, then the branch's own
 *   entries in `(baseLsn, at]`. Only the branch's own entries are taken, so
 *   siblings never see each other's writes.
 * - A reset at `atLsn` to `toLsn` starts a new epoch: the branch's own view at
 *   `toLsn`, then its own entries in `(atLsn, at]`. Entries it wrote in
 *   `(toLsn, atLsn)` are therefore never visible again at or after the reset,
 *   whatever is written or forked later, yet reads at an LSN before the reset
 *   still show history as it was.
 */
export function resolveSegments(branches: ReadonlyMap<string, BranchRecord>, branchId: string, at: Lsn): Segment[] {
  const out: Segment[] = [];
  collect(branches, branchId, at, out, 0);
  return out;
}

const MAX_DEPTH = 10_000;

function collect(branches: ReadonlyMap<string, BranchRecord>, branchId: string, at: Lsn, out: Segment[], depth: number): void {
  if (depth > MAX_DEPTH) throw new Error(`branch ancestry of ${branchId} is cyclic or deeper than ${MAX_DEPTH}`);
  const b = branches.get(branchId);
  if (!b) throw new Error(`branch id ${branchId} is missing from the project metadata`);
  let reset: BranchRecord['resets'][number] | undefined;
  for (const r of b.resets) if (r.atLsn <= at) reset = r;
  if (reset) {
    collect(branches, branchId, reset.toLsn, out, depth + 1);
    if (at > reset.atLsn) out.push({ branchId, lo: reset.atLsn, hi: at });
    return;
  }
  if (b.parentId === null) {
    if (at > 0) out.push({ branchId, lo: 0, hi: at });
    return;
  }
  collect(branches, b.parentId, Math.min(b.baseLsn, at), out, depth + 1);
  if (at > b.baseLsn) out.push({ branchId, lo: b.baseLsn, hi: at });
}

/** A string that identifies a segment list, for caches. */
export function segmentsKey(segments: readonly Segment[]): string {
  return segments.map((s) => `${s.branchId}:${s.lo}:${s.hi}`).join('|');
}
