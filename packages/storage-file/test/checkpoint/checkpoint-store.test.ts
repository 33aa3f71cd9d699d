import { readdir, readFile, rename, rm, stat, truncate } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CheckpointImage } from '@argon/core';
import { FileStore } from '../../src/index.js';
import { readCheckpointHead } from '../../src/checkpoint/checkpoint-file.js';
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

    const names = async () => (await readdir(join(dir, 'checkpoints', 'shop'))).sort();
    const formatOf = async (lsn: number) => (await readFile(ckpt(lsn))).readUInt32LE(8);
    const history = async (s: FileStore) => {
      await s.saveCheckpoint({ ...image(10, 1), chunks: [1, 2, 3].map((f) => new Uint8Array(50).fill(f)) });
      await s.saveCheckpoint(incremental(20, 10, [4, 5]));
      await s.saveCheckpoint(incremental(30, 20, [6, 7, 8]));
      await s.saveCheckpoint(incremental(40, 30, [9, 10]));
    };
    // What a self-contained file at LSN 40 holds: its header, then every chain chunk, oldest first.
    const whole40 = [[9, 9], [2, 2], [3, 3], [5, 5], [7, 7], [8, 8], [10, 10]];

    it('are layered files holding only their own chunks, loaded as the whole image', async () => {
      const s = new FileStore({ dir, keepCheckpoints: 5 });
      await s.open();
      await history(s);
      const sizes = await Promise.all([20, 30, 40].map(async (l) => (await stat(ckpt(l))).size));
      // Own chunks, frames, description and file header: nothing copied from the base.
      for (const [i, own] of [[104, 105], [106, 107, 108], [109, 110]].entries()) expect(sizes[i]).toBeLessThan(own.reduce((a, b) => a + b + 8, 0) + 200);
      expect([await formatOf(10), await formatOf(20), await formatOf(40)]).toEqual([1, 2, 2]);
      const head = await readCheckpointHead(dir, ckpt(40));
      expect(head.desc).toMatchObject({ lsn: 40, baseLsn: 30, layers: 3, chunks: 2 });
      await s.close();
      const again = new FileStore({ dir });
      await again.open();
      const got = await again.loadCheckpoint('shop');
      expect(got?.lsn).toBe(40);
      expect(got?.baseLsn).toBeUndefined();
      expect(bytes(got!.chunks)).toEqual(whole40);
      expect(got!.chunks.map((c) => c.length)).toEqual([109, 50, 50, 105, 107, 108, 110]);
      await again.close();
    });

    it('are self-contained, copying the chain, once the chain has checkpointLayers layered files (0: always)', async () => {
      for (const layers of [0, 2]) {
        await t.remove();
        t = await tempDir();
        dir = join(t.dir, 'data');
        const s = new FileStore({ dir, checkpointLayers: layers, keepCheckpoints: 5 });
        await s.open();
        await history(s);
        // 0: every file whole; 2: 20 and 30 are layers on 10, then 40 copies the chain.
        expect(await Promise.all([10, 20, 30, 40].map(formatOf))).toEqual(layers === 0 ? [1, 1, 1, 1] : [1, 2, 2, 1]);
        expect((await readCheckpointHead(dir, ckpt(40))).desc.baseLsn).toBeUndefined();
        await rm(ckpt(10));
        await rm(ckpt(30));
        const got = await s.loadCheckpoint('shop');
        expect(got?.lsn).toBe(40);
        expect(bytes(got!.chunks)).toEqual(whole40);
        await s.saveCheckpoint(incremental(50, 40, [11]));
        expect(await formatOf(50)).toBe(layers === 0 ? 1 : 2);
        await s.close();
      }
    });

    it('keep the files the kept checkpoints build on, and prune them once none does', async () => {
      const s = new FileStore({ dir, keepCheckpoints: 1, checkpointLayers: 2 });
      await s.open();
      await s.saveCheckpoint({ ...image(10, 1), chunks: [1, 2].map((f) => new Uint8Array(50).fill(f)) });
      await s.saveCheckpoint(incremental(20, 10, [4, 5]));
      await s.saveCheckpoint(incremental(30, 20, [6, 7]));
      expect(await names()).toEqual(['0000000000000010.ckpt', '0000000000000020.ckpt', '0000000000000030.ckpt']);
      await s.saveCheckpoint(incremental(40, 30, [8]));
      expect(await names()).toEqual(['0000000000000040.ckpt']);
      await s.close();
    });

    it('load only the chain chunks of the files they build on: a newer header supersedes theirs', async () => {
      const s = new FileStore({ dir, keepCheckpoints: 5 });
      await s.open();
      await history(s);
      // 20's header chunk (104 bytes, all 4s) follows the file header and the description frame.
      const head = await readCheckpointHead(dir, ckpt(20));
      await flipAt(ckpt(20), head.firstChunk + 8 + 50);
      expect(bytes((await s.loadCheckpoint('shop'))!.chunks)).toEqual(whole40);
      // Loaded as the newest, 20's own header is read and checked.
      await rm(ckpt(40));
      await rm(ckpt(30));
      expect((await s.loadCheckpoint('shop'))?.lsn).toBe(10);
      await s.close();
    });

    it('fall back to an older checkpoint when a file they build on is damaged or missing, naming it', async () => {
      const { logger, lines } = recordingLogger();
      const s = new FileStore({ dir, logger, keepCheckpoints: 5 });
      await s.open();
      await history(s);
      // Damage the payload of 20's chain chunk (its last 105 bytes).
      const size20 = (await stat(ckpt(20))).size;
      await flipAt(ckpt(20), size20 - 10);
      const got = await s.loadCheckpoint('shop');
      expect(got?.lsn).toBe(10);
      const warns = lines.filter((l) => l.level === 'warn').map((l) => l.msg);
      expect(warns).toHaveLength(3);
      expect(warns[0]).toContain(`damaged checkpoint ${ckpt(40)} builds on ${ckpt(20)}: chunk 2 of 2: CRC mismatch in a frame of 105 bytes`);
      expect(warns[0]).toContain('using the previous one (LSN 30)');
      expect(warns[1]).toContain(`damaged checkpoint ${ckpt(30)} builds on ${ckpt(20)}`);
      expect(warns[2]).toContain(`damaged checkpoint ${ckpt(20)}: chunk 2 of 2: CRC mismatch`);
      expect(warns[2]).toContain('using the previous one (LSN 10)');
      await rm(ckpt(20));
      await rm(ckpt(10));
      lines.length = 0;
      expect(await s.loadCheckpoint('shop')).toBeNull();
      expect(lines.find((l) => l.level === 'warn')?.msg).toContain(`damaged checkpoint ${ckpt(40)} builds on ${ckpt(20)}: missing file at byte offset 0`);
      await s.close();
    });

    it('fail with a clear error when the base checkpoint is gone, leaving no file behind', async () => {
      const s = new FileStore({ dir });
      await s.open();
      await s.saveCheckpoint(image(10, 1));
      await expect(s.saveCheckpoint(incremental(20, 15, [2]))).rejects.toThrow(/incremental checkpoint of shop: the checkpoint it builds on, .*0000000000000015\.ckpt, is gone/);
      expect(await readdir(join(dir, 'checkpoints', 'shop'))).toEqual(['0000000000000010.ckpt']);
      await s.close();
    });

    it('that copy a damaged chain fail, naming the damaged file and offset, and publish nothing', async () => {
      const s = new FileStore({ dir, checkpointLayers: 0 });
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
