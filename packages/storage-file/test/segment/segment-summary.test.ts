import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CorruptionError } from '@argon/core';
import { FileStore } from '../../src/index.js';
import { FILE_HEADER_BYTES } from '../../src/format/file-header.js';
import { decodeSummary, encodeSummary, readSummary } from '../../src/segment/segment-summary.js';
import { appendRange, flipByte, frameOffsets, lsnsOf, range, segmentNames, segmentPath, summaryPath } from '../support/store-helpers.js';
import { tempDir } from '../support/temp-dir.js';

const flip = (file: string, offset: number): Promise<void> => flipByte(file, offset, 0x08);

describe('segment summaries', () => {
  let t: Awaited<ReturnType<typeof tempDir>>;
  let dir: string;
  const make = (): FileStore => new FileStore({ dir, segmentBytes: 8 * 1024, verifyDelayMs: -1 });
  const seg = (n: number): string => segmentPath(dir, n);

  beforeEach(async () => {
    t = await tempDir();
    dir = join(t.dir, 'data');
    const s = make();
    await s.open();
    await appendRange(s, 'shop', 1, 400, 10, 40); // ~ 4 segments of 8 KiB
    await appendRange(s, 'blog', 1, 30, 5);
    await s.saveCheckpoint({ project: 'shop', lsn: 400, createdAt: new Date(), chunks: [new Uint8Array([1])] });
    await s.saveCheckpoint({ project: 'blog', lsn: 30, createdAt: new Date(), chunks: [new Uint8Array([2])] });
    await s.close();
  });
  afterEach(() => t.remove());

  it('are written for every sealed segment, and round-trip', async () => {
    const names = await readdir(join(dir, 'wal'));
    const segs = names.filter((n) => n.endsWith('.seg'));
    expect(segs.length).toBeGreaterThanOrEqual(4);
    expect(names.filter((n) => n.endsWith('.sum')).sort()).toEqual(segs.slice(0, -1).map((n) => n.replace('.seg', '.sum')));
    const sum = { seq: 3, size: 9000, entries: 2, maxTs: 17, dataCrc: 0xfedcba98, projects: [{ name: 'p', minLsn: 5, maxLsn: 9, count: 2, lsns: [5], offsets: [32] }] };
    expect(decodeSummary(encodeSummary(sum), 3)).toEqual(sum);
    // Summaries written before the data CRC existed still decode.
    expect(decodeSummary(encodeSummary({ ...sum, dataCrc: undefined }), 3)).toEqual({ ...sum, dataCrc: undefined });
    // Each summary's data CRC is that of its segment's bytes after the header.
    for (const seg of segs.slice(0, -1)) {
      const decoded = await readSummary(join(dir, 'wal'), Number(seg.replace('.seg', '')));
      const bytes = await readFile(join(dir, 'wal', seg));
      expect(typeof decoded === 'object' && decoded.dataCrc).toBe(crc32(bytes.subarray(FILE_HEADER_BYTES, typeof decoded === 'object' ? decoded.size : 0)));
    }
    expect(decodeSummary(encodeSummary(sum), 4)).toBe('header names segment 3');
    const bad = encodeSummary(sum);
    bad[bad.length - 3]! ^= 1;
    expect(decodeSummary(bad, 3)).toBe('summary frame: bad-crc');
  });

  it('let open index sealed segments without reading them; readLog and the background pass verify them', async () => {
    const s = make();
    const report = await s.open();
    expect(report.messages.join('\n')).toMatch(/sealed segment\(s\) indexed from their summaries/);
    // Only the newest segment was read at open.
    const last = (await segmentNames(dir)).at(-1)!;
    expect(report.recovery?.entriesScanned).toBe((await frameOffsets(join(dir, 'wal', last))).length);
    const unverified = (await s.status()).unverifiedSegments as number;
    expect(unverified).toBeGreaterThan(0);
    expect(await lsnsOf(s, 'shop')).toEqual(range(1, 400));
    expect(await lsnsOf(s, 'blog')).toEqual(range(1, 30));
    expect(await lsnsOf(s, 'shop', 250)).toEqual(range(251, 400));
    expect(await s.verifyRemaining()).toEqual([]);
    expect((await s.status()).unverifiedSegments).toBe(0);
    // LSN allocation continues above what the summaries reported.
    expect(await s.reserveLsns('shop', 1)).toBeGreaterThan(400);
    await s.close();
  });

  it('leave damage in a summarized segment to readLog and the background pass, which name the file and offset', async () => {
    const offs = await frameOffsets(seg(1));
    await flip(seg(1), offs[4]! + 20);
    const s = make();
    await s.open(); // a store-level open does not read summarized segments
    const err = await lsnsOf(s, 'shop').then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(CorruptionError);
    expect(err).toMatchObject({ file: seg(1), offset: offs[4] });
    expect((err as Error).message).toContain(`argon wal verify --data-dir ${dir}`);
    // Entries above the damaged segment are still readable.
    expect((await lsnsOf(s, 'shop', 350)).length).toBe(50);
    const damage = await s.verifyRemaining();
    expect(damage).toHaveLength(1);
    expect(damage[0]).toContain(`${seg(1)}: CRC mismatch`);
    expect(damage[0]).toContain(`byte offset ${offs[4]}`);
    expect((await s.status()).logDamage).toEqual(damage);
    await s.close();
  });

  it('let replay check a summarized segment with one CRC over its data, and still name a damaged frame', async () => {
    const s = make();
    await s.open();
    expect((await s.status()).unverifiedSegments).toBeGreaterThan(0);
    const lsns: number[] = [];
    expect(await s.replayLog('shop', 0, (e) => lsns.push(e.lsn))).toBe(400);
    expect(lsns).toEqual(range(1, 400));
    expect((await s.status()).unverifiedSegments).toBe(0); // read in full and matched
    await s.close();

    const offs = await frameOffsets(seg(1));
    await flip(seg(1), offs[4]! + 20); // inside an entry's payload: its frame CRC no longer matches
    const damaged = make();
    await damaged.open();
    const err = await damaged.replayLog('shop', 0, () => {}).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(CorruptionError);
    expect(err).toMatchObject({ file: seg(1), offset: offs[4] });
    expect((err as Error).message).toContain('CRC mismatch');
    await damaged.close();
  });

  it('let replay go on when only the summary’s data CRC is wrong and every frame verifies', async () => {
    const sum = await readSummary(join(dir, 'wal'), 1);
    if (typeof sum === 'string') throw new Error(sum);
    await writeFile(summaryPath(dir, 1), encodeSummary({ ...sum, dataCrc: (sum.dataCrc! ^ 1) >>> 0 }));
    const s = make();
    await s.open();
    const lsns: number[] = [];
    await s.replayLog('shop', 0, (e) => lsns.push(e.lsn));
    expect(lsns).toEqual(range(1, 400));
    await s.close();
  });

  it('are ignored when damaged: open reads the segment instead, and stops on damage in it', async () => {
    await flip(summaryPath(dir, 2), 40);
    const s = make();
    const report = await s.open();
    expect(report.recovery?.entriesScanned).toBeGreaterThan((await frameOffsets(seg(2))).length);
    expect(await lsnsOf(s, 'shop')).toEqual(range(1, 400));
    await s.close();
    // That open wrote a fresh summary.
    expect(typeof decodeSummary(await readFile(summaryPath(dir, 2)), 2)).toBe('object');
    const offs = await frameOffsets(seg(2));
    await flip(seg(2), offs[4]! + 20);
    await flip(summaryPath(dir, 2), 40);
    await expect(make().open()).rejects.toMatchObject({ name: 'CorruptionError', file: seg(2), offset: offs[4] });
  });
});

describe('replay of a summarized segment larger than one read chunk', () => {
  let t: Awaited<ReturnType<typeof tempDir>>;
  let dir: string;
  // 10 MiB segments of ~2 KiB entries: replay reads each in three chunks, visiting entries before the CRC is compared.
  const make = (): FileStore => new FileStore({ dir, segmentBytes: 10 * 1024 * 1024, verifyDelayMs: -1 });
  const first = (): string => segmentPath(dir, 1);
  beforeEach(async () => {
    t = await tempDir();
    dir = join(t.dir, 'data');
    const s = make();
    await s.open();
    await appendRange(s, 'shop', 1, 6000, 200, 2000);
    await s.close();
    expect((await segmentNames(dir)).length).toBe(2);
  });
  afterEach(() => t.remove());

  const replayError = async (): Promise<{ err: unknown; visited: number }> => {
    const s = make();
    await s.open();
    let visited = 0;
    const err = await s.replayLog('shop', 0, () => visited++).then(
      () => undefined,
      (e: unknown) => e,
    );
    await s.close();
    return { err, visited };
  };

  it('names the damaged frame once the data CRC does not match, after visiting the entries before it', async () => {
    const offs = await frameOffsets(first());
    await flip(first(), offs[100]! + 200); // inside a padding string: the entry still decodes
    const { err, visited } = await replayError();
    expect(err).toMatchObject({ name: 'CorruptionError', file: first(), offset: offs[100] });
    expect(visited).toBeGreaterThan(100);
  });

  it('names the damaged frame when an entry fails to decode before the CRC is compared', async () => {
    const offs = await frameOffsets(first());
    const buf = await readFile(first());
    const kind = buf.indexOf(Buffer.from('kind\0', 'latin1'), offs[50]!) + 5;
    buf.writeInt32LE(0x7fffff00, kind); // the string length of `kind` runs past the entry
    await writeFile(first(), buf);
    const { err, visited } = await replayError();
    expect(err).toMatchObject({ name: 'CorruptionError', file: first(), offset: offs[50] });
    expect(visited).toBe(50);
  });
});
