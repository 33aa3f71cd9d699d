import { BadInputError } from '@argon/core';

/** How appends are made durable. */
export const DURABILITY_MODES = Object.freeze({
  /** An append resolves only after the fdatasync that covers it (group commit). */
  sync: 'sync',
  /** Appends resolve after write(); a timer fdatasyncs every `intervalMs`. */
  interval: 'interval',
} as const);
/** One of {@link DURABILITY_MODES}. */
export type DurabilityMode = (typeof DURABILITY_MODES)[keyof typeof DURABILITY_MODES];

/** A pino-compatible logger: `logger.warn({ file }, 'message')` or `logger.warn('message')`. */
export interface StoreLogger {
  info(objOrMsg: unknown, msg?: string): void;
  warn(objOrMsg: unknown, msg?: string): void;
  error(objOrMsg: unknown, msg?: string): void;
  debug(objOrMsg: unknown, msg?: string): void;
}

/**
 * Test-only fault injection at the `fs` level. Each hook runs right before the
 * named system call and may throw an `Error` carrying a `code` (e.g. `EIO`) to
 * make that call fail. Production code never sets this.
 */
export interface FaultInjector {
  /** Before a write of `bytes` bytes to `file` (segments, metadata, checkpoints). */
  beforeWrite?(file: string, bytes: number): void;
  /** Before an fdatasync/fsync of `file`. */
  beforeSync?(file: string): void;
  /** Before a truncation of `file` to `length`. */
  beforeTruncate?(file: string, length: number): void;
}

/** Options of {@link FileStore}. */
export interface FileStoreOptions {
  /** The data directory; created when missing (unless `readOnly`). */
  readonly dir: string;
  /** `sync` (default) or `interval`; see the README for the data-loss windows. */
  readonly durability?: DurabilityMode;
  /** Fsync period of the `interval` mode in milliseconds (default 100). */
  readonly intervalMs?: number;
  /** A segment is closed and a new one started once it reaches this size (default 64 MiB). */
  readonly segmentBytes?: number;
  /** Checkpoints kept per project (default 3). */
  readonly keepCheckpoints?: number;
  /**
   * Incremental checkpoints are written as layered files, holding only what
   * changed since the checkpoint they build on, while that chain has fewer
   * than this many layered files; then one is written self-contained,
   * copying the chain (default 8; 0: every checkpoint self-contained).
   */
  readonly checkpointLayers?: number;
  /**
   * Build checkpoints from the log in a worker thread, leaving the event
   * loop to requests (default true; false: in the calling thread).
   */
  readonly checkpointWorker?: boolean;
  /** Segments younger than this are never deleted (default 7 days). */
  readonly retentionMs?: number;
  /** Open without the writer lock, for `wal verify`, `status` and dumps; every write is rejected. */
  readonly readOnly?: boolean;
  /** LSNs persisted ahead per lease (default 10,000); a crash leaves a gap of at most 1.5 leases. */
  readonly lsnLeaseSize?: number;
  /**
   * Delay after open before the segments open did not read (sealed, under
   * every checkpoint) are CRC-checked in the background (default 5,000 ms);
   * -1 leaves that to explicit `verifyRemaining()` calls.
   */
  readonly verifyDelayMs?: number;
  readonly logger?: StoreLogger;
  /** Test hook, see {@link FaultInjector}. */
  readonly faults?: FaultInjector;
}

/** {@link FileStoreOptions} with every default applied. */
export interface ResolvedOptions {
  readonly dir: string;
  readonly durability: DurabilityMode;
  readonly intervalMs: number;
  readonly segmentBytes: number;
  readonly keepCheckpoints: number;
  readonly checkpointLayers: number;
  readonly checkpointWorker: boolean;
  readonly retentionMs: number;
  readonly readOnly: boolean;
  readonly lsnLeaseSize: number;
  readonly verifyDelayMs: number;
  readonly logger: StoreLogger;
  readonly faults: FaultInjector | undefined;
}

/** Default segment size: 64 MiB. */
export const DEFAULT_SEGMENT_BYTES = 64 * 1024 * 1024;
/** Default retention window: 7 days. */
export const DEFAULT_RETENTION_MS = 7 * 24 * 60 * 60 * 1000;

const noop = (): void => {};
/** A logger that drops everything. */
export const SILENT_LOGGER: StoreLogger = Object.freeze({ info: noop, warn: noop, error: noop, debug: noop });

function positiveInt(name: string, v: number | undefined, dflt: number, min = 1): number {
  if (v === undefined) return dflt;
  if (!Number.isSafeInteger(v) || v < min) {
    throw new BadInputError(`invalid FileStore option ${name}: ${String(v)}; use an integer ≥ ${min}`, { details: { option: name } });
  }
  return v;
}

/** Validates options and fills in defaults. */
export function resolveOptions(o: FileStoreOptions): ResolvedOptions {
  if (typeof o.dir !== 'string' || o.dir === '') throw new BadInputError('FileStore needs a data directory (option dir)');
  const durability = o.durability ?? 'sync';
  if (durability !== 'sync' && durability !== 'interval') {
    throw new BadInputError(`invalid durability ${JSON.stringify(durability)}: use 'sync' or 'interval'`, { details: { option: 'durability' } });
  }
  return {
    dir: o.dir,
    durability,
    intervalMs: positiveInt('intervalMs', o.intervalMs, 100),
    segmentBytes: positiveInt('segmentBytes', o.segmentBytes, DEFAULT_SEGMENT_BYTES, 4096),
    keepCheckpoints: positiveInt('keepCheckpoints', o.keepCheckpoints, 3),
    checkpointLayers: positiveInt('checkpointLayers', o.checkpointLayers, 8, 0),
    checkpointWorker: o.checkpointWorker ?? true,
    retentionMs: positiveInt('retentionMs', o.retentionMs, DEFAULT_RETENTION_MS, 0),
    readOnly: o.readOnly ?? false,
    lsnLeaseSize: positiveInt('lsnLeaseSize', o.lsnLeaseSize, 10_000),
    verifyDelayMs: positiveInt('verifyDelayMs', o.verifyDelayMs, 5000, -1),
    logger: o.logger ?? SILENT_LOGGER,
    faults: o.faults,
  };
}
