import { appendFile, readFile, stat, truncate, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CorruptionError } from '@argon/core';
import { FileStore } from '../../src/index.js';
import { appendRange, flipByte, frameOffsets, lsnsOf, range, segmentNames, segmentPath, summaryPath } from '../support/store-helpers.js';
import { tempDir } from '../support/temp-dir.js';

const flip = (file: string, offset: number, mask = 0x40): Promise<void> => flipByte(file, offset, mask);

describe('recovery on open', () => {
  let t: Awaited<ReturnType<typeof tempDir>>;
  let dir: string;
  const make = (): FileStore => new FileStore({ dir, segmentBytes: 8 * 1024 });
  const seg = (n: number): string => segmentPath(dir, n);

  beforeEach(async () => {
    t = await tempDir();
    dir = join(t.dir, 'data');
    const s = make();
    await s.open();
    await appendRange(s, 'shop', 1, 300, 10, 40); // ~ 3 segments of 8 KiB
    await s.close();
  });
  afterEach(() => t.remove());

  it('spreads the test log over several segments', async () => {
    expect((await segmentNames(dir)).length).toBeGreaterThanOrEqual(3);
  });

  it('reopens a clean log with no messages but the summary and no truncation', async () => {
    const s = make();
    const report = await s.open();
    expect(report.recovery?.truncatedBytes).toBe(0);
    // Sealed segments are indexed from their summaries; only the newest one is read.
    expect(report.recovery?.entriesScanned).toBe((await frameOffsets(join(dir, 'wal', (await segmentNames(dir)).at(-1)!))).length);
    expect(report.messages.filter((m) => m.includes('torn'))).toEqual([]);
    expect(await lsnsOf(s, 'shop')).toEqual(range(1, 300));
    await s.close();
  });

  it('truncates a torn final entry, reports it, and keeps every earlier entry', async () => {
    const files = await segmentNames(dir);
    const last = join(dir, 'wal', files.at(-1)!);
    const sizeBefore = (await stat(last)).size;
    const offs = await frameOffsets(last);
    // Cut the last frame in the middle of its payload, as a crash during write() would.
    await truncate(last, offs.at(-1)! + 20);
    const s = make();
    const report = await s.open();
    expect(report.recovery?.truncatedBytes).toBe(20);
    expect(report.messages.some((m) => m.includes('torn tail') && m.includes(last) && m.includes(`offset ${offs.at(-1)}`))).toBe(true);
    expect((await stat(last)).size).toBe(offs.at(-1));
    expect(sizeBefore).toBeGreaterThan(offs.at(-1)!);
    expect(await lsnsOf(s, 'shop')).toEqual(range(1, 299));
    // The log continues cleanly after the cut.
    await appendRange(s, 'shop', 301, 305);
    expect((await lsnsOf(s, 'shop', 298)).length).toBe(6);
    await s.close();
    const again = make();
    expect((await again.open()).recovery?.truncatedBytes).toBe(0);
    expect(await lsnsOf(again, 'shop', 298)).toEqual([299, 301, 302, 303, 304, 305]);
    await again.close();
  });

  it('treats a partial frame header and a zero-filled tail as torn', async () => {
    const files = await segmentNames(dir);
    const last = join(dir, 'wal', files.at(-1)!);
    await appendFile(last, Buffer.from([7, 0, 0]));
    await appendFile(last, Buffer.alloc(4096));
    const s = make();
    const report = await s.open();
    expect(report.recovery?.truncatedBytes).toBe(4099);
    expect(await lsnsOf(s, 'shop')).toEqual(range(1, 300));
    await s.close();
  });

  it('treats a CRC mismatch in the very last frame as a torn write', async () => {
    const files = await segmentNames(dir);
    const last = join(dir, 'wal', files.at(-1)!);
    const offs = await frameOffsets(last);
    await flip(last, offs.at(-1)! + 30);
    const s = make();
    const report = await s.open();
    expect(report.messages.some((m) => m.includes('CRC mismatch') && m.includes('torn tail'))).toBe(true);
    expect(await lsnsOf(s, 'shop')).toEqual(range(1, 299));
    await s.close();
  });

  it('fails the first read of a flipped byte in a summarized segment, naming the file and offset', async () => {
    const offs = await frameOffsets(seg(1));
    await flip(seg(1), offs[5]! + 20);
    const s = make();
    await s.open();
    // Recovery replays with readLog: this is the error that stops the engine's startup.
    await expect(lsnsOf(s, 'shop')).rejects.toMatchObject({ name: 'CorruptionError', file: seg(1), offset: offs[5] });
    await s.close();
  });

  it('stops startup on a flipped byte mid-segment when the segment has no summary, naming the file and offset', async () => {
    const offs = await frameOffsets(seg(1));
    const victim = offs[5]!;
    await flip(seg(1), victim + 20);
    await unlink(summaryPath(dir, 1));
    const s = make();
    const err = await s.open().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(CorruptionError);
    const c = err as CorruptionError;
    expect(c.file).toBe(seg(1));
    expect(c.offset).toBe(victim);
    expect(c.message).toContain(seg(1));
    expect(c.message).toContain(`byte offset ${victim}`);
    expect(c.message).toContain(`argon wal verify --data-dir ${dir}`);
    // The failed open released the lock: a second attempt meets the same corruption, not a LockedError.
    await expect(make().open()).rejects.toBeInstanceOf(CorruptionError);
  });

  it('stops startup on damage in the middle of the newest segment', async () => {
    const files = await segmentNames(dir);
    const last = join(dir, 'wal', files.at(-1)!);
    const offs = await frameOffsets(last);
    expect(offs.length).toBeGreaterThan(3);
    await flip(last, offs[1]! + 25);
    await expect(make().open()).rejects.toMatchObject({ name: 'CorruptionError', file: last, offset: offs[1] });
  });

  it('stops startup on a damaged length field followed by valid frames', async () => {
    const files = await segmentNames(dir);
    const last = join(dir, 'wal', files.at(-1)!);
    const offs = await frameOffsets(last);
    // A huge length makes the frame look cut short; the valid frames after it show it is damage, not a torn tail.
    await flip(last, offs[2]! + 2, 0x10);
    await expect(make().open()).rejects.toMatchObject({ name: 'CorruptionError', file: last, offset: offs[2] });
  });

  it('stops startup when a segment in the middle is missing', async () => {
    await unlink(seg(2));
    await expect(make().open()).rejects.toMatchObject({ name: 'CorruptionError', file: seg(3) });
  });

  it('rewrites a torn header of the newest segment (crash while rolling)', async () => {
    const files = await segmentNames(dir);
    const next = segmentPath(dir, files.length + 1);
    await writeFile(next, Buffer.from('ARGON'));
    const s = make();
    const report = await s.open();
    expect(report.messages.some((m) => m.includes(next) && m.includes('header'))).toBe(true);
    expect((await readFile(next)).length).toBe(32);
    expect(await lsnsOf(s, 'shop')).toEqual(range(1, 300));
    await appendRange(s, 'shop', 301, 301);
    expect((await lsnsOf(s, 'shop', 300))).toEqual([301]);
    await s.close();
  });

  it('in read-only mode reports a torn tail without touching the file', async () => {
    const files = await segmentNames(dir);
    const last = join(dir, 'wal', files.at(-1)!);
    await appendFile(last, Buffer.from([1, 2, 3]));
    const size = (await stat(last)).size;
    const s = new FileStore({ dir, readOnly: true });
    const report = await s.open();
    expect(report.messages.some((m) => m.includes('torn tail') && m.includes('read-only'))).toBe(true);
    expect((await stat(last)).size).toBe(size);
    expect(await lsnsOf(s, 'shop')).toEqual(range(1, 300));
    await s.close();
  });
});
