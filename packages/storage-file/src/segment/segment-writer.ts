import { constants as fsConstants, write as fsWrite, writeSync } from 'node:fs';
import { open, unlink } from 'node:fs/promises';
import { crc32 } from 'node:zlib';
import type { FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { StorageError } from '@argon/core';
import type { Lsn } from '@argon/core';
import { fsStorageError } from '../errors.js';
import { encodeFileHeader, FILE_HEADER_BYTES } from '../format/file-header.js';
import type { LogIndex, SegmentInfo } from '../log/log-index.js';
import { fsyncDir } from '../meta/atomic-file.js';
import type { DurabilityMode, FaultInjector, StoreLogger } from '../options.js';
import { segmentFileName } from './segment-files.js';

/** Where one entry of an append lies in the append's bytes. */
export interface FramedEntry {
  readonly project: string;
  readonly lsn: Lsn;
  readonly ts: number;
  /** Offset of the entry's frame within the append's buffer. */
  readonly offset: number;
}

interface PendingAppend {
  readonly data: Buffer;
  readonly entries: readonly FramedEntry[];
  readonly resolve: () => void;
  readonly reject: (err: unknown) => void;
}

/** Counters exposed by `status()`. */
export interface WriterCounters {
  /** Acknowledged append calls. */
  appends: number;
  /** Acknowledged entries. */
  entries: number;
  /** write() calls, one per group-commit batch. */
  batches: number;
  fsyncs: number;
  /** Acknowledged bytes written to segments. */
  bytes: number;
  /** Appends rejected because of a storage failure. */
  failedAppends: number;
}

/** Settings of a {@link SegmentWriter}. */
export interface WriterOptions {
  readonly walDir: string;
  readonly durability: DurabilityMode;
  readonly intervalMs: number;
  readonly segmentBytes: number;
  readonly logger: StoreLogger;
  readonly faults: FaultInjector | undefined;
  /** Called synchronously after a failure rejected every unacknowledged append. */
  readonly onReject?: () => void;
  /** Called once a full segment is durable and appends moved on to the next one. */
  readonly onSealed?: (seg: SegmentInfo) => void;
}

/**
 * Appends frames to the newest segment with group commit. Appends queue up
 * while a write+fdatasync is in flight; when it completes, everything queued
 * goes out as one write and one fdatasync, so concurrent writers share fsyncs
 * (a new batch may wait until the current turn of the event loop ends, so
 * that many writers split into two halves that alternate: see `holdBack`).
 *
 * - `sync`: an append resolves after the fdatasync that covers it. Where
 *   the platform has O_DSYNC, segments are opened with it and the write
 *   itself is that fdatasync: one thread-pool round trip per batch instead
 *   of two, which is most of the latency of a lone writer.
 * - `interval`: an append resolves after write(); a timer fdatasyncs every
 *   `intervalMs` (acknowledged writes of the last interval can be lost on
 *   power loss or an OS crash, not on a process crash).
 *
 * When a write or fdatasync fails, the batch and every append queued behind it
 * are rejected, the segment is truncated back to the last acknowledged byte,
 * and later appends try again (after that truncation has succeeded).
 */
export class SegmentWriter {
  /** Counters for status output. */
  readonly counters: WriterCounters = { appends: 0, entries: 0, batches: 0, fsyncs: 0, bytes: 0, failedAppends: 0 };
  /** The message of the last storage failure, for status output. */
  lastError: string | undefined;
  private queue: PendingAppend[] = [];
  private draining: Promise<void> | null = null;
  private dirty = false;
  private syncRequested = false;
  private needsRepair = false;
  private closed = false;
  private timer: NodeJS.Timeout | undefined;
  // Moving average of how long a durable write takes, in ms.
  private syncMs = 0;
  // Consecutive thread-pool writes of a single append during which no other append arrived.
  private quietWrites = 0;
  // Blocking writes since the last thread-pool write.
  private inlineStreak = 0;
  // The zero-fill running ahead of the appends, if any.
  private extending: Promise<void> | undefined;
  // Moving average of the bytes a batch writes.
  private batchBytes = 0;
  private preallocateFailed = false;
  // Appends in the batch most recently taken from the queue (see holdBack).
  private lastBatchAppends = 0;
  private startScheduled = false;
  // Set when a held-back start is due: the next batch goes out whatever its size.
  private startDue = false;

  private constructor(
    private readonly o: WriterOptions,
    private readonly index: LogIndex,
    private fh: FileHandle,
    private seg: SegmentInfo,
    // End of the zero-filled space written ahead of the appends in the active segment.
    private preEnd: number,
  ) {
    if (o.durability === 'interval') {
      this.timer = setInterval(() => {
        if (!this.dirty) return;
        this.syncRequested = true;
        this.kick();
      }, o.intervalMs);
      this.timer.unref();
    }
  }

  /** Opens the newest segment of `index` for appending, creating segment 1 in an empty log. */
  static async open(o: WriterOptions, index: LogIndex): Promise<SegmentWriter> {
    const last = index.segments.at(-1);
    if (!last) {
      const { fh, seg } = await createSegment(o, index, 1);
      return new SegmentWriter(o, index, fh, seg, seg.size);
    }
    let fh: FileHandle;
    let fileSize: number;
    try {
      fh = await open(last.path, segmentFlags(o.durability, false));
      fileSize = (await fh.stat()).size;
    } catch (err) {
      throw fsStorageError(err, 'opening', last.path);
    }
    // Recovery left any zero-filled space after the last entry in place: appends reuse it.
    return new SegmentWriter(o, index, fh, last, Math.max(last.size, fileSize));
  }

  /** The segment being appended to. */
  get activeSegment(): SegmentInfo {
    return this.seg;
  }

  /** Queues framed entries; resolves once they are acknowledged (see the durability modes). */
  append(data: Buffer, entries: readonly FramedEntry[]): Promise<void> {
    if (this.closed) return Promise.reject(new StorageError('the file store is closed; open it again before appending'));
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ data, entries, resolve, reject });
      this.kick();
    });
  }

  /** Makes every acknowledged byte durable now (interval mode); resolves when done. */
  async flush(): Promise<void> {
    this.syncRequested = true;
    this.kick();
    while (this.draining) await this.draining;
  }

  /** Flushes, fsyncs and closes the segment; idempotent. Appends after this are rejected. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    // Appends held back for a moment (see holdBack) still go out.
    if (this.queue.length > 0) this.kick();
    while (this.draining) await this.draining;
    try {
      await this.extending;
      // A clean shutdown leaves the segment exactly as long as its entries.
      if (this.preEnd > this.seg.size) {
        await this.fh.truncate(this.seg.size);
        this.preEnd = this.seg.size;
        this.dirty = true;
      }
      if (this.dirty) {
        this.o.faults?.beforeSync?.(this.seg.path);
        await this.fh.datasync();
        this.counters.fsyncs++;
        this.dirty = false;
      }
    } catch (err) {
      throw fsStorageError(err, 'syncing', this.seg.path);
    } finally {
      await this.fh.close();
    }
  }

  private kick(): void {
    if (this.draining) return;
    if (this.holdBack()) {
      this.scheduleStart();
      return;
    }
    this.draining = this.drain().finally(() => {
      this.draining = null;
      if (this.queue.length > 0 || (this.syncRequested && this.dirty)) this.kick();
    });
  }

  /**
   * Whether queued appends should wait a moment before a write starts.
   *
   * When a batch is acknowledged, its writers resume one after another on
   * the event loop. Writing as soon as the first of them appends again sends
   * out a batch of one, and everyone else then waits for that write and
   * goes out together in the next one: with many writers the batches settle
   * into "1, then all the rest", and the main thread sits idle during every
   * large write. Holding back until half as many appends as the last batch
   * had are queued splits the writers into two halves instead, each written
   * while the other half runs, so the disk and the CPU work at the same
   * time. The wait never outlasts the current turn of the event loop (see
   * `scheduleStart`), and a lone writer (last batch of one) never waits.
   */
  private holdBack(): boolean {
    if (this.startDue || this.syncRequested || this.closed || this.queue.length === 0) return false;
    return this.queue.length < (this.lastBatchAppends + 1) >> 1;
  }

  // Starts whatever is queued once the event loop has run everything already runnable.
  private scheduleStart(): void {
    if (this.startScheduled) return;
    this.startScheduled = true;
    setImmediate(() => {
      this.startScheduled = false;
      this.startDue = true;
      this.kick();
    });
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0 || this.syncRequested) {
      if (this.syncRequested) {
        this.syncRequested = false;
        if (this.dirty) await this.syncInterval();
        continue;
      }
      if (this.needsRepair) {
        try {
          await this.truncateBack();
        } catch (err) {
          this.fail(this.queue.splice(0), fsStorageError(err, 'appending to', this.seg.path));
          continue;
        }
      }
      if (this.holdBack()) {
        this.scheduleStart();
        return;
      }
      this.startDue = false;
      const batch = this.queue.splice(0);
      this.lastBatchAppends = batch.length;
      try {
        // Roll only between batches, so a batch never spans two segments.
        if (this.seg.size >= this.o.segmentBytes && this.seg.entries > 0) await this.roll();
      } catch (err) {
        this.fail([...batch, ...this.queue.splice(0)], err);
        continue;
      }
      const data = batch.length === 1 ? batch[0]!.data : Buffer.concat(batch.map((b) => b.data));
      const at = this.seg.size;
      // The zeros being written ahead must not land on this batch.
      if (this.extending && at + data.length > this.preEnd) await this.extending;
      try {
        if (this.o.durability === 'sync' && DSYNC) {
          // The write returns once the data is durable (O_DSYNC): it is this batch's fdatasync.
          this.o.faults?.beforeSync?.(this.seg.path);
          const started = performance.now();
          if (batch.length === 1 && this.quietWrites >= QUIET_WRITES_FOR_INLINE && this.inlineStreak < PROBE_EVERY && this.syncMs < INLINE_SYNC_MAX_MS) {
            this.writeAtInline(data, at);
            this.inlineStreak++;
          } else {
            await this.writeAt(data, at);
            this.inlineStreak = 0;
            // Nothing else arrived while the thread pool wrote: a lone writer.
            this.quietWrites = batch.length === 1 && this.queue.length === 0 ? this.quietWrites + 1 : 0;
          }
          this.syncMs = this.syncMs * 0.8 + (performance.now() - started) * 0.2;
          this.counters.fsyncs++;
        } else {
          await this.writeAt(data, at);
          if (this.o.durability === 'sync') await this.datasync();
          else this.dirty = true;
        }
      } catch (err) {
        this.fail([...batch, ...this.queue.splice(0)], fsStorageError(err, 'appending to', this.seg.path));
        this.needsRepair = true;
        await this.truncateBack().catch((e: unknown) => {
          this.o.logger.error({ file: this.seg.path, err: e }, `could not truncate ${this.seg.path} back to ${at} bytes after a failed append; appends are refused until it can be`);
        });
        continue;
      }
      // Acknowledge: index first, so a readLog right after the append sees the entries.
      let off = at;
      for (const item of batch) {
        for (const e of item.entries) this.index.add(this.seg, e.project, e.lsn, e.ts, off + e.offset);
        off += item.data.length;
      }
      if (this.seg.dataCrc !== undefined) this.seg.dataCrc = crc32(data, this.seg.dataCrc);
      this.seg.size = at + data.length;
      if (this.seg.size > this.preEnd) this.preEnd = this.seg.size;
      this.batchBytes = this.counters.batches === 0 ? data.length : (this.batchBytes + data.length) / 2;
      this.preallocate();
      this.counters.batches++;
      this.counters.bytes += data.length;
      for (const item of batch) {
        this.counters.appends++;
        this.counters.entries += item.entries.length;
        item.resolve();
      }
    }
  }

  private fail(items: PendingAppend[], err: unknown): void {
    const e = err instanceof StorageError ? err : fsStorageError(err, 'appending to', this.seg.path);
    this.lastError = e.message;
    this.o.logger.error({ file: this.seg.path, err: e }, e.message);
    this.counters.failedAppends += items.length;
    for (const item of items) item.reject(e);
    this.o.onReject?.();
  }

  /**
   * Keeps zero-filled space written ahead of the appends. An fdatasync after
   * an append that grows the file must also commit the new size to the file
   * system journal; one that overwrites blocks already written does not,
   * which on ext4 makes it up to twice as fast. Runs in the background, in
   * steps, at most one step past the segment size, and only while batches
   * are small (see PREALLOCATE_MAX_BATCH_BYTES); a failure (disk full) only
   * stops it for this segment.
   */
  private preallocate(): void {
    // Large batches (bulk loads) gain little from it and would pay for the zeros twice in disk writes.
    if (this.batchBytes > PREALLOCATE_MAX_BATCH_BYTES) return;
    if (this.extending || this.preallocateFailed || this.closed) return;
    const limit = this.o.segmentBytes + PREALLOCATE_STEP;
    if (this.preEnd - this.seg.size >= PREALLOCATE_STEP / 2 || this.preEnd >= limit) return;
    const from = this.preEnd;
    const length = Math.min(PREALLOCATE_STEP, limit - from);
    const fh = this.fh;
    const path = this.seg.path;
    this.extending = (async () => {
      try {
        let done = 0;
        while (done < length) done += await writeFd(fh.fd, ZEROS, 0, Math.min(ZEROS.length, length - done), from + done);
        await fh.datasync();
        if (this.fh === fh) this.preEnd = Math.max(this.preEnd, from + length);
      } catch (err) {
        this.preallocateFailed = true;
        this.o.logger.debug({ file: path, err }, `not preallocating ${path} further: ${err instanceof Error ? err.message : String(err)}`);
      } finally {
        this.extending = undefined;
      }
    })();
  }

  // A lone writer on a fast disk: a blocking write skips the thread-pool
  // hand-off (~20 µs of main-thread time on small VMs, plus wake-up latency)
  // that otherwise costs a single writer a third of its rate. Only while
  // appends come one at a time: a blocking write would keep concurrent
  // writers from queueing up behind it, and so from sharing its fsync.
  private writeAtInline(data: Buffer, at: number): void {
    this.o.faults?.beforeWrite?.(this.seg.path, data.length);
    let done = 0;
    while (done < data.length) done += writeSync(this.fh.fd, data, done, data.length - done, at + done);
  }

  private async writeAt(data: Buffer, at: number): Promise<void> {
    this.o.faults?.beforeWrite?.(this.seg.path, data.length);
    let done = 0;
    while (done < data.length) done += await writeFd(this.fh.fd, data, done, data.length - done, at + done);
  }

  private async datasync(): Promise<void> {
    this.o.faults?.beforeSync?.(this.seg.path);
    await this.fh.datasync();
    this.counters.fsyncs++;
  }

  // Cuts off the bytes of failed appends, so the next write continues right after acknowledged data.
  private async truncateBack(): Promise<void> {
    this.o.faults?.beforeTruncate?.(this.seg.path, this.seg.size);
    await this.extending;
    await this.fh.truncate(this.seg.size);
    await this.fh.datasync();
    this.preEnd = this.seg.size;
    this.needsRepair = false;
    this.dirty = false;
  }

  private async syncInterval(): Promise<void> {
    this.dirty = false;
    try {
      await this.datasync();
    } catch (err) {
      this.dirty = true;
      const e = fsStorageError(err, 'syncing', this.seg.path);
      this.lastError = e.message;
      this.o.logger.error({ file: this.seg.path, err: e }, `${e.message} (interval durability: writes acknowledged since the last successful sync are not yet durable)`);
    }
  }

  // The full segment is made durable before the next one starts, so only the newest segment can have a torn tail.
  private async roll(): Promise<void> {
    await this.extending;
    // A sealed segment ends with its last entry (summaries and readers rely on its size).
    if (this.preEnd > this.seg.size) {
      await this.fh.truncate(this.seg.size);
      this.dirty = true;
    }
    if (this.dirty) {
      await this.datasync();
      this.dirty = false;
    }
    const { fh, seg } = await createSegment(this.o, this.index, this.seg.seq + 1);
    const old = this.fh;
    const sealed = this.seg;
    this.fh = fh;
    this.seg = seg;
    this.preEnd = seg.size;
    this.preallocateFailed = false;
    await old.close().catch(() => {});
    this.o.onSealed?.(sealed);
  }
}

/**
 * A lone append is written with a blocking O_DSYNC write only while durable
 * writes take less than this on average, so a slow disk never stalls the
 * event loop (and the reads it serves) for longer.
 */
const INLINE_SYNC_MAX_MS = 5;
/** Thread-pool writes that must see no concurrent append before blocking writes are used. */
const QUIET_WRITES_FOR_INLINE = 4;
/** Every this many blocking writes, one goes through the thread pool to notice concurrent appends. */
const PROBE_EVERY = 16;

/** Zero-filled space is written ahead of the appends in steps of this size. */
const PREALLOCATE_STEP = 4 * 1024 * 1024;
/**
 * Only while batches average less than this: the journal commit an fdatasync
 * saves is worth a lot next to a small write, little next to a large one,
 * while the zeros double the disk writes of the log.
 */
const PREALLOCATE_MAX_BATCH_BYTES = 64 * 1024;
const ZEROS = Buffer.alloc(1024 * 1024);

/** O_DSYNC where the platform has it (Linux, macOS), else undefined. */
const DSYNC: number | undefined = fsConstants.O_DSYNC;

/** Open flags of a segment: read-write, created and emptied when `create`, O_DSYNC in sync mode. */
function segmentFlags(durability: DurabilityMode, create: boolean): number {
  let flags = fsConstants.O_RDWR;
  if (create) flags |= fsConstants.O_CREAT | fsConstants.O_TRUNC;
  if (durability === 'sync' && DSYNC !== undefined) flags |= DSYNC;
  return flags;
}

// fs.write with a callback: one promise per call rather than FileHandle's extra bookkeeping.
function writeFd(fd: number, data: Buffer, offset: number, length: number, position: number): Promise<number> {
  return new Promise((resolve, reject) => fsWrite(fd, data, offset, length, position, (err, n) => (err ? reject(err) : resolve(n))));
}

/** Creates segment `seq` with its header, durably, and registers it in the index. */
async function createSegment(o: WriterOptions, index: LogIndex, seq: number): Promise<{ fh: FileHandle; seg: SegmentInfo }> {
  const path = join(o.walDir, segmentFileName(seq));
  let fh: FileHandle | undefined;
  try {
    // 'w' rather than 'wx': a leftover of a failed roll holds no entries and is replaced.
    fh = await open(path, segmentFlags(o.durability, true));
    const header = encodeFileHeader('segment', seq);
    o.faults?.beforeWrite?.(path, header.length);
    await fh.write(header, 0, header.length, 0);
    o.faults?.beforeSync?.(path);
    await fh.datasync();
    await fsyncDir(o.walDir, o.faults);
  } catch (err) {
    await fh?.close().catch(() => {});
    await unlink(path).catch(() => {});
    throw fsStorageError(err, 'creating', path);
  }
  return { fh, seg: index.addSegment(seq, path, FILE_HEADER_BYTES) };
}
