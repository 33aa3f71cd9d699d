import { describe, expect, it } from 'vitest';
import { BSONRegExp, BSONSymbol, Code, Decimal128 } from 'bson';
import { ArgonEngine, CommandRunner, MemoryStore } from '../../src/index.js';
import { allDocs, run, status } from '../support/engine-fixture.js';

/** Reopens an engine on the same store, as a new process would. */
async function reopen(store: MemoryStore): Promise<CommandRunner> {
  return new CommandRunner(await ArgonEngine.open({ storage: store }));
}

describe('recovery from checkpoint plus log tail', () => {
  it('keeps a reset made after the newest checkpoint', async () => {
    const store = new MemoryStore();
    const r = await reopen(store);
    await run(r, 'p', { insert: 'c', documents: [{ _id: 1 }] });
    const keep = (await status(r, 'p')).headLsn;
    await run(r, 'p', { insert: 'c', documents: [{ _id: 2 }] });
    await r.engine.checkpoint('p');
    await run(r, 'p', { argonResetBranch: 'main', lsn: keep });
    const again = await reopen(store);
    expect((await status(again, 'p')).headLsn).toBe(keep);
    expect(await allDocs(again, 'p', 'c')).toEqual([{ _id: 1 }]);
  });

  it('replays only the tail after a checkpoint and reaches the same state', async () => {
    const store = new MemoryStore();
    const r = await reopen(store);
    for (let i = 0; i < 20; i++) await run(r, 'p', { insert: 'c', documents: [{ _id: i, v: i }] });
    await run(r, 'p', { argonCreateBranch: 'b' });
    await run(r, 'p@b', { update: 'c', updates: [{ q: {}, u: { $inc: { v: 100 } }, multi: true }] });
    await r.engine.checkpoint('p');
    await run(r, 'p', { delete: 'c', deletes: [{ q: { v: { $lt: 5 } }, limit: 0 }] });
    const again = await reopen(store);
    expect(again.engine.recovery.entriesScanned).toBe(5);
    expect(await allDocs(again, 'p', 'c')).toEqual(await allDocs(r, 'p', 'c'));
    expect(await allDocs(again, 'p@b', 'c')).toEqual(await allDocs(r, 'p@b', 'c'));
    expect(await allDocs(again, 'p@main@5', 'c')).toEqual(await allDocs(r, 'p@main@5', 'c'));
  });
});

describe('lazy checkpoint decoding', () => {
  it('recovery attaches images without decoding them; the first read decodes and sees image plus tail', async () => {
    const store = new MemoryStore();
    const r = await reopen(store);
    await run(r, 'p', { insert: 'c', documents: Array.from({ length: 50 }, (_, i) => ({ _id: i, v: i })) });
    await run(r, 'p', { insert: 'other', documents: [{ _id: 'x' }] });
    await r.engine.checkpoint('p');
    await run(r, 'p', { update: 'c', updates: [{ q: { _id: 3 }, u: { $set: { v: 'tail' } } }] });
    const again = await reopen(store);
    const state = again.engine.project('p')!;
    const main = state.branchByName('main')!;
    const cs = state.stores.get(main.id)!.collections.get('c')!;
    expect(cs.isLazy).toBe(true);
    expect((await run(again, 'p', { listCollections: 1, nameOnly: true })).cursor).toMatchObject({ firstBatch: [{ name: 'c' }, { name: 'other' }] });
    expect(cs.isLazy).toBe(true);
    expect(await allDocs(again, 'p', 'c')).toEqual(await allDocs(r, 'p', 'c'));
    expect(cs.isLazy).toBe(false);
  });
});

describe('query planning', () => {
  it('answers _id ranges from an ordered index, with the same result as a scan', async () => {
    const r = await reopen(new MemoryStore());
    await run(r, 'p', { insert: 'c', documents: Array.from({ length: 300 }, (_, i) => ({ _id: i, v: i % 7 })) });
    const state = r.engine.project('p')!;
    const cs = state.stores.get(state.branchByName('main')!.id)!.collections.get('c')!;
    const viaIndex = await allDocs(r, 'p', 'c');
    expect(cs.hasPathIndex('_id')).toBe(false);
    const reply = await run(r, 'p', { find: 'c', filter: { _id: { $gte: 100, $lt: 110 } } });
    expect(JSON.parse(JSON.stringify((reply.cursor as { firstBatch: unknown[] }).firstBatch))).toEqual(JSON.parse(JSON.stringify(viaIndex)).slice(100, 110));
    expect(cs.hasPathIndex('_id')).toBe(true);
  });
});

describe('checkpoint images', () => {
  it('round-trip documents and _ids of types the BSON writer leaves to bson.serialize, and every old version', async () => {
    const store = new MemoryStore();
    const r = await reopen(store);
    const docs = [
      { _id: new Code('function () {}'), v: 1 },
      { _id: 2, code: new Code('x', { a: 1 }), sym: new BSONSymbol('s'), re: new BSONRegExp('^a', 'i') },
      { _id: 3, nested: { deep: [1, { x: new Decimal128('1.5') }] } },
    ];
    await run(r, 'p', { insert: 'c', documents: docs });
    await run(r, 'p', { update: 'c', updates: [{ q: { _id: 3 }, u: { $set: { v: 2 } } }] });
    const before = await allDocs(r, 'p', 'c');
    const lsnBefore = (await status(r, 'p')).headLsn - 1;
    const old = await allDocs(r, `p@main@${lsnBefore}`, 'c');
    await r.engine.checkpoint('p');
    const again = await reopen(store);
    expect(again.engine.recovery.entriesScanned).toBe(0);
    expect(await allDocs(again, 'p', 'c')).toEqual(before);
    expect(await allDocs(again, `p@main@${lsnBefore}`, 'c')).toEqual(old);
  });

  it('copy versions still raw from an earlier image into the next one, split over several chunks', async () => {
    const store = new MemoryStore();
    const r = await reopen(store);
    const big = 'x'.repeat(100_000);
    for (let i = 0; i < 60; i++) await run(r, 'p', { insert: 'c', documents: [{ _id: i, big, i }] });
    await r.engine.checkpoint('p');
    const second = await reopen(store); // versions are raw views into the first image now
    await run(second, 'p', { update: 'c', updates: [{ q: { _id: 7 }, u: { $set: { i: -7 } } }] });
    await second.engine.checkpoint('p');
    const image = await store.loadCheckpoint('p');
    expect(image!.chunks.length).toBeGreaterThan(2); // header + 6 MB of chains in 4 MB chunks
    const third = await reopen(store);
    expect(third.engine.recovery.entriesScanned).toBe(0);
    const all = (await allDocs(third, 'p', 'c')) as Array<{ _id: unknown; i: unknown; big: string }>;
    expect(all).toHaveLength(60);
    expect(all.every((d) => d.big === big)).toBe(true);
    expect(all.find((d) => Number(d._id) === 7)!.i).toEqual(-7);
    expect(await allDocs(third, 'p@main@60', 'c')).toEqual(await allDocs(r, 'p@main@60', 'c'));
  });
});
