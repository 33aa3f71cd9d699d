import type { BranchRecord } from '../model/branch.js';
import type { Lsn } from '../model/lsn.js';
import type { WalEntry } from '../model/wal-entry.js';
import type { StorageBackend } from '../storage/storage-backend.js';
import type { ProjectState } from './project-state.js';
import { calculateObjectSize } from 'bson';
import { BadInputError } from '../errors.js';
import { fitsInBson } from './document-size.js';
import { Snapshot } from './snapshot.js';

/** MongoDB's document size limit, 16 MiB. */
export const MAX_DOCUMENT_BYTES = 16 * 1024 * 1024;

/** Rejects a post-image over 16 MiB with MongoDB's error for inserts (2) or updates (17419). */
function assertDocumentSize(doc: Record<string, unknown>, op: string): void {
  if (fitsInBson(doc, MAX_DOCUMENT_BYTES)) return;
  const size = calculateObjectSize(doc);
  if (op === 'insert') throw new BadInputError(`object to insert too large. size in bytes: ${size}, max size: ${MAX_DOCUMENT_BYTES}`, { code: 2 });
  throw new BadInputError(`Resulting document after update is larger than ${MAX_DOCUMENT_BYTES}`, { code: 17419 });
}

/** A WAL entry before its LSN and commit time are assigned. */
export type PendingEntry = WalEntry extends infer E ? (E extends WalEntry ? Omit<E, 'lsn' | 'ts' | 'project' | 'branchId' | 'actor' | 'opId'> : never) : never;

/**
 * One write command's unit of work on a branch head, run under the project
 * lock. Each operation resolves its filter against `snapshot()` (which
 * already includes this batch's earlier effects), then `emit`s physical
 * entries, which are applied to memory at once and made durable together
 * when the batch ends.
 */
export class WriteBatch {
  readonly entries: WalEntry[] = [];
  /** Branch heads before the batch, to restore on rollback. */
  readonly headBefore: Lsn;
  private snap: Snapshot | undefined;
  private reserved: { next: Lsn; end: Lsn } = { next: 0, end: -1 };

  constructor(
    readonly state: ProjectState,
    readonly branch: BranchRecord,
    private readonly storage: StorageBackend,
    readonly ts: number,
    readonly actor: string | undefined,
    readonly opId: string,
  ) {
    this.headBefore = state.head(branch.id);
  }

  get project(): string {
    return this.state.name;
  }

  /** The branch head as the batch sees it, including its own writes. */
  snapshot(): Snapshot {
    this.snap ??= new Snapshot(this.state, this.state.liveSegments(this.branch.id));
    return this.snap;
  }

  /** Reserves LSNs ahead for `count` entries (one storage round trip for a whole insertMany). */
  async reserve(count: number): Promise<void> {
    if (count <= 0) return;
    const first = await this.storage.reserveLsns(this.project, count);
    this.reserved = { next: first, end: first + count - 1 };
  }

  /**
   * Assigns the next LSN, applies the entry to memory and queues it for the
   * log. `idKey`, when the caller has it, is `valueKey` of the entry's `_id`.
   * Returns the entry itself while reserved LSNs last (no promise per
   * entry on the bulk insert path); callers await it either way.
   */
  emit(pending: PendingEntry, idKey?: string): WalEntry | Promise<WalEntry> {
    if (pending.kind === 'put') assertDocumentSize(pending.post, pending.op.type);
    if (this.reserved.next > this.reserved.end) return this.reserve(1).then(() => this.emitReserved(pending, idKey));
    return this.emitReserved(pending, idKey);
  }

  private emitReserved(pending: PendingEntry, idKey: string | undefined): WalEntry {
    const lsn = this.reserved.next++;
    // Completing the caller's fresh literal in place avoids a copy per entry
    // (this is the hottest path of bulk inserts).
    const entry = pending as Record<string, unknown>;
    entry.project = this.project;
    entry.lsn = lsn;
    entry.branchId = this.branch.id;
    entry.ts = this.ts;
    if (this.actor !== undefined) entry.actor = this.actor;
    entry.opId = this.opId;
    this.state.apply(entry as unknown as WalEntry, idKey);
    this.entries.push(entry as unknown as WalEntry);
    // Namespace changes alter what the snapshot knows about collections.
    if (entry.kind !== 'put' && entry.kind !== 'delete') this.snap = undefined;
    return entry as unknown as WalEntry;
  }
}
