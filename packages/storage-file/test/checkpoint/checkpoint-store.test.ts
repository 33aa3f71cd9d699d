import { readdir, rename, stat, truncate } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CheckpointImage } from '@argon/core';
import { FileStore } from '../../src/index.js';
import { recordingLogger, flipByte } from '../support/store-helpers.js';
import { tempDir } from '../support/temp-dir.js';

const image = (lsn: number, fill: number, size = 1000): CheckpointImage => ({
  project: 'shop',
  lsn,
  createdAt: new Date(1_700_000_000_000 + lsn),
  chunks: [new Uint8Array(size).fill(fill), new Uint8Array(10).fill(fill + 1)],
});

const flipAt = (file: string, offset: number): Promise<void> => flipByte(file, offset, 0x01);

describe('checkpoints', () => {
  let t: Awaited<ReturnType<typeof tempDir>>;
  let dir: string;
  beforeEach(async () => {
    t = await tempDir();
    dir = join(t.dir, 'data');
  });
  afterEach(() => t.remove());

  it('keeps only the newest keepCheckpoints images per project', async () => {
    const s = new FileStore({ dir, keepCheckpoints: 2 });
    await s.open();
    for (const lsn of [10, 20, 30, 40]) await s.saveCheckpoint(image(lsn, lsn));
    expect((await readdir(join(dir, 'checkpoints', 'shop'))).sort()).toEqual(['0000000000000030.ckpt', '0000000000000040.ckpt']);
    expect((await s.status()).checkpoints).toBe(2);
    await s.close();
  });

  it('falls back to the previous checkpoint when the newest is damaged, and reports it', async () => {
    const { logger, lines } = recordingLogger();
    const s = new FileStore({ dir, logger });
    await s.open();
    await s.saveCheckpoint(image(10, 1));
    await s.saveCheckpoint(image(20, 2));
    const newest = join(dir, 'checkpoints', 'shop', '0000000000000020.ckpt');
    await flipAt(newest, 500); // inside the first chunk
    const got = await s.loadCheckpoint('shop');
    expect(got?.lsn).toBe(10);
    expect([...got!.chunks[0]!.subarray(0, 3)]).toEqual([1, 1, 1]);
    const warn = lines.find((l) => l.level === 'warn');
    expect(warn?.msg).toContain(newest);
    expect(warn?.msg).toContain('CRC mismatch');
    expect(warn?.msg).toContain('using the previous one (LSN 10)');
    const status = await s.status();
    expect(status.checkpointProblems).toEqual([warn!.msg]);
    await s.close();
  });

  it('returns null when every checkpoint is damaged', async () => {
    const s = new FileStore({ dir });
    await s.open();
    await s.saveCheckpoint(image(10, 1));
    await flipAt(join(dir, 'checkpoints', 'shop', '0000000000000010.ckpt'), 40);
    expect(await s.loadCheckpoint('shop')).toBeNull();
    await s.close();
  });

  it('detects a truncated checkpoint (missing chunks)', async () => {
    const s = new FileStore({ dir });
    await s.open();
    await s.saveCheckpoint(image(10, 1));
    await s.saveCheckpoint(image(20, 2));
    await truncate(join(dir, 'checkpoints', 'shop', '0000000000000020.ckpt'), 200);
    expect((await s.loadCheckpoint('shop'))?.lsn).toBe(10);
    await s.close();
  });

  it('rejects a checkpoint of an invalid project name (no path traversal)', async () => {
    const s = new FileStore({ dir });
    await s.open();
    await expect(s.saveCheckpoint({ ...image(1, 1), project: '../evil' })).rejects.toThrow(/invalid project/);
    await s.close();
  });

  describe('incremental images', () => {
    const ckpt = (lsn: number) => join(dir, 'checkpoints', 'shop', `${String(lsn).padStart(16, '0')}.ckpt`);
    const bytes = (chunks: readonly Uint8Array[]) => chunks.map((c) => [...c.subarray(0, 2)]);
    const incremental = (lsn: number, baseLsn: number, fills: number[]): CheckpointImage => ({
      project: 'shop',
      lsn,
      createdAt: new Date(1_700_000_000_000 + lsn),
      chunks: fills.map((f) => new Uint8Array(100 + f).fill(f)),
      baseLsn,
    });

    it('are stored whole: the new header, the chain chunks of the base, then the new chunks', async () => {
      const s = new FileStore({ dir });
      await s.open();
      await s.saveCheckpoint({ ...image(10, 1), chunks: [1, 2, 3].map((f) => new Uint8Array(50).fill(f)) });
      await s.saveCheckpoint(incremental(20, 10, [4, 5]));
      await s.saveCheckpoint(incremental(30, 20, [6, 7, 8]));
      await s.close();
      const again = new FileStore({ dir });
      await again.open();
      const got = await again.loadCheckpoint('shop');
      expect(got?.lsn).toBe(30);
      expect(got?.baseLsn).toBeUndefined();
      expect(bytes(got!.chunks)).toEqual([[6, 6], [2, 2], [3, 3], [5, 5], [7, 7], [8, 8]]);
      expect(got!.chunks.map((c) => c.length)).toEqual([106, 50, 50, 105, 107, 108]);
      await again.close();
    });

    it('fail with a clear error when the base checkpoint is gone, leaving no file behind', async () => {
      const s = new FileStore({ dir });
      await s.open();
      await s.saveCheckpoint(image(10, 1));
      await expect(s.saveCheckpoint(incremental(20, 15, [2]))).rejects.toThrow(/incremental checkpoint of shop: the checkpoint it builds on, .*0000000000000015\.ckpt, is gone/);
      expect(await readdir(join(dir, 'checkpoints', 'shop'))).toEqual(['0000000000000010.ckpt']);
      await s.close();
    });

    it('fail when a chunk of the base is damaged, naming the base file and offset, and publish nothing', async () => {
      const s = new FileStore({ dir });
      await s.open();
      await s.saveCheckpoint({ ...image(10, 1), chunks: [1, 2, 3].map((f) => new Uint8Array(50).fill(f)) });
      // file header 32, description frame, header chunk frame (58), first chain chunk frame: damage its payload.
      const base = ckpt(10);
      const size = (await stat(base)).size;
      await flipAt(base, size - 58 - 20);
      const err = await s.saveCheckpoint(incremental(20, 10, [4])).then(() => null, (e: unknown) => e as Error);
      expect(err).toBeInstanceOf(Error);
      expect(err!.message).toContain(base);
      expect(err!.message).toMatch(/chunk 2 of 3: CRC mismatch in a frame of 50 bytes at byte offset \d+/);
      expect(await readdir(join(dir, 'checkpoints', 'shop'))).toEqual(['0000000000000010.ckpt']);
      await s.close();
    });

    it('fail when the base is of another LSN than its name says', async () => {
      const s = new FileStore({ dir });
      await s.open();
      await s.saveCheckpoint(image(10, 1));
      await rename(ckpt(10), ckpt(12));
      await expect(s.saveCheckpoint(incremental(20, 12, [4]))).rejects.toThrow(/description is of shop at LSN 10, not of shop at LSN 12/);
      await s.close();
    });
  });
});
