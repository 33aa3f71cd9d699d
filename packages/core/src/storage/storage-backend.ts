import type { BranchRecord } from '../model/branch.js';
import type { Lsn } from '../model/lsn.js';
import type { ProjectRecord } from '../model/project.js';
import type { WalEntry } from '../model/wal-entry.js';
import type { RawDocument } from '../engine/raw-document.js';

/**
 * The one storage contract behind Argon's engine. It holds the projects
 * (`wal_projects`), the branches (`wal_branches`), the log (`wal_log`) and
 * checkpoint images. The memory store, the embedded file store and the
 * MongoDB store all implement it unchanged, and one conformance suite runs
 * against each (`packages/core/test/storage/conformance.ts`).
 *
 * The engine keeps the materialized state; a backend only has to store and
 * return what it is given, durably and in order.
 */
export interface StorageBackend {
  /** Which implementation this is, for status output. */
  readonly kind: 'memory' | 'file' | 'mongodb';
  /**
   * True when other processes may append to the same log concurrently (the
   * MongoDB backend). The engine then catches up with `readLog` before serving
   * reads and writes.
   */
  readonly shared: boolean;
  /**
   * True when `saveCheckpoint` accepts incremental images (see
   * {@link CheckpointImage.baseLsn}). The engine then encodes only what
   * changed since the previous checkpoint instead of the whole history.
   */
  readonly incrementalCheckpoints?: boolean;

  /** Opens (and recovers) the store. Must be called once before anything else. */
  open(): Promise<OpenReport>;
  /** Flushes everything acknowledged and releases resources (locks, files, sockets). */
  close(): Promise<void>;

  /** All projects, deleted ones included. */
  loadProjects(): Promise<ProjectRecord[]>;
  /** Inserts or replaces a project record; durable when it resolves. */
  saveProject(project: ProjectRecord): Promise<void>;

  /** All branches of a project, deleted ones included. */
  loadBranches(project: string): Promise<BranchRecord[]>;
  /**
   * Inserts or replaces a branch record, atomically and durably: a crash leaves
   * either the old or the new record, never a mix. Used for creation, deletion
   * and reset (which lowers the head).
   */
  saveBranch(branch: BranchRecord): Promise<void>;

  /**
   * Reserves `count` consecutive LSNs for a project and returns the first.
   * Every call returns LSNs above every LSN returned before, by this process
   * or (for shared backends) any other. Reserved LSNs are never handed out
   * again, even after a crash; unused ones simply leave a gap.
   */
  reserveLsns(project: string, count: number): Promise<Lsn>;

  /**
   * Appends entries (ascending LSN within the call). When the promise resolves
   * the entries are durable according to the backend's durability mode; they
   * are the acknowledged writes. Appends resolve in call order. If one fails,
   * the backend also rejects every append issued after it that is not yet
   * acknowledged, so the engine can roll its memory back to a consistent
   * prefix of the log.
   */
  append(entries: readonly WalEntry[]): Promise<void>;

  /**
   * Reads a project's entries with LSN strictly above `afterLsn`, ascending.
   * Used for recovery on open and, on shared backends, for catching up with
   * other processes. `limit` bounds the number of entries returned.
   */
  readLog(project: string, afterLsn: Lsn, limit?: number, options?: ReadLogOptions): AsyncIterable<WalEntry>;

  /**
   * Optional fast path of recovery: calls `visit` synchronously for each of
   * the entries `readLog(project, afterLsn, undefined, {forReplay: true})`
   * would yield, in the same order, and resolves with their count. It
   * exists because an async iterator costs a promise and a microtask per
   * entry, a noticeable part of a million-entry replay. If `visit` throws,
   * reading stops and the promise rejects with that error.
   */
  replayLog?(project: string, afterLsn: Lsn, visit: (entry: WalEntry) => void): Promise<number>;

  /**
   * Stores a checkpoint image. Backends keep the newest few and verify a
   * checksum on load; an image is an opaque sequence of byte chunks produced
   * by the engine (each at most `MAX_CHECKPOINT_CHUNK_BYTES`).
   */
  saveCheckpoint(checkpoint: CheckpointImage): Promise<void>;
  /**
   * Optional: saves an image whose chain chunks the backend builds itself
   * from its log, with `LogDeltaEncoder`, away from the engine's thread:
   * from the project's entries with LSNs in (`baseLsn`, `lsn`] (all
   * durable) for an incremental image, or from every entry up to `lsn`
   * without `baseLsn` (the engine asks that only while its state holds
   * nothing but what the log holds: no checkpoint was saved or loaded).
   * `checkpoint.chunks` holds only the header chunk. Throws, saving
   * nothing, when it cannot; the engine then encodes the chunks from memory.
   */
  saveCheckpointFromLog?(checkpoint: CheckpointImage): Promise<void>;
  /** The newest checkpoint of a project that verifies, or null. */
  loadCheckpoint(project: string): Promise<CheckpointImage | null>;

  /** Storage-level facts for `status`: sizes, durability, recovery statistics. */
  status(): Promise<StorageStatus>;

  /**
   * Shared backends only: a number that changes whenever any process saves a
   * project or branch record, so the engine reloads metadata only then.
   */
  metadataVersion?(): Promise<number>;
  /**
   * Shared backends only: reads specific LSNs. The engine re-asks for LSNs it
   * skipped because another process had reserved them but not yet written.
   */
  readLsns?(project: string, lsns: readonly Lsn[]): Promise<WalEntry[]>;
}

/** Options of {@link StorageBackend.readLog}. */
export interface ReadLogOptions {
  /**
   * The entries are only replayed (recovery, catch-up), which reads neither
   * `pre`, `opId`, nor `op` beyond `op.type`, and stores `post` without
   * looking into it. A backend may then leave those out, which roughly
   * halves the decoding of update entries (`pre` and `opId` are then
   * undefined and `op` holds only `type`), and may hand `post` over as a
   * {@link RawDocument} that is decoded on first read.
   */
  readonly forReplay?: boolean;
}

/** Upper bound of one checkpoint chunk, below MongoDB's 16 MiB document limit. */
export const MAX_CHECKPOINT_CHUNK_BYTES = 8 * 1024 * 1024;

/** An engine-produced image of a project's materialized state as of `lsn`. */
export interface CheckpointImage {
  readonly project: string;
  /** Every entry with LSN ≤ this is reflected in the image. */
  readonly lsn: Lsn;
  readonly createdAt: Date;
  /**
   * The image's chunks; the first is a header the engine rewrites in full
   * every time, the others hold version chains.
   */
  readonly chunks: readonly Uint8Array[];
  /**
   * Incremental images only: the LSN of an earlier checkpoint of the same
   * project, saved by this backend, whose chunks after its header belong
   * between this image's header and this image's other chunks. Version
   * history at or below that LSN never changes, so an image need not encode
   * it again. The backend resolves the reference when saving or loading, and
   * rejects the save if that checkpoint is gone; `loadCheckpoint` always
   * returns self-contained images, without `baseLsn`.
   */
  readonly baseLsn?: Lsn;
}

/** What `open` found, reported in the startup log and by `status`. */
export interface OpenReport {
  /** Human-readable lines about recovery (torn tails truncated, checkpoints used...). */
  readonly messages: readonly string[];
  readonly recovery?: RecoveryStats;
}

/** Recovery statistics of the last open. */
export interface RecoveryStats {
  readonly checkpointLsn: Lsn | null;
  readonly entriesScanned: number;
  readonly truncatedBytes: number;
  readonly durationMs: number;
}

/** Storage facts for `status`. */
export interface StorageStatus {
  readonly kind: StorageBackend['kind'];
  /** Where the data lives: a directory, a URI (without credentials), or "memory". */
  readonly location: string;
  readonly durability?: string;
  readonly bytesOnDisk?: number;
  readonly logBytes?: number;
  readonly segments?: number;
  readonly checkpoints?: number;
  readonly recovery?: RecoveryStats;
  readonly [extra: string]: unknown;
}
