import type { BranchRecord } from '../model/branch.js';
import { MAIN_BRANCH } from '../model/branch.js';
import type { Lsn } from '../model/lsn.js';
import type { ProjectRecord } from '../model/project.js';
import type { WalEntry } from '../model/wal-entry.js';
import { BranchStore } from './collection-store.js';
import type { WriteBatch } from './write-batch.js';
import { PrefixImages } from './prefix-image.js';
import { TimeIndex } from './time-index.js';
import { resolveSegments, type Segment } from './view.js';

/**
 * The in-memory materialization of one project: branch metadata, each
 * branch's own version chains, and the time index. It is a cache of
 * (checkpoint + log tail) and is rebuilt from storage on open.
 */
export class ProjectState {
  readonly branches = new Map<string, BranchRecord>();
  /** Runtime head of each branch (the stored record may lag; it is recomputed on replay). */
  readonly heads = new Map<string, Lsn>();
  readonly stores = new Map<string, BranchStore>();
  timeIndex = new TimeIndex();
  /** Highest LSN applied to memory. */
  lastLsn: Lsn = 0;
  /** Highest LSN known durable (acknowledged by storage), for checkpoints. */
  durableLsn: Lsn = 0;
  /** Entries applied since the last checkpoint, to schedule the next one. */
  entriesSinceCheckpoint = 0;
  bytesSinceCheckpoint = 0;
  /** Shared backends: the catch-up cursor (every entry at or below it was read, except `gaps`). */
  syncedLsn: Lsn = 0;
  /** Shared backends: LSNs below `syncedLsn` not seen yet (another writer in flight), with when first missed. */
  readonly gaps = new Map<Lsn, number>();
  /** Settles when every append issued so far has been acknowledged or rolled back. */
  appendsSettled: Promise<void> = Promise.resolve();
  /** Counts entries applied or rolled back below the newest LSN (invalidates prefix images). */
  lateChanges = 0;
  /** Cached images of deep views' frozen prefixes. */
  readonly prefixImages = new PrefixImages();
  /** When the newest checkpoint of this project was written (null: never). */
  lastCheckpointAt: Date | null = null;
  /** LSN of the newest checkpoint this process saved or recovered from: the base of the next incremental one. */
  checkpointLsn: Lsn | null = null;
  /**
   * Write batches applied to memory whose append is not acknowledged yet. A
   * checkpoint at the durable LSN reads the branch heads it must record from
   * them (their `headBefore`) instead of scanning every version chain.
   */
  readonly unsettled = new Set<WriteBatch>();
  /** Bumped on every change so caches can tell when they are stale. */
  version = 0;

  constructor(public record: ProjectRecord) {}

  get name(): string {
    return this.record.name;
  }

  /** Live (not deleted) branch with this name. */
  branchByName(name: string): BranchRecord | undefined {
    for (const b of this.branches.values()) if (b.name === name && !b.deleted) return b;
    return undefined;
  }

  /** The project's live root branch. */
  main(): BranchRecord | undefined {
    for (const b of this.branches.values()) if (b.parentId === null && b.name === MAIN_BRANCH && !b.deleted) return b;
    return undefined;
  }

  /** Adds or replaces a branch record (from storage or an admin command). */
  setBranch(b: BranchRecord): void {
    this.branches.set(b.id, b);
    const epochStart = epochStartOf(b);
    const cur = this.heads.get(b.id);
    // A reset lowers the head; otherwise the runtime head never moves back.
    if (cur === undefined || b.headLsn <= epochStart || cur < b.headLsn) this.heads.set(b.id, b.headLsn);
    this.version++;
  }

  head(branchId: string): Lsn {
    return this.heads.get(branchId) ?? this.branches.get(branchId)?.headLsn ?? 0;
  }

  store(branchId: string): BranchStore {
    let s = this.stores.get(branchId);
    if (!s) this.stores.set(branchId, (s = new BranchStore(branchId)));
    return s;
  }

  /** Segments of a branch's state at `at` (a fixed point: time-travel or head snapshot). */
  segmentsAt(branchId: string, at: Lsn): Segment[] {
    return resolveSegments(this.branches, branchId, at);
  }

  /**
   * Segments of a branch's live head: like `segmentsAt(head)` but with an
   * open upper bound, so that writes applied during a batch are visible to
   * the rest of the batch without recomputing the view.
   */
  liveSegments(branchId: string): Segment[] {
    const b = this.branches.get(branchId);
    if (!b) throw new Error(`unknown branch id ${branchId}`);
    const start = epochStartOf(b);
    const segs = resolveSegments(this.branches, branchId, start);
    segs.push({ branchId, lo: start, hi: Number.MAX_SAFE_INTEGER });
    return segs;
  }

  /** Applies one entry: the pure fold step. `idKey` is `valueKey(e.id)` when the caller already has it. */
  apply(e: WalEntry, idKey?: string): void {
    if (e.lsn < this.lastLsn) this.lateChanges++;
    const cs = this.store(e.branchId).collection(e.collection);
    switch (e.kind) {
      case 'put':
        cs.putVersion(e.id, e.lsn, e.post, e.op.type, e.actor, idKey);
        break;
      case 'delete':
        cs.putVersion(e.id, e.lsn, null, 'delete', e.actor, idKey);
        break;
      case 'createCollection':
        cs.addCatalogEvent({ lsn: e.lsn, kind: 'create', options: e.options });
        break;
      case 'dropCollection':
        cs.addCatalogEvent({ lsn: e.lsn, kind: 'drop' });
        break;
      case 'createIndex':
        cs.addCatalogEvent({ lsn: e.lsn, kind: 'createIndex', spec: e.spec });
        break;
      case 'dropIndex':
        cs.addCatalogEvent({ lsn: e.lsn, kind: 'dropIndex', name: e.name });
        break;
      case 'collMod':
        cs.addCatalogEvent({ lsn: e.lsn, kind: 'collMod', ...(e.options ? { options: e.options } : {}), ...(e.index ? { index: e.index } : {}) });
        break;
    }
    if (e.lsn > this.lastLsn) this.lastLsn = e.lsn;
    this.timeIndex.add(e.lsn, e.ts);
    const b = this.branches.get(e.branchId);
    if (b && e.lsn > epochStartOf(b) && e.lsn > this.head(e.branchId)) this.heads.set(e.branchId, e.lsn);
    this.entriesSinceCheckpoint++;
    this.version++;
  }

  /** Undoes an entry that storage failed to make durable. */
  rollback(e: WalEntry, headBefore: Lsn): void {
    this.lateChanges++;
    const cs = this.stores.get(e.branchId)?.collections.get(e.collection);
    if (cs) {
      if (e.kind === 'put' || e.kind === 'delete') cs.removeVersion(e.id, e.lsn);
      else cs.removeCatalogEvent(e.lsn);
    }
    this.timeIndex.remove(e.lsn);
    if ((this.heads.get(e.branchId) ?? 0) >= e.lsn) this.heads.set(e.branchId, headBefore);
    this.version++;
  }

  /** Number of live branches. */
  liveBranches(): BranchRecord[] {
    return [...this.branches.values()].filter((b) => !b.deleted);
  }
}

/** The LSN after which a branch's current epoch owns its entries. */
export function epochStartOf(b: BranchRecord): Lsn {
  const last = b.resets.at(-1);
  return last ? last.atLsn : b.baseLsn;
}

