import type { Lsn } from './lsn.js';

/**
 * A restore of a branch: at `atLsn` the branch's state became its own state as
 * of `toLsn`. Entries the branch wrote in `(toLsn, atLsn)` are kept for audit
 * and are never visible at or after `atLsn` (see `engine/view-resolver.ts`).
 */
export interface ResetRecord {
  /** The LSN allocated for the reset itself; it starts a new epoch of the branch. */
  readonly atLsn: Lsn;
  /** The point the branch was reset to. */
  readonly toLsn: Lsn;
  /** The abandoned window, for display and audit: `[toLsn + 1, old head]`. */
  readonly discarded: { readonly from: Lsn; readonly to: Lsn };
  readonly at: Date;
  /** Name of the backup branch that keeps the old head, if one was made. */
  readonly backup?: string;
}

/**
 * A branch is a pointer into the project's log. It owns the entries tagged with
 * its id; everything at or below `baseLsn` comes from the parent chain.
 */
export interface BranchRecord {
  /** Stable id, unique in the project; entries are tagged with it. */
  readonly id: string;
  readonly project: string;
  /** Name, `[A-Za-z0-9_-]+`, unique among the project's live branches. */
  readonly name: string;
  /** Parent branch id; null only for the root `main`. */
  readonly parentId: string | null;
  /** Fork point: the parent's state as of this LSN is this branch's initial state. */
  readonly baseLsn: Lsn;
  /** Latest LSN of this branch's view. Only moves forward, except on restore. */
  readonly headLsn: Lsn;
  readonly createdAt: Date;
  /** Restores in the order they happened. */
  readonly resets: readonly ResetRecord[];
  readonly deleted: boolean;
  readonly deletedAt?: Date;
}

/** The name of every project's root branch. */
export const MAIN_BRANCH = 'main';
