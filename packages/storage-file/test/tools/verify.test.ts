import { appendFile, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileStore, verifyDataDir } from '../../src/index.js';
import { appendRange, frameOffsets, segmentNames, flipByte } from '../support/store-helpers.js';
import { tempDir } from '../support/temp-dir.js';

const flip = (file: string, offset: number): Promise<void> => flipByte(file, offset, 0x04);

describe('verifyDataDir', () => {
  let t: Awaited<ReturnType<typeof tempDir>>;
  let dir: string;
  let segs: string[];
  beforeEach(async () => {
    t = await tempDir();
    dir = join(t.dir, 'data');
    const s = new FileStore({ dir, segmentBytes: 8 * 1024 });
    await s.open();
    await appendRange(s, 'shop', 1, 300, 10, 40);
    await appendRange(s, 'blog', 1, 20, 5);
    await s.saveProject({ name: 'shop', createdAt: new Date(0), deleted: false });
    await s.saveBranch({ id: 'main', project: 'shop', name: 'main', parentId: null, baseLsn: 0, headLsn: 300, createdAt: new Date(0), resets: [], deleted: false });
    await s.saveCheckpoint({ project: 'shop', lsn: 100, createdAt: new Date(1), chunks: [new Uint8Array(500).fill(3)] });
    await s.saveCheckpoint({ project: 'shop', lsn: 200, createdAt: new Date(2), chunks: [new Uint8Array(500).fill(4)] });
    await s.close();
    segs = (await segmentNames(dir)).map((n) => join(dir, 'wal', n));
  });
  afterEach(() => t.remove());

  it('passes a healthy directory and counts its entries', async () => {
    const r = await verifyDataDir(dir);
    expect(r.ok).toBe(true);
    expect(r.problems).toEqual([]);
    expect(r.entries).toBe(320);
    expect(r.files.filter((f) => f.kind === 'segment').length).toBe(segs.length);
    expect(r.files.filter((f) => f.kind === 'checkpoint').length).toBe(2);
    expect(r.files.filter((f) => f.kind === 'metadata').map((f) => f.file.split('/').pop()).sort()).toEqual([
      'branches-shop.json',
      'manifest.json',
      'projects.json',
    ]);
    expect(r.lock).toBeUndefined();
  });

  it('reports each damaged file and byte offset, and keeps going after damage', async () => {
    const offs0 = await frameOffsets(segs[0]!);
    const offs1 = await frameOffsets(segs[1]!);
    await flip(segs[0]!, offs0[3]! + 20);
    await flip(segs[0]!, offs0[9]! + 20);
    await flip(segs[1]!, offs1[2]! + 20);
    const ckpt = join(dir, 'checkpoints', 'shop', '0000000000000200.ckpt');
    await flip(ckpt, 300);
    const branches = join(dir, 'meta', 'branches-shop.json');
    await writeFile(branches, (await readFile(branches, 'utf8')).replace('"headLsn":300', '"headLsn":301'));

    const r = await verifyDataDir(dir);
    expect(r.ok).toBe(false);
    const where = r.problems.map((p) => [p.file, p.offset, p.severity]);
    expect(where).toContainEqual([segs[0], offs0[3], 'corrupt']);
    expect(where).toContainEqual([segs[0], offs0[9], 'corrupt']);
    expect(where).toContainEqual([segs[1], offs1[2], 'corrupt']);
    expect(where).toContainEqual([branches, 0, 'corrupt']);
    const ck = r.problems.find((p) => p.file === ckpt);
    expect(ck?.offset).toBeGreaterThan(32);
    expect(ck?.offset).toBeLessThanOrEqual(300);
    expect(r.problems.length).toBe(5);
    // Everything else still counts: only the three damaged entries are missing.
    expect(r.entries).toBe(317);
    expect(r.files.find((f) => f.file === segs[2])?.ok).toBe(true);
  });

  it('reports layered checkpoints whose base is damaged or missing as unusable', async () => {
    const s = new FileStore({ dir, keepCheckpoints: 9 });
    await s.open();
    await s.saveCheckpoint({ project: 'shop', lsn: 250, createdAt: new Date(3), chunks: [new Uint8Array(100).fill(5), new Uint8Array(100).fill(6)], baseLsn: 200 });
    await s.saveCheckpoint({ project: 'shop', lsn: 300, createdAt: new Date(4), chunks: [new Uint8Array(100).fill(7)], baseLsn: 250 });
    await s.close();
    const file = (lsn: number) => join(dir, 'checkpoints', 'shop', `${String(lsn).padStart(16, '0')}.ckpt`);
    expect((await verifyDataDir(dir)).ok).toBe(true);

    await flip(file(250), 200);
    let r = await verifyDataDir(dir);
    expect(r.problems.map((p) => [p.file, p.severity])).toEqual([
      [file(250), 'corrupt'],
      [file(300), 'corrupt'],
    ]);
    expect(r.problems[1]!.message).toContain(`builds on checkpoint ${file(250)}, which is damaged or builds on a damaged one; the checkpoint is unusable`);

    await rm(file(250));
    r = await verifyDataDir(dir);
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]!.message).toContain(`builds on checkpoint ${file(250)}, which is missing`);
    expect(r.files.filter((f) => f.kind === 'checkpoint').map((f) => f.ok)).toEqual([true, true, false]);
  });

  it('reports a torn tail as such, without failing the directory', async () => {
    await appendFile(segs.at(-1)!, Buffer.from([9, 9, 0, 0, 1]));
    const r = await verifyDataDir(dir);
    expect(r.ok).toBe(true);
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]).toMatchObject({ file: segs.at(-1), severity: 'torn-tail' });
  });

  it('shows who holds the lock', async () => {
    const s = new FileStore({ dir });
    await s.open();
    const r = await verifyDataDir(dir);
    expect(r.lock).toEqual({ pid: process.pid, host: expect.any(String), stale: false });
    await s.close();
  });
});
