import { mkdir, readdir, stat, unlink } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { ArgonError, assertValidName, BsonWriter, StorageError } from '@argon/core';
import type {
  BranchRecord,
  CheckpointImage,
  Lsn,
  OpenReport,
  ProjectRecord,
  ReadLogOptions,
  RecoveryStats,
  StorageBackend,
  StorageStatus,
  WalEntry,
} from '@argon/core';
import { CheckpointStore, CHECKPOINT_DIR } from './checkpoint/checkpoint-store.js';
import { runLogCheckpointJob } from './checkpoint/log-checkpoint.js';
import type { JobSegment, LogCheckpointJob } from './checkpoint/log-checkpoint.js';
import { runInCheckpointWorker, WorkerUnavailableError } from './checkpoint/worker-host.js';
import { fsStorageError } from './errors.js';
import { DirLock } from './lock/dir-lock.js';
import { validateEntry, writeEntryFrame } from './log/entry-codec.js';
import type { LogIndex, SegmentInfo } from './log/log-index.js';
import { readProjectLog, replayProjectLog } from './log/log-reader.js';
import { recoverLog } from './log/recovery.js';
import { fsyncDir, isTempFile } from './meta/atomic-file.js';
import { LsnAllocator } from './meta/lsn-allocator.js';
import { META_DIR, MetaStore } from './meta/meta-store.js';
import { resolveOptions } from './options.js';
import type { FileStoreOptions, ResolvedOptions } from './options.js';
import { deletableSegments } from './segment/retention.js';
import { listSegments, WAL_DIR } from './segment/segment-files.js';
import { removeSummary, writeSummary } from './segment/segment-summary.js';
import { verifySegmentFrames } from './segment/segment-verifier.js';
import { SegmentWriter } from './segment/segment-writer.js';
import type { FramedEntry } from './segment/segment-writer.js';

type State = 'new' | 'opening' | 'open' | 'closing' | 'closed' | 'failed';

const EMPTY = Buffer.alloc(0);

/**
 * The embedded, durable storage backend: Argon's default. Everything lives in
 * one data directory (see the package README for the layout and formats):
 * an append-only log of CRC-framed BSON entries in segment files with group
 * commit, checksummed metadata tables published atomically, checksummed
 * checkpoint images, and a writer lock.
 *
 * @example
 * ```ts
 * const store = new FileStore({ dir: './argon-data' });
 * const report = await store.open(); // recovers; throws CorruptionError / LockedError
 * const lsn = await store.reserveLsns('shop', 1);
 * await store.append([{ project: 'shop', lsn, branchId: 'b1', ts: Date.now(), collection: 'users', kind: 'put', id, post, pre: null, op }]);
 * for await (const e of store.readLog('shop', 0)) console.log(e.lsn);
 * await store.close();
 * ```
 */
export class FileStore implements StorageBackend {
  readonly kind = 'file' as const;
  readonly shared = false;
  readonly incrementalCheckpoints = true;
  /** The options with defaults applied. */
  readonly options: ResolvedOptions;
  /** Absolute path of the data directory. */
  readonly dir: string;
  private state: State = 'new';
  private lock: DirLock | undefined;
  private meta: MetaStore | undefined;
  private index: LogIndex | undefined;
  private writer: SegmentWriter | undefined;
  private lsns: LsnAllocator | undefined;
  private readonly checkpoints: CheckpointStore;
  private recovery: RecoveryStats | undefined;
  private openMessages: readonly string[] = [];
  // Newest LSN accepted for appending per project (acknowledged or queued).
  private accepted = new Map<string, Lsn>();
  // Appends encode their frames here, then copy them out (see append).
  private readonly frameWriter = new BsonWriter();
  private gc: Promise<void> | null = null;
  // Summaries of sealed segments are written one at a time, off the append path.
  private summaries: Promise<void> = Promise.resolve();
  private verifyTimer: NodeJS.Timeout | undefined;
  private verifying: Promise<readonly string[]> | undefined;
  /** Damage found in segments verified after open. */
  private readonly logDamage: string[] = [];
  private closing: Promise<void> | undefined;
  // Checkpoints from the log are built in the worker thread until it turns out unavailable.
  private useWorker: boolean;

  constructor(options: FileStoreOptions) {
    this.options = resolveOptions(options);
    this.dir = resolve(this.options.dir);
    this.useWorker = this.options.checkpointWorker;
    this.checkpoints = new CheckpointStore(this.dir, this.options.keepCheckpoints, this.options.checkpointLayers, this.options.logger, this.options.faults);
  }

  /**
   * Takes the writer lock (unless read-only), loads the metadata and builds
   * the in-memory index of the log: sealed segments from their summaries,
   * the newest one (and any sealed one without a usable summary) by reading
   * it and checking every frame. A torn tail is truncated and reported;
   * damage anywhere else throws a CorruptionError naming the file and
   * offset; a directory in use throws a LockedError naming the pid. Frames
   * of summarized segments are CRC-checked when first read (recovery's
   * replay reads everything after the checkpoint, and damage there fails
   * the read with the same error) and the rest in the background after open
   * (see {@link verifyRemaining}), so open time does not grow with history.
   */
  async open(): Promise<OpenReport> {
    if (this.state !== 'new') throw new StorageError(`FileStore.open() was already called (state: ${this.state}); create a new FileStore to reopen`);
    this.state = 'opening';
    const t0 = performance.now();
    const o = this.options;
    try {
      const walDir = join(this.dir, WAL_DIR);
      if (o.readOnly) {
        await stat(this.dir).catch((err: unknown) => {
          throw fsStorageError(err, 'opening the data directory', this.dir);
        });
      } else {
        await this.createLayout();
        this.lock = await DirLock.acquire(this.dir);
        await this.removeTempFiles();
      }
      const segmentsOnDisk = await listSegments(walDir);
      this.meta = await MetaStore.load(this.dir, { readOnly: o.readOnly, hasLog: segmentsOnDisk.length > 0, faults: o.faults });
      const rec = await recoverLog({ dir: this.dir, walDir, readOnly: o.readOnly, faults: o.faults });
      const index = rec.index;
      this.index = index;
      const checkpointLsns = await this.checkpoints.newestLsns();
      this.lsns = new LsnAllocator(this.meta.leases, (p) => Math.max(index.lastLsn(p), checkpointLsns.get(p) ?? 0), o.lsnLeaseSize);
      this.accepted = index.lastLsns();
      if (!o.readOnly) {
        this.writer = await SegmentWriter.open(
          {
            walDir,
            durability: o.durability,
            intervalMs: o.intervalMs,
            segmentBytes: o.segmentBytes,
            logger: o.logger,
            faults: o.faults,
            // Every unacknowledged append was just rejected: only acknowledged LSNs remain accepted.
            onReject: () => {
              this.accepted = index.lastLsns();
            },
            onSealed: (seg) => this.summarize(seg),
          },
          index,
        );
      }
      const durationMs = Math.round((performance.now() - t0) * 10) / 10;
      this.recovery = { checkpointLsn: null, entriesScanned: rec.entriesScanned, truncatedBytes: rec.truncatedBytes, durationMs };
      for (const m of rec.messages) o.logger.warn({ dir: this.dir }, m);
      const summarized = rec.summarizedSegments ? `, ${rec.summarizedSegments} sealed segment(s) indexed from their summaries (checked as read and in the background)` : '';
      const summary = `opened ${this.dir}${o.readOnly ? ' read-only' : ''}: ${rec.entriesScanned} log entries in ${index.segments.length - rec.summarizedSegments} segment(s) verified${summarized} in ${durationMs} ms`;
      o.logger.info({ dir: this.dir, recovery: this.recovery }, summary);
      this.openMessages = [...rec.messages, summary];
      this.state = 'open';
      if (!o.readOnly) {
        await this.collectGarbage();
        for (const seq of rec.unsummarized) {
          const seg = index.segment(seq);
          if (seg) this.summarize(seg);
        }
      }
      if (rec.summarizedSegments > 0 && o.verifyDelayMs >= 0) {
        this.verifyTimer = setTimeout(() => void this.verifyRemaining(), o.verifyDelayMs);
        this.verifyTimer.unref();
      }
      return { messages: this.openMessages, recovery: this.recovery };
    } catch (err) {
      this.state = 'failed';
      await this.writer?.close().catch(() => {});
      await this.lock?.release();
      throw err instanceof ArgonError ? err : fsStorageError(err, 'opening', this.dir);
    }
  }

  /** Flushes and fsyncs everything acknowledged, then releases the lock. Idempotent. */
  close(): Promise<void> {
    this.closing ??= this.doClose();
    return this.closing;
  }

  async loadProjects(): Promise<ProjectRecord[]> {
    return this.openMeta().projects();
  }

  async saveProject(project: ProjectRecord): Promise<void> {
    this.assertWritable();
    assertValidName('project', project.name);
    await this.openMeta().saveProject(project);
  }

  async loadBranches(project: string): Promise<BranchRecord[]> {
    return this.openMeta().branches(project);
  }

  async saveBranch(branch: BranchRecord): Promise<void> {
    this.assertWritable();
    assertValidName('project', branch.project);
    if (typeof branch.id !== 'string' || branch.id === '') throw new ArgonError('cannot save a branch without an id');
    await this.openMeta().saveBranch(branch);
  }

  async reserveLsns(project: string, count: number): Promise<Lsn> {
    this.assertWritable();
    assertValidName('project', project);
    return this.lsns!.reserve(project, count);
  }

  /**
   * Appends entries; resolves when they are acknowledged (after the covering
   * fdatasync in `sync` mode, after write() in `interval` mode). A project's
   * entries must arrive in ascending LSN order across calls.
   */
  append(entries: readonly WalEntry[]): Promise<void> {
    try {
      this.assertWritable();
      if (entries.length === 0) return this.writer!.append(EMPTY, []);
      const w = this.frameWriter;
      w.pos = 0;
      const framed: FramedEntry[] = new Array<FramedEntry>(entries.length);
      const lastOf = new Map<string, Lsn>();
      // The project of the previous entry and its LSN (not yet in lastOf): batches are usually one project.
      let project = '';
      let prev = 0;
      for (let i = 0; i < entries.length; i++) {
        const e = entries[i]!;
        validateEntry(e);
        if (e.project !== project) {
          if (project !== '') lastOf.set(project, prev);
          project = e.project;
          prev = lastOf.get(project) ?? this.accepted.get(project) ?? 0;
        }
        if (e.lsn <= prev) {
          throw new ArgonError(
            `append out of LSN order: entry ${e.lsn} of project ${e.project} is not above ${prev}, already appended; a project's entries must be appended in ascending LSN order`,
            { details: { project: e.project, lsn: e.lsn, previous: prev } },
          );
        }
        prev = e.lsn;
        framed[i] = { project: e.project, lsn: e.lsn, ts: e.ts, offset: w.pos };
        writeEntryFrame(w, e);
      }
      lastOf.set(project, prev);
      // The writer's buffer is reused by the next append; the batch keeps its own copy.
      const data = Buffer.allocUnsafe(w.pos);
      w.bytes.copy(data, 0, 0, w.pos);
      w.shrink();
      for (const [p, lsn] of lastOf) this.accepted.set(p, lsn);
      return this.writer!.append(data, framed);
    } catch (err) {
      return Promise.reject(err);
    }
  }

  readLog(project: string, afterLsn: Lsn, limit?: number, options?: ReadLogOptions): AsyncIterable<WalEntry> {
    let index: LogIndex;
    try {
      index = this.openIndex();
    } catch (err) {
      return (async function* fail(): AsyncGenerator<WalEntry> {
        throw err;
      })();
    }
    return readProjectLog(this.dir, index, project, afterLsn, limit ?? Infinity, options?.forReplay === true);
  }

  replayLog(project: string, afterLsn: Lsn, visit: (entry: WalEntry) => void): Promise<number> {
    try {
      return replayProjectLog(this.dir, this.openIndex(), project, afterLsn, visit);
    } catch (err) {
      return Promise.reject(err);
    }
  }

  async saveCheckpoint(checkpoint: CheckpointImage): Promise<void> {
    this.assertWritable();
    await this.checkpoints.save(checkpoint);
    await this.collectGarbage();
  }

  /**
   * Saves a checkpoint whose versions above `baseLsn` (every version without
   * it) are built from the log in the checkpoint worker thread (in this
   * thread with fault injection, with `checkpointWorker: false`, or when no
   * worker can be started — said once in the log).
   */
  async saveCheckpointFromLog(checkpoint: CheckpointImage): Promise<void> {
    this.assertWritable();
    const index = this.openIndex();
    const project = checkpoint.project;
    const baseLsn = checkpoint.baseLsn ?? 0;
    const start = index.seek(project, baseLsn);
    const segments: JobSegment[] = [];
    if (start) {
      for (const seg of index.segments) {
        if (seg.seq < start.seq || (seg.projects.get(project)?.maxLsn ?? 0) <= baseLsn) continue;
        segments.push({ path: seg.path, summary: index.summarize(seg), verified: seg.verified });
      }
    }
    const inThread = (job: LogCheckpointJob) => runLogCheckpointJob(job, this.options.faults);
    const run = this.options.faults || !this.useWorker ? inThread : (job: LogCheckpointJob) =>
      runInCheckpointWorker(job).catch((err: unknown) => {
        if (!(err instanceof WorkerUnavailableError)) throw err;
        this.useWorker = false;
        this.options.logger.warn({ err }, `${err.message}; checkpoints are built in the main thread from now on`);
        return inThread(job);
      });
    await this.checkpoints.saveFromLog(checkpoint, segments, run);
    await this.collectGarbage();
  }

  async loadCheckpoint(project: string): Promise<CheckpointImage | null> {
    this.openIndex();
    return this.checkpoints.load(project);
  }

  /** Storage facts; also available after close (counters of the closed session). */
  async status(): Promise<StorageStatus> {
    if (!this.index) this.assertOpen();
    const index = this.index!;
    const w = this.writer?.counters;
    return {
      kind: 'file',
      location: this.dir,
      durability: this.options.durability,
      ...(this.options.durability === 'interval' ? { intervalMs: this.options.intervalMs } : {}),
      readOnly: this.options.readOnly,
      bytesOnDisk: await diskUsage(this.dir),
      logBytes: index.segments.reduce((n, s) => n + s.size, 0),
      segments: index.segments.length,
      checkpoints: await this.checkpoints.count(),
      ...(this.recovery ? { recovery: this.recovery } : {}),
      appends: w?.appends ?? 0,
      fsyncs: w?.fsyncs ?? 0,
      bytes: w?.bytes ?? 0,
      entriesAppended: w?.entries ?? 0,
      writeBatches: w?.batches ?? 0,
      failedAppends: w?.failedAppends ?? 0,
      ...(this.writer?.lastError ? { lastError: this.writer.lastError } : {}),
      ...(this.checkpoints.problems.length ? { checkpointProblems: [...this.checkpoints.problems] } : {}),
      unverifiedSegments: index.segments.filter((seg) => !seg.verified).length,
      ...(this.logDamage.length ? { logDamage: [...this.logDamage] } : {}),
      openMessages: this.openMessages,
    };
  }

  /**
   * Checks the CRC of every frame of the segments open indexed from their
   * summaries and nothing has read in full since. Damage is logged as an
   * error naming the file and offset and listed in `status().logDamage`.
   * Recovery checked everything it replayed, so such damage lies under the
   * checkpoint it started from: the current state is intact, but reading
   * that part of the log (history, or recovery from an older checkpoint)
   * would fail. Runs by itself `verifyDelayMs` after open; returns the
   * damage found.
   */
  verifyRemaining(): Promise<readonly string[]> {
    this.verifying ??= this.verifySegments();
    return this.verifying;
  }

  private async verifySegments(): Promise<readonly string[]> {
    for (const seg of [...(this.index?.segments ?? [])]) {
      if (this.state !== 'open') break;
      if (seg.verified) continue;
      const problem = await verifySegmentFrames(this.dir, seg, () => this.state !== 'open');
      if (problem) {
        this.logDamage.push(problem.message);
        this.options.logger.error({ file: seg.path, offset: problem.offset }, problem.message);
      }
    }
    return [...this.logDamage];
  }

  // Writes a sealed segment's summary in the background; without one, the next open scans the segment.
  private summarize(seg: SegmentInfo): void {
    const index = this.index;
    if (!index) return;
    const sum = index.summarize(seg);
    this.summaries = this.summaries
      .then(() => writeSummary(join(this.dir, WAL_DIR), sum, this.options.faults))
      .catch((err: unknown) => this.options.logger.warn({ err, file: seg.path }, `could not write the summary of ${seg.path} (the next open reads the segment instead): ${err instanceof Error ? err.message : String(err)}`));
  }

  /**
   * Deletes the oldest segments whose every entry is covered by the oldest
   * kept checkpoint of its project and older than the retention window. Runs
   * after each checkpoint; errors are logged, never thrown.
   */
  collectGarbage(): Promise<number> {
    // Serialized: two overlapping runs could drop the same segment from the index twice.
    const run = (this.gc ?? Promise.resolve()).then(() => this.collectOnce());
    const tail = run.then(() => {}, () => {});
    this.gc = tail;
    void tail.then(() => {
      if (this.gc === tail) this.gc = null;
    });
    return run;
  }

  private async collectOnce(): Promise<number> {
    const index = this.index;
    if (!this.writer || !index || this.state !== 'open') return 0;
    let deleted = 0;
    try {
      const oldest = new Map<string, Lsn | null>();
      for (const seg of index.segments.slice(0, -1)) {
        for (const p of seg.projects.keys()) if (!oldest.has(p)) oldest.set(p, await this.checkpoints.oldestKeptLsn(p));
      }
      const del = deletableSegments({
        segments: index.segments,
        oldestCheckpointLsn: (p) => oldest.get(p) ?? null,
        now: Date.now(),
        retentionMs: this.options.retentionMs,
      });
      for (const seg of del) {
        await unlink(seg.path);
        index.dropOldestSegment();
        await removeSummary(join(this.dir, WAL_DIR), seg.seq);
        deleted++;
        this.options.logger.info({ file: seg.path }, `deleted log segment ${seg.path}: every entry is covered by a checkpoint and older than the retention window`);
      }
      if (deleted > 0) await fsyncDir(join(this.dir, WAL_DIR));
    } catch (err) {
      this.options.logger.warn({ err }, `log segment cleanup failed: ${err instanceof Error ? err.message : String(err)}`);
    }
    return deleted;
  }

  private async doClose(): Promise<void> {
    if (this.state !== 'open') {
      this.state = 'closed';
      return;
    }
    this.state = 'closing';
    clearTimeout(this.verifyTimer);
    let failure: unknown;
    try {
      await this.writer?.close();
      // Everything is durable now: bring the LSN leases down to what was used.
      await this.lsns?.settle();
    } catch (err) {
      failure = err;
    }
    await this.meta?.idle();
    await this.checkpoints.idle();
    await this.gc;
    await this.summaries;
    await this.verifying;
    await this.lock?.release();
    this.state = 'closed';
    if (failure !== undefined) throw failure;
  }

  private async createLayout(): Promise<void> {
    try {
      const made = await mkdir(this.dir, { recursive: true });
      if (made !== undefined) await fsyncDir(dirname(made));
      let created = false;
      for (const sub of [WAL_DIR, META_DIR, CHECKPOINT_DIR]) {
        created = (await mkdir(join(this.dir, sub), { recursive: true })) !== undefined || created;
      }
      if (created) await fsyncDir(this.dir);
    } catch (err) {
      throw fsStorageError(err, 'creating the data directory', this.dir);
    }
  }

  // Temp files of interrupted atomic publishes are garbage: the rename never happened.
  private async removeTempFiles(): Promise<void> {
    await this.lock?.removeLeftovers();
    for (const sub of [META_DIR, WAL_DIR]) {
      const d = join(this.dir, sub);
      for (const name of await readdir(d)) if (isTempFile(name)) await unlink(join(d, name)).catch(() => {});
    }
    await this.checkpoints.removeTempFiles();
  }

  private assertOpen(): void {
    if (this.state === 'open') return;
    if (this.state === 'new' || this.state === 'opening') throw new StorageError('the file store is not open yet; call open() first');
    throw new StorageError(`the file store is ${this.state === 'failed' ? 'unusable (open failed)' : 'closed'}; open a new FileStore`);
  }

  private assertWritable(): void {
    this.assertOpen();
    if (this.options.readOnly) throw new StorageError(`the data directory ${this.dir} is opened read-only; writes are rejected`);
  }

  private openMeta(): MetaStore {
    this.assertOpen();
    return this.meta!;
  }

  private openIndex(): LogIndex {
    this.assertOpen();
    return this.index!;
  }
}

/** Total size of the files under `dir`. */
async function diskUsage(dir: string): Promise<number> {
  let total = 0;
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const e of entries) {
    const p = join(dir, e.name);
    if (e.isDirectory()) total += await diskUsage(p);
    else if (e.isFile()) total += await stat(p).then((s) => s.size, () => 0);
  }
  return total;
}
