import { mkdtempSync, readdirSync, rmSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FileStore } from '@argon/storage-file';
import { Binary, deserialize, Int32, serialize } from 'bson';
import { ArgonEngine, CommandRunner, CorruptionError, MemoryStore, type CheckpointImage, type WalEntry } from '../../src/index.js';
import { decodeCheckpoint, encodeCheckpoint } from '../../src/engine/checkpoint-codec.js';
import { ProjectState } from '../../src/engine/project-state.js';
import { float64Binary, readFloat64Binary } from '../../src/storage/float64-binary.js';
import { allDocs, run, status } from '../support/engine-fixture.js';

const open = async (storage: MemoryStore | FileStore, logger?: ReturnType<typeof recorder>['logger']): Promise<CommandRunner> =>
  new CommandRunner(await ArgonEngine.open({ storage, checkpointEveryEntries: 0, ...(logger ? { logger } : {}) }));

function recorder() {
  const lines: Array<{ level: string; msg: string }> = [];
  const rec = (level: string) => (_o: unknown, m?: string) => void lines.push({ level, msg: m ?? '' });
  return { lines, logger: { info: rec('info'), warn: rec('warn'), error: rec('error'), debug: rec('debug') } };
}

const ids = (n: number, from = 0) => Array.from({ length: n }, (_, i) => ({ _id: from + i, v: from + i }));

/** A MemoryStore whose appends wait until released (or failed), to hold writes in flight. */
class GatedStore extends MemoryStore {
  gate: { release: () => void; fail: (err: Error) => void } | undefined;
  hold = false;
  override append(entries: readonly WalEntry[]): Promise<void> {
    if (!this.hold) return super.append(entries);
    return new Promise<void>((resolve, reject) => {
      this.gate = { release: () => void super.append(entries).then(resolve, reject), fail: reject };
    });
  }
}

describe('incremental checkpoints', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });
  const tempDir = () => {
    const d = mkdtempSync(join(tmpdir(), 'argon-ckpt-'));
    dirs.push(d);
    return d;
  };

  it('encode only versions above the base, and the stored result recovers the whole history', async () => {
    const store = new MemoryStore();
    const r = await open(store);
    await run(r, 'p', { insert: 'c', documents: ids(30) });
    const first = (await r.engine.checkpoint('p'))!;
    await run(r, 'p', { update: 'c', updates: [{ q: { _id: 3 }, u: { $set: { v: 'new' } } }] });
    await run(r, 'p', { insert: 'c', documents: ids(2, 100) });
    const state = r.engine.project('p')!;
    const image = (await encodeCheckpoint(state, state.durableLsn, new Date(), { baseLsn: first }))!;
    expect(image.baseLsn).toBe(first);
    // Header + one chunk holding the three versions written since the base.
    expect(image.chunks).toHaveLength(2);
    const full = (await encodeCheckpoint(state, state.durableLsn, new Date()))!;
    expect(image.chunks[1]!.length).toBeLessThan(full.chunks[1]!.length / 5);
    await store.saveCheckpoint(image);
    const again = await open(store);
    expect(again.engine.recovery.entriesScanned).toBe(0);
    expect(await allDocs(again, 'p', 'c')).toEqual(await allDocs(r, 'p', 'c'));
    expect(await allDocs(again, 'p@main@' + first, 'c')).toEqual(ids(30));
  });

  it('right after recovery, encode the replayed tail without decoding the image', async () => {
    const store = new MemoryStore();
    const r = await open(store);
    await run(r, 'p', { insert: 'c', documents: ids(20) });
    await r.engine.checkpoint('p');
    await run(r, 'p', { insert: 'c', documents: ids(3, 50) });
    await run(r, 'p', { delete: 'c', deletes: [{ q: { _id: 4 }, limit: 1 }] });
    const second = await open(store);
    const cs = () => {
      const s = second.engine.project('p')!;
      return s.stores.get(s.branchByName('main')!.id)!.collections.get('c')!;
    };
    expect(cs().isLazy).toBe(true);
    expect(await second.engine.checkpoint('p')).not.toBeNull();
    expect(cs().isLazy).toBe(true);
    const third = await open(store);
    expect(third.engine.recovery.entriesScanned).toBe(0);
    expect(await allDocs(third, 'p', 'c')).toEqual(await allDocs(r, 'p', 'c'));
  });

  it('record the branch head before writes still in flight', async () => {
    const store = new GatedStore();
    const r = await open(store);
    await run(r, 'p', { insert: 'c', documents: [{ _id: 1 }] });
    const before = (await status(r, 'p')).headLsn;
    store.hold = true;
    const inFlight = run(r, 'p', { insert: 'c', documents: [{ _id: 2 }] }).catch((e: unknown) => e);
    await new Promise((res) => setImmediate(res));
    expect(r.engine.project('p')!.head(r.engine.project('p')!.branchByName('main')!.id)).toBeGreaterThan(before);
    expect(await r.engine.checkpoint('p')).toBe(before);
    store.gate!.fail(new Error('disk gone'));
    expect(await inFlight).toBeInstanceOf(Error);
    store.hold = false;
    // The failed write never reached the log: the head comes from the image alone.
    const again = await open(store);
    expect((await status(again, 'p')).headLsn).toBe(before);
    await run(again, 'p', { insert: 'c', documents: [{ _id: 3 }] });
    expect(await allDocs(again, 'p', 'c')).toEqual([{ _id: 1 }, { _id: 3 }]);
  });

  it('on the file store, are built from its log (in its worker thread) and recover the whole history', async () => {
    const dir = tempDir();
    const { lines, logger } = recorder();
    const r = await open(new FileStore({ dir }), logger);
    await run(r, 'p', { insert: 'c', documents: ids(30) });
    const first = (await r.engine.checkpoint('p'))!;
    await run(r, 'p', { update: 'c', updates: [{ q: { _id: 3 }, u: { $set: { v: 'new' } } }] });
    await run(r, 'p', { delete: 'c', deletes: [{ q: { _id: 4 }, limit: 1 }] });
    await r.engine.createBranch('p', 'dev');
    await run(r, 'p@dev', { insert: 'd', documents: ids(2, 100) });
    const second = (await r.engine.checkpoint('p'))!;
    expect(lines.map((l) => l.msg)).toContain(`checkpoint of p at LSN ${second} (incremental on LSN ${first}, built from the log)`);
    await r.engine.close();
    const again = await open(new FileStore({ dir }));
    expect(again.engine.recovery.checkpointLsn).toBe(second);
    expect(again.engine.recovery.entriesScanned).toBe(0);
    expect(await allDocs(again, 'p', 'c')).toEqual(ids(30).filter((d) => d._id !== 4).map((d) => (d._id === 3 ? { _id: 3, v: 'new' } : d)));
    expect(await allDocs(again, 'p@main@' + first, 'c')).toEqual(ids(30));
    expect(await allDocs(again, 'p@dev', 'd')).toEqual(ids(2, 100));
    expect(await allDocs(again, 'p', 'd')).toEqual([]);
    await again.engine.close();
  });

  it('fall back to a full image when the base file is gone, even with collections not decoded yet', async () => {
    const dir = tempDir();
    const r = await open(new FileStore({ dir }));
    await run(r, 'p', { insert: 'c', documents: ids(20) });
    const first = (await r.engine.checkpoint('p'))!;
    await run(r, 'p', { insert: 'c', documents: ids(5, 40) });
    await r.engine.close();
    const { lines, logger } = recorder();
    const second = await open(new FileStore({ dir }), logger);
    const ckptDir = join(dir, 'checkpoints', 'p');
    unlinkSync(join(ckptDir, readdirSync(ckptDir).find((f) => f.startsWith(String(first).padStart(16, '0')))!));
    expect(await second.engine.checkpoint('p')).toBe(first + 5);
    const warns = lines.filter((l) => l.level === 'warn').map((l) => l.msg);
    expect(warns[0]).toMatch(/checkpoint of p built from the log failed \(.*is gone\); encoding it from memory/);
    expect(warns[1]).toMatch(/incremental checkpoint of p on LSN \d+ failed \(.*is gone\); writing a full one/);
    expect(lines.some((l) => l.msg.includes('(full, encoded from memory)'))).toBe(true);
    await second.engine.close();
    const third = await open(new FileStore({ dir }));
    expect(third.engine.recovery.checkpointLsn).toBe(first + 5);
    expect(third.engine.recovery.entriesScanned).toBe(0);
    expect(await allDocs(third, 'p', 'c')).toEqual([...ids(20), ...ids(5, 40)]);
    await third.engine.close();
  });

  it('encoded from memory stop when the engine closes, and the final checkpoint is still written', async () => {
    const store = new MemoryStore();
    const { lines, logger } = recorder();
    const r = await open(store, logger);
    await run(r, 'p', { insert: 'c', documents: ids(3000) });
    const background = r.engine.checkpoint('p');
    await r.engine.close({ checkpoint: true });
    // Cancelled at its first slice: the final checkpoint wrote the image instead.
    expect(await background).toBeNull();
    expect(lines.filter((l) => l.level === 'error')).toEqual([]);
    expect(lines.filter((l) => l.msg.startsWith('checkpoint of p at LSN 3001 (full, encoded from memory)'))).toHaveLength(1);
    const again = await open(store);
    expect(again.engine.recovery.checkpointLsn).toBe((await status(again, 'p')).projectLsn);
    expect(again.engine.recovery.entriesScanned).toBe(0);
    expect(await allDocs(again, 'p', 'c')).toHaveLength(3000);
    await again.engine.close();
  });

  it('built from the log are finished before the engine closes', async () => {
    const dir = tempDir();
    const { lines, logger } = recorder();
    const r = await open(new FileStore({ dir }), logger);
    await run(r, 'p', { insert: 'c', documents: ids(3000) });
    const background = r.engine.checkpoint('p');
    await r.engine.close({ checkpoint: true });
    expect(await background).toBe(3001);
    expect(lines.filter((l) => l.level === 'error')).toEqual([]);
    expect(lines.map((l) => l.msg).filter((m) => m.startsWith('checkpoint of p'))).toEqual(['checkpoint of p at LSN 3001 (full, built from the log)']);
    const again = await open(new FileStore({ dir }));
    expect(again.engine.recovery.checkpointLsn).toBe(3001);
    expect(again.engine.recovery.entriesScanned).toBe(0);
    expect(await allDocs(again, 'p', 'c')).toHaveLength(3000);
    await again.engine.close();
  });
});

describe('checkpoint headers', () => {
  type Header = Record<string, unknown> & { timeFirst?: Binary; timeCount?: Binary; timeTs: Binary };
  const withHeader = (image: CheckpointImage, edit: (h: Header) => void): CheckpointImage => {
    const h = deserialize(image.chunks[0]!, { promoteValues: false }) as Header;
    edit(h);
    return { ...image, chunks: [serialize(h), ...image.chunks.slice(1)] };
  };
  const numbers = (b: unknown) => [...readFloat64Binary(b)];

  async function writtenState() {
    const store = new MemoryStore();
    const r = await open(store);
    await run(r, 'p', { insert: 'c', documents: ids(500) }); // createCollection and 500 puts: one batch, one commit time
    for (let i = 0; i < 3; i++) await run(r, 'p', { insert: 'c', documents: ids(1, 1000 + i) });
    const state = r.engine.project('p')!;
    return { store, r, state, image: (await encodeCheckpoint(state, state.durableLsn, new Date()))! };
  }

  it('hold the time index as runs of one commit time, not 16 bytes per entry', async () => {
    const { state, image } = await writtenState();
    let header: Header | undefined;
    withHeader(image, (h) => void (header = h));
    expect(header!.format).toEqual(new Int32(3));
    const counts = numbers(header!.timeCount);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(state.timeIndex.size);
    expect(state.timeIndex.size).toBe(504);
    expect(counts.length).toBeLessThanOrEqual(4);
  });

  it('of format 2, which held the time index entry by entry, still load', async () => {
    const { store, r, state, image } = await writtenState();
    const v2 = withHeader(image, (h) => {
      const first = numbers(h.timeFirst);
      const count = numbers(h.timeCount);
      const ts = numbers(h.timeTs);
      const lsns: number[] = [];
      const times: number[] = [];
      first.forEach((f, r) => {
        for (let k = 0; k < count[r]!; k++) lsns.push(f + k), times.push(ts[r]!);
      });
      delete h.timeFirst;
      delete h.timeCount;
      h.format = 2;
      h.timeLsns = float64Binary(lsns);
      h.timeTs = float64Binary(times);
    });
    await store.saveCheckpoint(v2);
    const again = await open(store);
    expect(again.engine.recovery.entriesScanned).toBe(0);
    const back = again.engine.project('p')!;
    expect(back.timeIndex.size).toBe(state.timeIndex.size);
    for (let l = 0; l <= state.durableLsn + 1; l++) expect(back.timeIndex.timeOf(l)).toBe(state.timeIndex.timeOf(l));
    expect((await allDocs(again, 'p', 'c')).length).toBe(503);
    expect(await allDocs(again, 'p', 'c')).toEqual(await allDocs(r, 'p', 'c'));
  });

  it('of an unknown format, or with runs that do not describe a time index, are refused naming the checkpoint', async () => {
    const { image } = await writtenState();
    const fresh = () => new ProjectState({ name: 'p', createdAt: new Date(0), deleted: false });
    expect(() => decodeCheckpoint(withHeader(image, (h) => (h.format = 4)), fresh())).toThrow(new CorruptionError(`checkpoint of p at LSN ${image.lsn} has an unknown format (4)`));
    const zeroRun = withHeader(image, (h) => (h.timeCount = float64Binary(numbers(h.timeCount).map((c, i) => (i === 0 ? 0 : c)))));
    expect(() => decodeCheckpoint(zeroRun, fresh())).toThrow(CorruptionError);
    expect(() => decodeCheckpoint(zeroRun, fresh())).toThrow(/checkpoint of p at LSN \d+ has an invalid time index: time index run 0 is invalid/);
  });
});
