import { open } from 'node:fs/promises';
import { corruptionAt } from '../errors.js';
import { FILE_HEADER_BYTES } from '../format/file-header.js';
import { describeFrameProblem, ENTRY_FRAME_LIMITS } from '../format/frame.js';
import type { SegmentInfo } from '../log/log-index.js';
import { FrameWalker } from './frame-walker.js';

/** Damage found by {@link verifySegmentFrames}. */
export interface SegmentDamage {
  readonly offset: number;
  /** What is wrong there (e.g. "CRC mismatch"). */
  readonly what: string;
  /** A full message naming the file and offset and pointing at `argon wal verify`. */
  readonly message: string;
}

/**
 * Reads a sealed segment in chunks, checking every frame's length and CRC,
 * and marks it verified when clean. Yields to the event loop between chunks
 * and gives up early when `stop()` turns true (the store is closing).
 */
export async function verifySegmentFrames(dir: string, seg: SegmentInfo, stop: () => boolean): Promise<SegmentDamage | null> {
  let fh;
  try {
    fh = await open(seg.path, 'r');
  } catch (err) {
    // Deleted by retention meanwhile: nothing left to verify.
    if ((err as { code?: string }).code === 'ENOENT') return null;
    const what = `cannot be read for verification (${err instanceof Error ? err.message : String(err)})`;
    return { offset: 0, what, message: `${seg.path}: ${what}` };
  }
  try {
    const walker = new FrameWalker(fh, FILE_HEADER_BYTES, seg.size, ENTRY_FRAME_LIMITS);
    while (!walker.done) {
      if (stop()) return null;
      await walker.step(() => true);
      await new Promise<void>((r) => setImmediate(r));
    }
    if (walker.problem) {
      const { offset, check } = walker.problem;
      const what = describeFrameProblem(check);
      return { offset, what, message: corruptionAt(dir, seg.path, offset, what, 'time travel into this part of the log will fail').message };
    }
    seg.verified = true;
    return null;
  } finally {
    await fh.close();
  }
}
