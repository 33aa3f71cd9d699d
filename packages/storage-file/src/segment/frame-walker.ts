import type { FileHandle } from 'node:fs/promises';
import { crc32 } from 'node:zlib';
import { checkFrame, FRAME_HEADER_BYTES } from '../format/frame.js';
import type { FrameCheck, FrameLimits } from '../format/frame.js';

/** Default read size: large reads keep recovery and readLog at a few syscalls per MiB. */
export const READ_CHUNK_BYTES = 4 * 1024 * 1024;

/**
 * Called for each valid frame. `buf` holds the frame's payload at
 * `[payloadStart, payloadStart + length)`; `offset` is the frame's byte
 * offset in the file. Return false to stop walking.
 */
export type FrameVisitor = (buf: Buffer, payloadStart: number, length: number, offset: number) => boolean | void;

/** A frame that did not verify. */
export interface FrameProblem {
  readonly offset: number;
  readonly check: Exclude<FrameCheck, { kind: 'ok' }>;
}

/**
 * Reads the frames of `[start, end)` of an open file with large reads,
 * verifying each frame's length and CRC. {@link step} reads one chunk and
 * visits every frame complete in it, so a caller can yield between chunks.
 * Read buffers are never reused, because decoded BSON values (e.g. Binary)
 * may be views into them.
 */
export class FrameWalker {
  /** File offset of the next frame. */
  pos: number;
  /** Set when the walk stopped at a frame that did not verify. */
  problem: FrameProblem | undefined;
  /** True once the range is exhausted, a problem was found, or the visitor stopped. */
  done = false;
  /**
   * With `trackCrc`, the CRC32 of every frame walked so far (headers
   * included), computed over large ranges: one call per read chunk.
   */
  crc = 0;
  private buf = Buffer.alloc(0);
  private bufBase: number;
  private bufLen = 0;

  constructor(
    private readonly fh: FileHandle,
    start: number,
    private end: number,
    private readonly limits: FrameLimits,
    private readonly chunkBytes = READ_CHUNK_BYTES,
    private readonly trackCrc = false,
  ) {
    this.pos = start;
    this.bufBase = start;
  }

  /** Reads the next chunk and visits every frame that is complete in it. */
  async step(visit: FrameVisitor): Promise<void> {
    if (this.done) return;
    if (this.pos >= this.end) {
      this.done = true;
      return;
    }
    let need = FRAME_HEADER_BYTES;
    const avail = this.bufBase + this.bufLen - this.pos;
    if (avail >= FRAME_HEADER_BYTES) {
      const length = this.buf.readUInt32LE(this.pos - this.bufBase);
      if (length >= this.limits.min && length <= this.limits.max) need = FRAME_HEADER_BYTES + length;
    }
    await this.fill(need);
    const { buf, bufBase } = this;
    const bufEnd = this.bufLen;
    const from = this.pos - bufBase;
    this.visitFrames(visit, buf, bufBase, bufEnd, from);
    if (this.trackCrc) this.crc = crc32(buf.subarray(from, this.pos - bufBase), this.crc);
  }

  // Visits the frames complete in the buffer from `rel` on.
  private visitFrames(visit: FrameVisitor, buf: Buffer, bufBase: number, bufEnd: number, rel: number): void {
    for (;;) {
      if (this.pos >= this.end) {
        this.done = true;
        return;
      }
      const check = checkFrame(buf, rel, bufEnd, this.limits);
      if (check.kind !== 'ok') {
        // A frame running past the buffer is read by the next step, unless the buffer already reaches the end.
        const incomplete = check.kind === 'short-header' || check.kind === 'short-payload';
        if (incomplete && bufBase + bufEnd < this.end) return;
        this.problem = { offset: this.pos, check };
        this.done = true;
        return;
      }
      if (visit(buf, rel + FRAME_HEADER_BYTES, check.length, this.pos) === false) {
        this.pos += FRAME_HEADER_BYTES + check.length;
        this.done = true;
        return;
      }
      rel += FRAME_HEADER_BYTES + check.length;
      this.pos += FRAME_HEADER_BYTES + check.length;
    }
  }

  /** Walks to the end (or the first problem) with one visitor. */
  async walk(visit: FrameVisitor): Promise<void> {
    while (!this.done) await this.step(visit);
  }

  // Makes at least `need` bytes from `pos` available (fewer only at the end of the range).
  private async fill(need: number): Promise<void> {
    const keep = this.bufBase + this.bufLen - this.pos;
    const want = Math.min(Math.max(this.chunkBytes, need), this.end - this.pos);
    if (keep >= want) return;
    const next = Buffer.allocUnsafe(want);
    if (keep > 0) this.buf.copy(next, 0, this.pos - this.bufBase, this.bufLen);
    let filled = keep;
    while (filled < want) {
      const { bytesRead } = await this.fh.read(next, filled, want - filled, this.pos + filled);
      if (bytesRead === 0) {
        // The file is shorter than the range said: what is there is all there is.
        this.end = this.pos + filled;
        break;
      }
      filled += bytesRead;
    }
    this.buf = next;
    this.bufBase = this.pos;
    this.bufLen = filled;
  }
}
