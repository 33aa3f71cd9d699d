import { open } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { CorruptionError } from '@argon/core';
import type { Lsn, WalEntry } from '@argon/core';
import { corruptionAt, fsStorageError } from '../errors.js';
import { FILE_HEADER_BYTES } from '../format/file-header.js';
import { describeFrameProblem, ENTRY_FRAME_LIMITS, TRUSTED_ENTRY_FRAME_LIMITS } from '../format/frame.js';
import { FrameWalker, READ_CHUNK_BYTES } from '../segment/frame-walker.js';
import { verifySegmentFrames } from '../segment/segment-verifier.js';
import { decodeEntry, EntryPeek, peekEntry, projectIs } from './entry-codec.js';
import type { LogIndex, LogPosition, SegmentInfo } from './log-index.js';

const DONE: IteratorReturnResult<undefined> = Object.freeze({ value: undefined, done: true });

/**
 * Reads a project's entries with LSN above `afterLsn`, ascending, up to
 * `limit`: seeks with the sparse index, skips segments without newer entries
 * of the project, reads in large chunks, skips other projects' entries by
 * peeking at their envelope, and deserializes only the entries it returns, as
 * they are consumed (so a consumer that does not keep them lets them die
 * young). Only acknowledged bytes are read: each segment's size is taken when
 * the reader reaches it.
 *
 * A hand-written iterator rather than an async generator: a million-entry
 * replay pays one resolved promise per entry instead of a generator resume.
 */
export function readProjectLog(dir: string, index: LogIndex, project: string, afterLsn: Lsn, limit: number, forReplay = false): AsyncIterableIterator<WalEntry> {
  return new ProjectLogIterator(dir, index, project, afterLsn, limit, forReplay);
}

/**
 * Calls `visit` for each entry {@link readProjectLog} with `forReplay` would
 * yield, synchronously per read chunk (no promise per entry); resolves with
 * the number of entries visited.
 */
export function replayProjectLog(dir: string, index: LogIndex, project: string, afterLsn: Lsn, visit: (e: WalEntry) => void): Promise<number> {
  return new ProjectLogIterator(dir, index, project, afterLsn, Infinity, true, true).forEach(visit);
}

class ProjectLogIterator implements AsyncIterableIterator<WalEntry> {
  private readonly name: Buffer;
  private readonly peek = new EntryPeek();
  private readonly chunkBytes: number;
  private readonly start: LogPosition | null;
  private segments: SegmentInfo[] | null = null;
  private segIndex = 0;
  private fh: FileHandle | undefined;
  private walker: FrameWalker | undefined;
  private walkerSeg: SegmentInfo | undefined;
  private walkerFrom = 0;
  // Every entry of the current segment matches (one project, all above afterLsn): no peeking needed.
  private takeAll = false;
  // Payload offsets of the matching entries of the current chunk, and that chunk.
  private starts: number[] = [];
  private next_ = 0;
  private chunk: Buffer = Buffer.alloc(0);
  private remaining: number;
  private finished = false;
  private readonly visit: (buf: Buffer, start: number, length: number) => boolean;
  // The current segment is checked against its summary's data CRC when read in full, not frame by frame.
  private byDataCrc = false;

  constructor(
    private readonly dir: string,
    private readonly index: LogIndex,
    private readonly project: string,
    private readonly afterLsn: Lsn,
    limit: number,
    private readonly forReplay: boolean,
    /**
     * Check unverified summarized segments with one CRC over their data
     * instead of one per frame. Only for a consumer that gives up on error
     * (recovery): damage is then found after the segment's entries were
     * visited, not before.
     */
    private readonly segmentCrc = false,
  ) {
    this.remaining = limit > 0 ? limit : 0;
    this.name = Buffer.from(project, 'utf8');
    this.chunkBytes = limit < 1000 ? 256 * 1024 : READ_CHUNK_BYTES;
    this.start = this.remaining > 0 ? index.seek(project, afterLsn) : null;
    if (!this.start) this.finished = true;
    this.visit = (buf, start, length) => {
      if (!this.takeAll) {
        if (peekEntry(buf, start, start + length, this.peek)) {
          if (this.peek.lsn <= this.afterLsn || !projectIs(buf, this.peek.projectStart, this.peek.projectEnd, this.name)) return true;
        } else {
          const e = decodeEntry(buf, start);
          if (e.project !== this.project || e.lsn <= this.afterLsn) return true;
        }
      }
      this.chunk = buf;
      this.starts.push(start);
      return this.starts.length < this.remaining;
    };
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<WalEntry> {
    return this;
  }

  next(): Promise<IteratorResult<WalEntry>> {
    if (this.next_ < this.starts.length) {
      try {
        return Promise.resolve({ value: decodeEntry(this.chunk, this.starts[this.next_++]!, this.forReplay), done: false });
      } catch (err) {
        return this.fail(err);
      }
    }
    return this.fill().then(
      (more) => (more ? this.next() : DONE),
      (err: unknown) => this.fail(err),
    );
  }

  /** Visits every remaining entry; stops (closing the segment) at the first error, the visitor's included. */
  async forEach(visit: (e: WalEntry) => void): Promise<number> {
    let n = 0;
    try {
      for (;;) {
        const { starts, chunk, forReplay } = this;
        while (this.next_ < starts.length) {
          visit(decodeEntry(chunk, starts[this.next_++]!, forReplay));
          n++;
        }
        if (!(await this.fill())) return n;
      }
    } catch (err) {
      this.finished = true;
      await this.closeSegment();
      // Frames checked only by the segment's data CRC may fail to decode before that check: name the damage.
      if (this.byDataCrc && !(err instanceof CorruptionError)) await this.locateDamage(this.walkerSeg!);
      throw err;
    }
  }

  // The segment's data does not match its summary's CRC: find the damaged frame, frame by frame.
  private async locateDamage(seg: SegmentInfo): Promise<void> {
    const damage = await verifySegmentFrames(this.dir, seg, () => false);
    if (damage) throw corruptionAt(this.dir, seg.path, damage.offset, damage.what, 'this part of the log cannot be read');
    // Every frame verifies: the summary's CRC was what was wrong, and the entries read are sound.
  }

  async return(): Promise<IteratorResult<WalEntry>> {
    this.finished = true;
    await this.closeSegment();
    return DONE;
  }

  private async fail(err: unknown): Promise<IteratorResult<WalEntry>> {
    this.finished = true;
    await this.closeSegment();
    throw err;
  }

  // Reads until some entries are buffered; false when the log is exhausted.
  private async fill(): Promise<boolean> {
    this.remaining -= this.starts.length;
    this.starts.length = 0;
    this.next_ = 0;
    while (!this.finished) {
      if (this.remaining <= 0) break;
      if (!this.walker) {
        if (!(await this.openNextSegment())) break;
        continue;
      }
      await this.walker.step(this.visit);
      const problem = this.walker.problem;
      if (problem) {
        const seg = this.walkerSeg!;
        throw corruptionAt(this.dir, seg.path, problem.offset, describeFrameProblem(problem.check), seg.verified ? 'the log was damaged after Argon started' : 'this part of the log cannot be read');
      }
      if (this.walker.done) {
        const seg = this.walkerSeg!;
        if (this.byDataCrc && (this.walker.crc !== seg.dataCrc || this.walker.pos !== seg.size)) await this.locateDamage(seg);
        // A segment restored from its summary counts as verified once read in full.
        if (this.walkerFrom === FILE_HEADER_BYTES && this.walker.pos >= seg.size) seg.verified = true;
        await this.closeSegment();
      }
      if (this.starts.length > 0) return true;
    }
    this.finished = true;
    await this.closeSegment();
    return false;
  }

  private async openNextSegment(): Promise<boolean> {
    const start = this.start!;
    this.segments ??= this.index.segments.filter((s) => s.seq >= start.seq);
    while (this.segIndex < this.segments.length) {
      const seg = this.segments[this.segIndex++]!;
      const range = seg.projects.get(this.project);
      if (!range || range.maxLsn <= this.afterLsn) continue;
      let fh: FileHandle;
      try {
        fh = await open(seg.path, 'r');
      } catch (err) {
        // Deleted by retention meanwhile: its entries are below every kept checkpoint.
        if ((err as { code?: string }).code === 'ENOENT' && !this.index.segments.includes(seg)) continue;
        throw fsStorageError(err, 'reading', seg.path);
      }
      const from = seg.seq === start.seq ? start.offset : FILE_HEADER_BYTES;
      this.takeAll = seg.projects.size === 1 && range.minLsn > this.afterLsn;
      this.fh = fh;
      this.walkerSeg = seg;
      // CRCs verified by open (or bytes this process wrote) are not checked again; structure always is.
      this.byDataCrc = this.segmentCrc && !seg.verified && seg.dataCrc !== undefined && from === FILE_HEADER_BYTES;
      const trusted = seg.verified || this.byDataCrc;
      this.walker = new FrameWalker(fh, from, seg.size, trusted ? TRUSTED_ENTRY_FRAME_LIMITS : ENTRY_FRAME_LIMITS, this.chunkBytes, this.byDataCrc);
      this.walkerFrom = from;
      return true;
    }
    return false;
  }

  private async closeSegment(): Promise<void> {
    const fh = this.fh;
    this.fh = undefined;
    this.walker = undefined;
    await fh?.close();
  }
}
