import { execFileSync } from 'node:child_process';
import { appendFile, mkdir, open, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StorageError } from '@argon/core';
import { FileStore, verifyDataDir } from '../../src/index.js';
import type { FaultInjector } from '../../src/index.js';
import { appendRange, entry, lsnsOf, range, segmentNames } from '../support/store-helpers.js';
import { tempDir } from '../support/temp-dir.js';

function errno(code: string): Error {
  return Object.assign(new Error(`${code}: simulated`), { code });
}

function tryMountTmpfs(dir: string, size: string): boolean {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

async function settle<T>(p: Promise<T>): Promise<{ ok: true; value: T } | { ok: false; error: unknown }> {
  return p.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );
}

describe('group commit', () => {
  let t: Awaited<ReturnType<typeof tempDir>>;
  beforeEach(async () => {
    t = await tempDir();
  });
  afterEach(() => t.remove());

  it('64 concurrent appends share far fewer fsyncs than appends', async () => {
    const s = new FileStore({ dir: t.dir });
    await s.open();
    const before = await s.status();
    await Promise.all(range(1, 64).map((l) => s.append([entry('shop', l)])));
    const after = await s.status();
    const fsyncs = (after.fsyncs as number) - (before.fsyncs as number);
    expect((after.appends as number) - (before.appends as number)).toBe(64);
    expect(fsyncs).toBeGreaterThanOrEqual(1);
    expect(fsyncs).toBeLessThanOrEqual(8);
    expect((after.writeBatches as number) - (before.writeBatches as number)).toBe(fsyncs);
    expect(await lsnsOf(s, 'shop')).toEqual(range(1, 64));
    await s.close();
  });

  it('closed-loop writers settle into two halves, not a batch of one and then everyone else', async () => {
    // Each writer appends again as soon as its append is acknowledged. Writing
    // at the first re-append sends a batch of one, and the others then wait
    // for it and go out all together, over and over.
    const sizes: number[] = [];
    const s = new FileStore({ dir: t.dir, faults: { beforeWrite: (_path, length) => void sizes.push(length) } });
    await s.open();
    let lsn = 0;
    await s.append([entry('shop', ++lsn)]);
    const one = sizes.at(-1)!;
    sizes.length = 0;
    const writers = 64;
    const rounds = 12;
    await Promise.all(
      range(1, writers).map(async () => {
        for (let i = 0; i < rounds; i++) {
          // A few promise hops between an acknowledgement and the next append, as in the engine.
          for (let hop = 0; hop < 4; hop++) await null;
          await s.append([entry('shop', ++lsn)]);
        }
      }),
    );
    const appendsPerBatch = sizes.filter((n) => n >= one).map((n) => Math.round(n / one));
    expect(appendsPerBatch.reduce((a, b) => a + b, 0)).toBe(writers * rounds);
    // Past the first two batches (everyone's first append, and the start of the split).
    const steady = appendsPerBatch.slice(2);
    expect(steady.length).toBeGreaterThan(rounds);
    expect(Math.min(...steady)).toBeGreaterThanOrEqual(writers / 4);
    await s.close();
  });

  it('in sync mode each sequential append waits for its own fsync', async () => {
    const s = new FileStore({ dir: t.dir });
    await s.open();
    const before = (await s.status()).fsyncs as number;
    for (const l of range(1, 10)) await s.append([entry('shop', l)]);
    expect(((await s.status()).fsyncs as number) - before).toBe(10);
    await s.close();
  });

  it('in interval mode appends resolve after write() and a timer fsyncs', async () => {
    const s = new FileStore({ dir: t.dir, durability: 'interval', intervalMs: 30 });
    await s.open();
    const before = (await s.status()).fsyncs as number;
    for (const l of range(1, 20)) await s.append([entry('shop', l)]);
    expect(((await s.status()).fsyncs as number) - before).toBeLessThan(20);
    await new Promise((r) => setTimeout(r, 150));
    const later = (await s.status()).fsyncs as number;
    expect(later - before).toBeGreaterThanOrEqual(1);
    expect(later - before).toBeLessThanOrEqual(6);
    expect((await s.status()).durability).toBe('interval');
    await s.close();
  });
});

describe('preallocated space', () => {
  let t: Awaited<ReturnType<typeof tempDir>>;
  beforeEach(async () => {
    t = await tempDir();
  });
  afterEach(() => t.remove());
  const seg = (): string => join(t.dir, 'wal', '00000001.seg');

  it('is zero-filled ahead of the appends while open, and cut off on a clean close', async () => {
    const s = new FileStore({ dir: t.dir });
    await s.open();
    await appendRange(s, 'shop', 1, 40, 10, 100);
    // The zero fill runs in the background; it is there once a later append has waited for it or it finished.
    for (let i = 0; i < 100 && (await stat(seg())).size <= ((await s.status()).logBytes as number); i++) await new Promise((r) => setTimeout(r, 10));
    const logBytes = (await s.status()).logBytes as number;
    const whileOpen = await readFile(seg());
    expect(whileOpen.length).toBeGreaterThan(logBytes);
    expect(whileOpen.subarray(logBytes).every((b) => b === 0)).toBe(true);
    expect((await verifyDataDir(t.dir)).problems).toEqual([]); // a live directory verifies clean
    await s.close();
    expect((await stat(seg())).size).toBe(logBytes);
  });

  it('is not written while batches are large (bulk loads would write the log twice)', async () => {
    const s = new FileStore({ dir: t.dir });
    await s.open();
    await appendRange(s, 'shop', 1, 100, 10, 20_000); // ~200 KB per batch
    await new Promise((r) => setTimeout(r, 50));
    expect((await stat(seg())).size).toBe((await s.status()).logBytes);
    await s.close();
  });

  it('left behind by a crash is neither torn nor truncated: appends reuse it', async () => {
    const s = new FileStore({ dir: t.dir });
    await s.open();
    await appendRange(s, 'shop', 1, 20);
    await s.close();
    const size = (await stat(seg())).size;
    await appendFile(seg(), Buffer.alloc(1 << 20)); // what a kill -9 leaves: zeros after the last entry
    expect((await verifyDataDir(t.dir)).problems).toEqual([]);
    const again = new FileStore({ dir: t.dir });
    const report = await again.open();
    expect(report.recovery?.truncatedBytes).toBe(0);
    expect(report.messages.filter((m) => m.includes('torn'))).toEqual([]);
    expect((await stat(seg())).size).toBe(size + (1 << 20));
    await appendRange(again, 'shop', 21, 30);
    expect(await lsnsOf(again, 'shop')).toEqual(range(1, 30));
    await again.close();
    expect((await stat(seg())).size).toBeLessThan(size + (1 << 20));
    expect((await verifyDataDir(t.dir)).ok).toBe(true);
  });
});

describe('append failures', () => {
  let t: Awaited<ReturnType<typeof tempDir>>;
  let dir: string;
  beforeEach(async () => {
    t = await tempDir();
    dir = join(t.dir, 'data');
  });
  afterEach(() => t.remove());

  it('fsync EIO rejects the batch and everything queued, truncates, and later appends succeed', async () => {
    const faults: { failSync?: boolean } = {};
    const inject: FaultInjector = {
      beforeSync(file) {
        if (faults.failSync && file.endsWith('.seg')) throw errno('EIO');
      },
    };
    const s = new FileStore({ dir, faults: inject });
    await s.open();
    await appendRange(s, 'shop', 1, 20);
    const seg = join(dir, 'wal', '00000001.seg');
    const ackedSize = (await s.status()).logBytes as number;
    faults.failSync = true;
    const results = await Promise.all(range(21, 30).map((l) => settle(s.append([entry('shop', l)]))));
    for (const r of results) {
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.error).toBeInstanceOf(StorageError);
        expect((r.error as Error).message).toBe(
          `I/O error while appending to ${seg}; check the disk and the system log (dmesg), then run \`argon wal verify\` on the data directory`,
        );
      }
    }
    expect((await stat(seg)).size).toBe(ackedSize);
    expect(await lsnsOf(s, 'shop')).toEqual(range(1, 20));
    const st = await s.status();
    expect(st.lastError).toContain('I/O error');
    expect(st.failedAppends).toBe(10);
    faults.failSync = false;
    // The engine reserves new LSNs after a failure, but retrying the same ones also works.
    await appendRange(s, 'shop', 21, 25);
    expect(await lsnsOf(s, 'shop')).toEqual(range(1, 25));
    await s.close();
    const again = new FileStore({ dir });
    await again.open();
    expect(await lsnsOf(again, 'shop')).toEqual(range(1, 25));
    await again.close();
    expect((await verifyDataDir(dir)).ok).toBe(true);
  });

  it('refuses appends while the failed tail cannot be truncated, then repairs it', async () => {
    const f: { sync?: boolean; truncate?: boolean } = {};
    const s = new FileStore({
      dir,
      faults: {
        beforeSync: (file) => {
          if (f.sync && file.endsWith('.seg')) throw errno('EIO');
        },
        beforeTruncate: () => {
          if (f.truncate) throw errno('EROFS');
        },
      },
    });
    await s.open();
    await appendRange(s, 'shop', 1, 5);
    f.sync = true;
    f.truncate = true;
    await expect(s.append([entry('shop', 6, 500)])).rejects.toThrow(/I\/O error while appending/);
    f.sync = false;
    // The bytes of the failed append are still in the file: writing after them would bury garbage mid-log.
    await expect(s.append([entry('shop', 7)])).rejects.toThrow(/file system is read-only while appending to .*00000001\.seg; remount it read-write/);
    f.truncate = false;
    await s.append([entry('shop', 8)]);
    expect(await lsnsOf(s, 'shop')).toEqual([1, 2, 3, 4, 5, 8]);
    await s.close();
    const r = await verifyDataDir(dir);
    expect(r.ok).toBe(true);
    expect(r.problems).toEqual([]);
    expect(r.entries).toBe(6);
  });

  it('a failed segment roll rejects the batch and is retried by the next append', async () => {
    const f: { create?: boolean } = {};
    const s = new FileStore({
      dir,
      segmentBytes: 4096,
      faults: {
        beforeWrite: (file) => {
          if (f.create && file.endsWith('00000002.seg')) throw errno('ENOSPC');
        },
      },
    });
    await s.open();
    await appendRange(s, 'shop', 1, 10, 10, 500); // > 4 KiB: the next append rolls
    f.create = true;
    await expect(s.append([entry('shop', 11)])).rejects.toThrow(/disk full while creating .*00000002\.seg; free space and retry/);
    f.create = false;
    await s.append([entry('shop', 12)]);
    expect(await segmentNames(dir)).toEqual(['00000001.seg', '00000002.seg']);
    expect(await lsnsOf(s, 'shop', 9)).toEqual([10, 12]);
    await s.close();
  });
});

describe('disk full on a real (tiny tmpfs) file system', () => {
  let t: Awaited<ReturnType<typeof tempDir>>;
  let mnt: string;
  let mounted = false;
  beforeEach(async () => {
    t = await tempDir();
    mnt = join(t.dir, 'mnt');
    await mkdir(mnt);
    mounted = tryMountTmpfs(mnt, '2m');
  });
  afterEach(async () => {
    if (mounted) execFileSync('umount', [mnt]);
    await t.remove();
  });

  it('rejects with "disk full", stays up, keeps acknowledged data, and recovers once space is freed', async (ctx) => {
    if (!mounted) {
      ctx.skip(); // mount not permitted here; the fault-injection tests above cover the logic
      return;
    }
    const dir = join(mnt, 'data');
    const s = new FileStore({ dir });
    await s.open();
    await appendRange(s, 'shop', 1, 50, 10, 100);
    // Fill the file system.
    const filler = join(mnt, 'filler');
    const fh = await open(filler, 'w');
    const block = Buffer.alloc(64 * 1024, 1);
    try {
      for (;;) await fh.write(block);
    } catch (err) {
      expect((err as { code?: string }).code).toBe('ENOSPC');
    } finally {
      await fh.close();
    }
    const seg = join(dir, 'wal', '00000001.seg');
    // Appends first fill whatever zero-filled space the writer had preallocated, then meet ENOSPC.
    const acked = range(1, 50);
    let failure: unknown;
    for (let l = 51; l <= 100 && failure === undefined; l++) {
      const r = await settle(s.append([entry('shop', l, 100_000)]));
      if (r.ok) acked.push(l);
      else failure = r.error;
    }
    expect(failure).toBeInstanceOf(StorageError);
    expect((failure as Error).message).toBe(`disk full while appending to ${seg}; free space and retry`);
    expect(await lsnsOf(s, 'shop')).toEqual(acked);
    await rm(filler);
    await appendRange(s, 'shop', 101, 110, 10, 100);
    expect(await lsnsOf(s, 'shop', 45)).toEqual([...acked.filter((l) => l > 45), ...range(101, 110)]);
    await s.close();
    const again = new FileStore({ dir });
    const report = await again.open();
    expect(report.recovery?.truncatedBytes).toBe(0);
    expect(await lsnsOf(again, 'shop')).toEqual([...acked, ...range(101, 110)]);
    await again.close();
    expect((await verifyDataDir(dir)).ok).toBe(true);
  });
});
