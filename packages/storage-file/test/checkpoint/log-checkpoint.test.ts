import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Binary, deserialize, Int32 } from 'bson';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CorruptionError, readFloat64Binary, type CheckpointImage, type WalEntry } from '@argon/core';
import { FileStore } from '../../src/index.js';
import { flipByte, frameOffsets, segmentNames } from '../support/store-helpers.js';
import { tempDir } from '../support/temp-dir.js';

const OPS = ['insert', 'update', 'replace', 'delete', 'upsert'];

/** Entries of two projects, interleaved: puts and deletes in two collections on two branches of `shop`. */
function history(): WalEntry[] {
  const out: WalEntry[] = [];
  const base = { ts: 1_700_000_000_000 };
  for (let lsn = 1; lsn <= 60; lsn++) {
    const branchId = lsn % 7 === 0 ? 'b2' : 'main';
    const collection = lsn % 3 === 0 ? 'orders' : 'users';
    const id = new Int32(lsn % 11);
    if (lsn % 5 === 0) out.push({ ...base, project: 'shop', lsn, branchId, collection, kind: 'delete', id, pre: { _id: id }, op: { type: 'delete' } });
    else out.push({ ...base, project: 'shop', lsn, branchId, collection, kind: 'put', id, post: { _id: id, n: lsn, s: 'x'.repeat(lsn) }, pre: null, op: { type: lsn % 2 ? 'insert' : 'update' }, ...(lsn % 4 === 0 ? { actor: 'alice' } : {}) });
    // Another project's entries in between, with the same LSNs.
    out.push({ ...base, project: 'blog', lsn, branchId: 'main', collection: 'users', kind: 'put', id: new Int32(lsn), post: { _id: new Int32(lsn) }, pre: null, op: { type: 'insert' } });
  }
  return out;
}

/** The versions an image's chain chunks hold, as [branch, collection, id, lsn, op, n or null, actor]. */
function versionsOf(image: CheckpointImage): unknown[][] {
  const out: unknown[][] = [];
  for (const bytes of image.chunks.slice(1)) {
    const chunk = deserialize(bytes, { promoteValues: false });
    const body = deserialize((chunk.body as Binary).buffer.subarray(0, (chunk.body as Binary).position), { promoteValues: true });
    const lsns = readFloat64Binary(body.lsns);
    const counts = readFloat64Binary(body.counts);
    const ops = (body.ops as Binary).buffer;
    let k = 0;
    (body.ids as unknown[]).forEach((id, i) => {
      for (let j = 0; j < counts[i]!; j++, k++) {
        const doc = (body.docs as Array<Record<string, unknown> | null>)[k];
        out.push([chunk.b, chunk.c, id, lsns[k], OPS[ops[k]!], doc ? doc.n : null, (body.actors as Record<string, string>)[String(k)] ?? null]);
      }
    });
  }
  return out.sort((a, b) => (a[3] as number) - (b[3] as number));
}

function expected(entries: WalEntry[], from: number, to: number): unknown[][] {
  return entries
    .filter((e) => e.project === 'shop' && e.lsn > from && e.lsn <= to)
    .map((e) => [e.branchId, e.collection, (e as { id: Int32 }).id.value, e.lsn, e.kind === 'delete' ? 'delete' : (e as { op: { type: string } }).op.type, e.kind === 'put' ? e.post.n : null, e.actor ?? null]);
}

const header = new Uint8Array([9, 9, 9]);
const image = (lsn: number, baseLsn: number) => ({ project: 'shop', lsn, createdAt: new Date(1_700_000_000_000 + lsn), chunks: [header], baseLsn });

describe('checkpoints built from the log', () => {
  let t: Awaited<ReturnType<typeof tempDir>>;
  beforeEach(async () => {
    t = await tempDir();
  });
  afterEach(() => t.remove());

  async function storeWithHistory(dir: string, opts: { checkpointWorker?: boolean; checkpointLayers?: number } = {}) {
    const s = new FileStore({ dir, segmentBytes: 4096, keepCheckpoints: 9, ...opts });
    await s.open();
    const entries = history();
    for (let i = 0; i < entries.length; i += 8) await s.append(entries.slice(i, i + 8));
    await s.saveCheckpoint({ project: 'shop', lsn: 10, createdAt: new Date(0), chunks: [new Uint8Array([1])] });
    return { s, entries };
  }

  it('hold the versions of the project’s puts and deletes above the base and up to the LSN, in the worker or not, byte for byte alike', async () => {
    const files: Buffer[] = [];
    for (const checkpointWorker of [true, false]) {
      const dir = join(t.dir, String(checkpointWorker));
      const { s, entries } = await storeWithHistory(dir, { checkpointWorker });
      expect((await segmentNames(dir)).length).toBeGreaterThan(3);
      // LSN 45 is below the newest entry: what came after it stays out.
      await s.saveCheckpointFromLog(image(45, 10));
      const got = (await s.loadCheckpoint('shop'))!;
      expect(got.lsn).toBe(45);
      expect([...got.chunks[0]!]).toEqual([9, 9, 9]);
      // The base's only chunk is its header: every chain chunk is the new file's.
      expect(versionsOf(got)).toEqual(expected(entries, 10, 45));
      files.push(await readFile(join(dir, 'checkpoints', 'shop', '0000000000000045.ckpt')));
      await s.close();
    }
    expect(files[0]!.equals(files[1]!)).toBe(true);
  });

  it('without a base hold every version up to the LSN, in a self-contained file', async () => {
    const dir = join(t.dir, 'd');
    const { s, entries } = await storeWithHistory(dir);
    await s.saveCheckpointFromLog({ project: 'shop', lsn: 33, createdAt: new Date(5), chunks: [header] });
    expect((await readFile(join(dir, 'checkpoints', 'shop', '0000000000000033.ckpt'))).readUInt32LE(8)).toBe(1);
    const got = (await s.loadCheckpoint('shop'))!;
    expect(got.lsn).toBe(33);
    expect(versionsOf(got)).toEqual(expected(entries, 0, 33));
    await s.close();
  });

  it('copy the chain into a self-contained file when the chain is full', async () => {
    const dir = join(t.dir, 'd');
    const { s, entries } = await storeWithHistory(dir, { checkpointLayers: 1 });
    await s.saveCheckpointFromLog(image(30, 10));
    await s.saveCheckpointFromLog(image(50, 30));
    const file = await readFile(join(dir, 'checkpoints', 'shop', '0000000000000050.ckpt'));
    expect([file.readUInt32LE(8), (await readFile(join(dir, 'checkpoints', 'shop', '0000000000000030.ckpt'))).readUInt32LE(8)]).toEqual([1, 2]);
    const got = (await s.loadCheckpoint('shop'))!;
    expect(versionsOf(got)).toEqual(expected(entries, 10, 50));
    await s.close();
  });

  it('fail on a damaged frame of the log, naming the segment and offset, and publish nothing', async () => {
    const dir = join(t.dir, 'd');
    const { s } = await storeWithHistory(dir);
    await s.close();
    // Damage an entry in the second segment (sealed, so read from its summary: not checked yet).
    const seg = join(dir, 'wal', (await segmentNames(dir))[1]!);
    const offs = await frameOffsets(seg);
    await flipByte(seg, offs[2]! + 30, 0x10);
    const again = new FileStore({ dir, segmentBytes: 4096, verifyDelayMs: -1 });
    await again.open();
    const err = await again.saveCheckpointFromLog(image(60, 10)).then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(CorruptionError);
    expect((err as CorruptionError).message).toContain(seg);
    expect((err as CorruptionError).file).toBe(seg);
    expect(await readdir(join(dir, 'checkpoints', 'shop'))).toEqual(['0000000000000010.ckpt']);
    await again.close();
  });
});
