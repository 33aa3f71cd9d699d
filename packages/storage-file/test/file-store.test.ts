import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RawDocument, type WalEntry } from '@argon/core';
import { runStorageConformance } from '../../core/test/storage/conformance.js';
import { FileStore, verifyDataDir } from '../src/index.js';
import { appendInterleaved, appendRange, entry, lsnsOf, range, segmentNames } from './support/store-helpers.js';
import { tempDir } from './support/temp-dir.js';

for (const durability of ['sync', 'interval'] as const) {
  runStorageConformance(`FileStore (${durability})`, async () => {
    const t = await tempDir();
    const dir = join(t.dir, 'data');
    // Small segments so that the suite crosses segment boundaries.
    const make = (): FileStore => new FileStore({ dir, durability, intervalMs: 20, segmentBytes: 64 * 1024 });
    const store = make();
    return { store, reopen: async () => make(), cleanup: t.remove };
  });
}

describe('FileStore', () => {
  let t: Awaited<ReturnType<typeof tempDir>>;
  let dir: string;
  beforeEach(async () => {
    t = await tempDir();
    dir = join(t.dir, 'data');
  });
  afterEach(() => t.remove());

  it('creates the documented layout', async () => {
    const s = new FileStore({ dir });
    await s.open();
    await s.saveProject({ name: 'shop', createdAt: new Date(), deleted: false });
    await s.saveBranch({ id: 'main', project: 'shop', name: 'main', parentId: null, baseLsn: 0, headLsn: 0, createdAt: new Date(), resets: [], deleted: false });
    await s.reserveLsns('shop', 1);
    await s.saveCheckpoint({ project: 'shop', lsn: 1, createdAt: new Date(), chunks: [new Uint8Array([1])] });
    expect((await readdir(dir)).sort()).toEqual(['LOCK', 'checkpoints', 'meta', 'wal']);
    expect((await readdir(join(dir, 'meta'))).sort()).toEqual(['branches-shop.json', 'lsn-leases.json', 'manifest.json', 'projects.json']);
    expect(await segmentNames(dir)).toEqual(['00000001.seg']);
    expect(await readdir(join(dir, 'checkpoints', 'shop'))).toEqual(['0000000000000001.ckpt']);
    await s.close();
    expect((await readdir(dir)).sort()).toEqual(['checkpoints', 'meta', 'wal']);
  });

  it('reports status facts and counters', async () => {
    const s = new FileStore({ dir, segmentBytes: 4096 });
    await s.open();
    await appendRange(s, 'shop', 1, 100, 10, 50);
    const st = await s.status();
    expect(st).toMatchObject({ kind: 'file', location: dir, durability: 'sync', appends: 10, entriesAppended: 100, readOnly: false });
    expect(st.segments).toBeGreaterThan(1);
    expect(st.logBytes).toBeGreaterThan(100 * 50);
    expect(st.bytesOnDisk).toBeGreaterThan(st.logBytes as number);
    expect(st.fsyncs).toBeGreaterThanOrEqual(10);
    expect(st.bytes).toBeGreaterThan(100 * 50);
    expect(st.recovery).toMatchObject({ entriesScanned: 0, truncatedBytes: 0 });
    await s.close();
    expect((await s.status()).appends).toBe(10); // still readable after close
  });

  it('rejects out-of-order LSNs without writing anything', async () => {
    const s = new FileStore({ dir });
    await s.open();
    await s.append([entry('shop', 5)]);
    await expect(s.append([entry('shop', 6), entry('shop', 5)])).rejects.toThrow(/append out of LSN order: entry 5 of project shop is not above 6/);
    await expect(s.append([entry('shop', 4)])).rejects.toThrow(/not above 5/);
    await expect(s.append([{ ...entry('shop', 9), project: 'bad name' }])).rejects.toThrow(/invalid project/);
    // Each entry is checked, not only a batch's first, and a project that just passed proves nothing for the next name.
    for (const bad of ['', 'a/b', undefined, 7]) {
      await expect(s.append([entry('shop', 9), { ...entry('shop', 10), project: bad as string }])).rejects.toThrow(/invalid project/);
    }
    // Projects interleaved in one batch are each kept in LSN order.
    await expect(s.append([entry('shop', 6), entry('other', 3), entry('shop', 6)])).rejects.toThrow(/entry 6 of project shop is not above 6/);
    await s.append([entry('shop', 6), entry('other', 3), entry('shop', 7), entry('other', 4)]);
    expect(await lsnsOf(s, 'shop')).toEqual([5, 6, 7]);
    expect(await lsnsOf(s, 'other')).toEqual([3, 4]);
    await s.close();
  });

  it('rejects use before open, after close, and a second open', async () => {
    const s = new FileStore({ dir });
    await expect(s.loadProjects()).rejects.toThrow(/not open yet/);
    await s.open();
    await expect(s.open()).rejects.toThrow(/already called/);
    await s.close();
    await s.close();
    await expect(s.append([entry('shop', 1)])).rejects.toThrow(/closed/);
    await expect(s.reserveLsns('shop', 1)).rejects.toThrow(/closed/);
  });

  it('refuses a read-only open of a missing directory', async () => {
    await expect(new FileStore({ dir: join(dir, 'nope'), readOnly: true }).open()).rejects.toThrow(/ENOENT|no such file/);
  });

  it('seeks readLog correctly with many interleaved projects', async () => {
    const s = new FileStore({ dir, segmentBytes: 16 * 1024 });
    await s.open();
    const batch = await appendInterleaved(s, 3000, 3);
    const p1 = batch.filter((e) => e.project === 'p1').map((e) => e.lsn);
    expect(await lsnsOf(s, 'p1')).toEqual(p1);
    expect(await lsnsOf(s, 'p1', 2000)).toEqual(p1.filter((l) => l > 2000));
    const limited: number[] = [];
    for await (const e of s.readLog('p2', 1234, 7)) limited.push(e.lsn);
    expect(limited).toEqual(batch.filter((e) => e.project === 'p2' && e.lsn > 1234).slice(0, 7).map((e) => e.lsn));
    await s.close();
    const again = new FileStore({ dir });
    await again.open();
    expect(await lsnsOf(again, 'p1', 2000)).toEqual(p1.filter((l) => l > 2000));
    await again.close();
  });

  it('replayLog visits exactly what readLog yields for replay, across segments and reopen, and stops at a throwing visitor', async () => {
    const s = new FileStore({ dir, segmentBytes: 16 * 1024 });
    await s.open();
    const batch = await appendInterleaved(s, 2000, 2);
    await s.close();
    const again = new FileStore({ dir, segmentBytes: 16 * 1024 });
    await again.open();
    for (const after of [0, 999, 2000]) {
      const expected: WalEntry[] = [];
      for await (const e of again.readLog('p1', after, undefined, { forReplay: true })) expected.push(e);
      const visited: WalEntry[] = [];
      expect(await again.replayLog('p1', after, (e) => visited.push(e))).toBe(expected.length);
      // Posts are compared as documents: each raw post is a view into a shared
      // read buffer, and comparing those whole buffers entry by entry took ~50 s.
      expect(visited.map(withDecodedPost)).toEqual(expected.map(withDecodedPost));
      expect(visited.map((e) => e.lsn)).toEqual(batch.filter((e) => e.project === 'p1' && e.lsn > after).map((e) => e.lsn));
    }
    let seen = 0;
    const stop = again.replayLog('p0', 0, () => {
      if (++seen === 300) throw new Error('visitor failed');
    });
    await expect(stop).rejects.toThrow('visitor failed');
    expect(seen).toBe(300);
    expect(await lsnsOf(again, 'p0', 1990)).toEqual([1992, 1994, 1996, 1998, 2000]);
    await again.close();
  });
});

/** An entry with its post-image decoded when it is still raw BSON. */
function withDecodedPost(e: WalEntry): unknown {
  return e.kind === 'put' && e.post instanceof RawDocument ? { ...e, post: e.post.decode() } : e;
}

describe('segment retention', () => {
  let t: Awaited<ReturnType<typeof tempDir>>;
  let dir: string;
  beforeEach(async () => {
    t = await tempDir();
    dir = join(t.dir, 'data');
  });
  afterEach(() => t.remove());

  const segments = async (): Promise<string[]> => segmentNames(dir);
  const ckpt = (project: string, lsn: number) => ({ project, lsn, createdAt: new Date(), chunks: [new Uint8Array([lsn % 256])] });

  it('deletes old segments covered by the oldest kept checkpoint once outside the retention window', async () => {
    const s = new FileStore({ dir, segmentBytes: 4096, retentionMs: 0, keepCheckpoints: 2 });
    await s.open();
    await appendRange(s, 'shop', 1, 400, 10, 40);
    const before = await segments();
    expect(before.length).toBeGreaterThan(4);
    await s.saveCheckpoint(ckpt('shop', 200));
    const after = await segments();
    expect(after.length).toBeLessThan(before.length);
    expect(after[0]).not.toBe(before[0]);
    const remaining = await lsnsOf(s, 'shop');
    // Everything above the checkpoint is kept; only entries at or below it were dropped.
    expect(remaining.slice(-200)).toEqual(range(201, 400));
    expect(remaining[0]!).toBeGreaterThan(1);
    expect(remaining[0]!).toBeLessThanOrEqual(201);
    expect(await lsnsOf(s, 'shop', 200)).toEqual(range(201, 400));
    await s.close();
    const again = new FileStore({ dir });
    await again.open();
    expect(await lsnsOf(again, 'shop', 200)).toEqual(range(201, 400));
    expect(await again.reserveLsns('shop', 1)).toBeGreaterThan(400);
    await again.close();
    expect((await verifyDataDir(dir)).ok).toBe(true);
    // A deleted segment's summary went with it; kept sealed segments have theirs.
    const names = await readdir(join(dir, 'wal'));
    const segs = names.filter((n) => n.endsWith('.seg'));
    const sums = names.filter((n) => n.endsWith('.sum'));
    expect(sums.length).toBe(segs.length - 1);
    for (const n of sums) expect(segs).toContain(n.replace('.sum', '.seg'));
  });

  it('keeps segments inside the retention window', async () => {
    const s = new FileStore({ dir, segmentBytes: 4096 }); // default: 7 days
    await s.open();
    await appendRange(s, 'shop', 1, 400, 10, 40);
    const before = await segments();
    await s.saveCheckpoint(ckpt('shop', 400));
    expect(await segments()).toEqual(before);
    await s.close();
  });

  it('keeps segments holding entries of a project without a checkpoint', async () => {
    const s = new FileStore({ dir, segmentBytes: 4096, retentionMs: 0 });
    await s.open();
    await s.append([entry('blog', 1)]);
    await appendRange(s, 'shop', 1, 400, 10, 40);
    const before = await segments();
    await s.saveCheckpoint(ckpt('shop', 400));
    const after = await segments();
    expect(after[0]).toBe(before[0]); // blog's only entry is in the first segment
    expect(after).toEqual(before);
    await s.saveCheckpoint(ckpt('blog', 1));
    expect((await segments()).length).toBe(1);
    await s.close();
  });
});
