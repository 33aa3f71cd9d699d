import { describe, expect, it } from 'vitest';
import type { CommandRunner, Doc } from '../../src/index.js';
import { allDocs, openRunner, run } from '../support/engine-fixture.js';

const CI = { locale: 'en_US', strength: 2 };

/** The documents of a cursor reply's first batch, as plain JSON. */
function batch(reply: Doc): unknown[] {
  return JSON.parse(JSON.stringify((reply.cursor as { firstBatch: Doc[] }).firstBatch));
}

async function seeded(): Promise<CommandRunner> {
  const r = await openRunner();
  await run(r, 'db', { insert: 'c', documents: [{ _id: 1, x: 'ping' }, { _id: 2, x: 'PING' }, { _id: 3, x: 'pong' }] });
  return r;
}

describe('commands honour a collation', () => {
  // [name, command, with collation, expected reply projection]
  const reads: [string, Doc, (reply: Doc) => unknown, unknown, unknown][] = [
    ['find', { find: 'c', filter: { x: 'Ping' }, sort: { _id: 1 } }, (r) => batch(r).map((d) => (d as Doc)._id), [], [1, 2]],
    ['find sort', { find: 'c', sort: { x: 1, _id: 1 } }, (r) => batch(r).map((d) => (d as Doc)._id), [2, 1, 3], [1, 2, 3]],
    ['count', { count: 'c', query: { x: 'PING' } }, (r) => r.n, 1, 2],
    ['distinct', { distinct: 'c', key: 'x' }, (r) => r.values, ['ping', 'PING', 'pong'], ['ping', 'pong']],
    ['aggregate $match', { aggregate: 'c', pipeline: [{ $match: { x: 'PING' } }], cursor: {} }, (r) => batch(r).length, 1, 2],
    ['aggregate $group', { aggregate: 'c', pipeline: [{ $group: { _id: '$x' } }], cursor: {} }, (r) => batch(r).length, 3, 2],
  ];
  for (const [name, cmd, pick, binary, collated] of reads) {
    it(name, async () => {
      const r = await seeded();
      expect(pick(await run(r, 'db', cmd))).toEqual(binary);
      expect(pick(await run(r, 'db', { ...cmd, collation: CI }))).toEqual(collated);
      expect(pick(await run(r, 'db', { ...cmd, collation: { locale: 'simple' } }))).toEqual(binary);
    });
  }

  it('update and delete statements carry their own collation', async () => {
    const r = await seeded();
    const u = await run(r, 'db', { update: 'c', updates: [{ q: { x: 'PING' }, u: { $set: { y: 1 } }, multi: true, collation: CI }, { q: { x: 'PONG' }, u: { $set: { y: 2 } } }] });
    expect([u.n, u.nModified]).toEqual([2, 2]);
    const d = await run(r, 'db', { delete: 'c', deletes: [{ q: { x: 'PONG' }, limit: 0, collation: CI }] });
    expect(d.n).toBe(1);
    expect(await allDocs(r, 'db', 'c')).toEqual([{ _id: 1, x: 'ping', y: 1 }, { _id: 2, x: 'PING', y: 1 }]);
  });

  it('findAndModify uses the collation for its query and sort', async () => {
    const r = await seeded();
    const reply = await run(r, 'db', { findAndModify: 'c', query: { x: 'PONG' }, update: { $set: { hit: true } }, new: true, collation: CI });
    expect(JSON.parse(JSON.stringify(reply.value))).toEqual({ _id: 3, x: 'pong', hit: true });
    const removed = await run(r, 'db', { findAndModify: 'c', query: { x: 'PING' }, sort: { _id: -1 }, remove: true, collation: CI });
    expect(JSON.parse(JSON.stringify(removed.value))).toEqual({ _id: 2, x: 'PING' });
  });

  it('a collection created with a collation uses it by default, and simple overrides it', async () => {
    const r = await openRunner();
    await run(r, 'db', { create: 'c', collation: CI });
    await run(r, 'db', { insert: 'c', documents: [{ _id: 1, x: 'ping' }, { _id: 2, x: 'PING' }] });
    expect((await run(r, 'db', { count: 'c', query: { x: 'Ping' } })).n).toBe(2);
    expect((await run(r, 'db', { count: 'c', query: { x: 'Ping' }, collation: { locale: 'simple' } })).n).toBe(0);
    const listed = batch(await run(r, 'db', { listCollections: 1 }))[0] as Doc;
    expect((listed.options as Doc).collation).toMatchObject({ locale: 'en_US', strength: 2, caseLevel: false });
    await run(r, 'db', { createIndexes: 'c', indexes: [{ key: { x: 1 }, name: 'x_1' }] });
    const listedIndexes = batch(await run(r, 'db', { listIndexes: 'c' })) as Doc[];
    expect((listedIndexes.find((i) => i.name === 'x_1')!.collation as Doc).strength).toBe(2);
  });

  it('an index on the field does not hide documents equal only under the collation', async () => {
    const r = await seeded();
    await run(r, 'db', { createIndexes: 'c', indexes: [{ key: { x: 1 }, name: 'x_1' }] });
    expect((await run(r, 'db', { count: 'c', query: { x: 'PING' }, collation: CI })).n).toBe(2);
    expect((await run(r, 'db', { count: 'c', query: { x: { $in: ['PONG'] } }, collation: CI })).n).toBe(1);
    expect((await run(r, 'db', { count: 'c', query: { x: { $gte: 'PING', $lte: 'PING' } }, collation: CI })).n).toBe(2);
  });

  it('a unique index with a collation rejects keys equal under it', async () => {
    const r = await openRunner();
    await run(r, 'db', { createIndexes: 'u', indexes: [{ key: { x: 1 }, name: 'x_1', unique: true, collation: CI }] });
    await run(r, 'db', { insert: 'u', documents: [{ _id: 1, x: 'a' }] });
    const reply = await run(r, 'db', { insert: 'u', documents: [{ _id: 2, x: 'A' }] });
    expect((reply.writeErrors as Doc[])[0]!.code).toBe(11000);
  });

  it('rejects an invalid collation', async () => {
    const r = await seeded();
    await expect(run(r, 'db', { find: 'c', collation: { strength: 2 } })).rejects.toMatchObject({ code: 40414 });
    await expect(run(r, 'db', { find: 'c', collation: 'en' })).rejects.toMatchObject({ code: 14 });
  });
});

describe('let variables reach every $expr', () => {
  it('find, update, delete and aggregate bind them inside $or', async () => {
    const r = await seeded();
    const filter = { $or: [{ _id: 99 }, { $expr: { $eq: ['$x', '$$want'] } }] };
    const found = batch(await run(r, 'db', { find: 'c', filter, let: { want: 'pong' } }));
    expect(found).toEqual([{ _id: 3, x: 'pong' }]);
    const agg = batch(await run(r, 'db', { aggregate: 'c', pipeline: [{ $match: filter }], cursor: {}, let: { want: 'ping' } }));
    expect(agg).toEqual([{ _id: 1, x: 'ping' }]);
    const u = await run(r, 'db', { update: 'c', updates: [{ q: filter, u: [{ $set: { tag: '$$want' } }] }], let: { want: 'PING' } });
    expect(u.nModified).toBe(1);
    const d = await run(r, 'db', { delete: 'c', deletes: [{ q: filter, limit: 0 }], let: { want: 'pong' } });
    expect(d.n).toBe(1);
    expect(await allDocs(r, 'db', 'c')).toEqual([{ _id: 1, x: 'ping' }, { _id: 2, x: 'PING', tag: 'PING' }]);
  });
});
