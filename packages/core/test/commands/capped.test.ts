import { describe, expect, it } from 'vitest';
import type { Doc } from '../../src/index.js';
import { allDocs, openRunner, run } from '../support/engine-fixture.js';

function cursorOf(reply: Doc): { id: bigint; docs: unknown[] } {
  const c = reply.cursor as { id: { toBigInt(): bigint }; firstBatch?: Doc[]; nextBatch?: Doc[] };
  return { id: c.id.toBigInt(), docs: JSON.parse(JSON.stringify(c.firstBatch ?? c.nextBatch)) };
}

describe('capped collections', () => {
  it('keep at most max documents, dropping the oldest', async () => {
    const r = await openRunner();
    await run(r, 'db', { create: 'cap', capped: true, size: 4096, max: 3 });
    await run(r, 'db', { insert: 'cap', documents: [{ _id: 1 }, { _id: 2 }] });
    await run(r, 'db', { insert: 'cap', documents: [{ _id: 3 }, { _id: 4 }, { _id: 5 }] });
    expect(await allDocs(r, 'db', 'cap')).toEqual([{ _id: 3 }, { _id: 4 }, { _id: 5 }]);
  });

  it('keep within size bytes', async () => {
    const r = await openRunner();
    await run(r, 'db', { create: 'cap', capped: true, size: 4096 });
    const pad = 'x'.repeat(1000);
    await run(r, 'db', { insert: 'cap', documents: [1, 2, 3, 4, 5, 6].map((n) => ({ _id: n, pad })) });
    const left = (await allDocs(r, 'db', 'cap')) as Doc[];
    expect(left.map((d) => d._id)).toEqual([3, 4, 5, 6]);
  });

  it('need a size, and report their limits', async () => {
    const r = await openRunner();
    await expect(run(r, 'db', { create: 'cap', capped: true })).rejects.toMatchObject({ code: 72 });
    await run(r, 'db', { create: 'cap', capped: true, size: 8192, max: 10 });
    expect(await run(r, 'db', { collStats: 'cap' })).toMatchObject({ capped: true, max: 10, maxSize: 8192 });
  });
});

describe('tailable cursors', () => {
  it('stay open when they run out and return documents inserted later', async () => {
    const r = await openRunner();
    await run(r, 'db', { create: 'cap', capped: true, size: 4096, max: 100 });
    await run(r, 'db', { insert: 'cap', documents: [{ _id: 1 }, { _id: 2 }] });
    const first = cursorOf(await run(r, 'db', { find: 'cap', tailable: true, batchSize: 2 }));
    expect(first.docs).toEqual([{ _id: 1 }, { _id: 2 }]);
    expect(first.id).not.toBe(0n);
    const empty = cursorOf(await run(r, 'db', { getMore: first.id, collection: 'cap' }));
    expect(empty).toEqual({ id: first.id, docs: [] });
    await run(r, 'db', { insert: 'cap', documents: [{ _id: 3 }] });
    expect(cursorOf(await run(r, 'db', { getMore: first.id, collection: 'cap' }))).toEqual({ id: first.id, docs: [{ _id: 3 }] });
  });

  it('are dead at once on an empty result, and refused on other collections', async () => {
    const r = await openRunner();
    await run(r, 'db', { create: 'cap', capped: true, size: 4096 });
    expect(cursorOf(await run(r, 'db', { find: 'cap', tailable: true })).id).toBe(0n);
    await run(r, 'db', { insert: 'plain', documents: [{ _id: 1 }] });
    await expect(run(r, 'db', { find: 'plain', tailable: true })).rejects.toMatchObject({ code: 2 });
    await expect(run(r, 'db', { find: 'cap', awaitData: true })).rejects.toMatchObject({ code: 9 });
    await expect(run(r, 'db', { find: 'cap', tailable: true, sort: { _id: 1 } })).rejects.toMatchObject({ code: 2 });
  });
});

describe('introspection stages', () => {
  it('$collStats reports storage stats and count', async () => {
    const r = await openRunner();
    await run(r, 'db', { create: 'cap', capped: true, size: 4096 });
    await run(r, 'db', { insert: 'cap', documents: [{ _id: 1 }, { _id: 2 }] });
    const reply = await run(r, 'db', { aggregate: 'cap', pipeline: [{ $collStats: { storageStats: {}, count: {} } }, { $project: { capped: '$storageStats.capped', maxSize: '$storageStats.maxSize', count: 1, ns: 1 } }], cursor: {} });
    expect(cursorOf(reply).docs).toEqual([{ ns: 'db.cap', count: 2, capped: true, maxSize: 4096 }]);
  });

  it('$indexStats lists the indexes; $listLocalSessions is empty; both must come first', async () => {
    const r = await openRunner();
    await run(r, 'db', { createIndexes: 'c', indexes: [{ key: { a: 1 }, name: 'a_1' }] });
    const stats = cursorOf(await run(r, 'db', { aggregate: 'c', pipeline: [{ $indexStats: {} }, { $project: { name: 1, _id: 0 } }], cursor: {} }));
    expect(stats.docs).toEqual([{ name: '_id_' }, { name: 'a_1' }]);
    expect(cursorOf(await run(r, 'admin', { aggregate: 1, pipeline: [{ $listLocalSessions: {} }, { $limit: 1 }], cursor: {} })).docs).toEqual([]);
    await expect(run(r, 'db', { aggregate: 'c', pipeline: [{ $match: {} }, { $collStats: {} }], cursor: {} })).rejects.toMatchObject({ code: 40602 });
    await expect(run(r, 'db', { aggregate: 'c', pipeline: [{ $listLocalSessions: {} }], cursor: {} })).rejects.toMatchObject({ code: 73 });
    await expect(run(r, 'db', { aggregate: 'nope', pipeline: [{ $collStats: { count: {} } }], cursor: {} })).rejects.toMatchObject({ code: 26 });
  });
});

describe('clustered collections', () => {
  it('report the clustered index in listCollections and listIndexes', async () => {
    const r = await openRunner();
    await run(r, 'db', { create: 'cl', clusteredIndex: { key: { _id: 1 }, unique: true, name: 'by id' } });
    const coll = JSON.parse(JSON.stringify((await run(r, 'db', { listCollections: 1 })).cursor)).firstBatch[0];
    expect(coll.options).toEqual({ clusteredIndex: { key: { _id: 1 }, unique: true, name: 'by id', v: 2 } });
    expect(coll.idIndex).toBeUndefined();
    const idx = JSON.parse(JSON.stringify((await run(r, 'db', { listIndexes: 'cl' })).cursor)).firstBatch;
    expect(idx).toEqual([{ v: 2, key: { _id: 1 }, name: 'by id', unique: true, clustered: true }]);
    await expect(run(r, 'db', { dropIndexes: 'cl', index: 'by id' })).rejects.toMatchObject({ code: 72 });
    await expect(run(r, 'db', { create: 'bad', clusteredIndex: { key: { a: 1 }, unique: true } })).rejects.toMatchObject({ code: 72 });
  });
});
