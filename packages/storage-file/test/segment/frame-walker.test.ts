import { open, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serialize } from 'bson';
import { ENTRY_FRAME_LIMITS, FRAME_HEADER_BYTES, writeFrame } from '../../src/format/frame.js';
import { FrameWalker } from '../../src/segment/frame-walker.js';
import { tempDir } from '../support/temp-dir.js';

describe('FrameWalker', () => {
  let t: Awaited<ReturnType<typeof tempDir>>;
  let file: string;
  const docs = Array.from({ length: 200 }, (_, i) => ({ i, pad: 'x'.repeat((i * 37) % 300) }));
  const offsets: number[] = [];
  let size = 0;

  beforeAll(async () => {
    t = await tempDir();
    file = join(t.dir, 'frames.bin');
    const payloads = docs.map((d) => serialize(d));
    const buf = Buffer.alloc(payloads.reduce((n, p) => n + FRAME_HEADER_BYTES + p.length, 0));
    let off = 0;
    for (const p of payloads) {
      offsets.push(off);
      off = writeFrame(buf, off, p);
    }
    size = buf.length;
    await writeFile(file, buf);
  });
  afterAll(() => t.remove());

  // Tiny chunks force frames to straddle read boundaries in every possible way.
  for (const chunk of [1, 7, 8, 9, 64, 333, 1 << 20]) {
    it(`visits every frame exactly once with ${chunk}-byte reads`, async () => {
      const fh = await open(file, 'r');
      try {
        const w = new FrameWalker(fh, 0, size, ENTRY_FRAME_LIMITS, chunk);
        const seen: number[] = [];
        const at: number[] = [];
        let steps = 0;
        while (!w.done) {
          await w.step((buf, start, length, offset) => {
            seen.push(buf.readInt32LE(start + 4 + 1 + 2)); // {i: int32} → type, "i\0", value
            at.push(offset);
            expect(buf.readInt32LE(start)).toBe(length);
          });
          steps++;
          expect(steps).toBeLessThan(10_000);
        }
        expect(w.problem).toBeUndefined();
        expect(seen).toEqual(docs.map((d) => d.i));
        expect(at).toEqual(offsets);
        expect(w.pos).toBe(size);
      } finally {
        await fh.close();
      }
    });
  }

  it('stops at a cut-off frame at the end of the range and reports it', async () => {
    const fh = await open(file, 'r');
    try {
      const w = new FrameWalker(fh, 0, size - 3, ENTRY_FRAME_LIMITS, 100);
      let n = 0;
      await w.walk(() => {
        n++;
      });
      expect(n).toBe(docs.length - 1);
      expect(w.problem).toEqual({ offset: offsets.at(-1), check: expect.objectContaining({ kind: 'short-payload' }) });
    } finally {
      await fh.close();
    }
  });

  it('stops when the visitor says so', async () => {
    const fh = await open(file, 'r');
    try {
      const w = new FrameWalker(fh, 0, size, ENTRY_FRAME_LIMITS);
      let n = 0;
      await w.walk(() => ++n < 5);
      expect(n).toBe(5);
      expect(w.pos).toBe(offsets[5]);
    } finally {
      await fh.close();
    }
  });
});
