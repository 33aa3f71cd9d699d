import { describe, expect, it } from 'vitest';
import type { CommandRunner, Doc } from '../../src/index.js';
import { openRunner, run, status } from '../support/engine-fixture.js';

function batch(reply: Doc): Doc[] {
  return JSON.parse(JSON.stringify((reply.cursor as { firstBatch: Doc[] }).firstBatch));
}

async function withView(): Promise<CommandRunner> {
  const r = await openRunner();
  await run(r, 'db', { insert: 'src', documents: [{ _id: 1, x: 1, s: 'a' }, { _id: 2, x: 2, s: 'B' }, { _id: 3, x: 3, s: 'b' }] });
  await run(r, 'db', { create: 'big', viewOn: 'src', pipeline: [{ $match: { x: { $gt: 1 } } }, { $project: { s: 1 } }] });
  return r;
}

describe('views', () => {
  // [name, command on the view, reply → value, expected]
  const reads: [string, Doc, (reply: Doc) => unknown, unknown][] = [
    ['find', { find: 'big', sort: { _id: 1 } }, (r) => batch(r), [{ _id: 2, s: 'B' }, { _id: 3, s: 'b' }]],
    ['find with a filter, projection, skip and limit', { find: 'big', filter: { s: { $in: ['B', 'b'] } }, projection: { _id: 1 }, sort: { _id: -1 }, skip: 1, limit: 1 }, (r) => batch(r), [{ _id: 2 }]],
    ['count', { count: 'big' }, (r) => r.n, 2],
    ['count with a query', { count: 'big', query: { s: 'b' } }, (r) => r.n, 1],
    ['distinct', { distinct: 'big', key: 's' }, (r) => r.values, ['B', 'b']],
    ['aggregate', { aggregate: 'big', pipeline: [{ $group: { _id: null, n: { $sum: 1 } } }], cursor: {} }, (r) => batch(r), [{ _id: null, n: 2 }]],
    ['the view pipeline runs before the command pipeline', { aggregate: 'big', pipeline: [{ $project: { x: 1 } }], cursor: {} }, (r) => batch(r), [{ _id: 2 }, { _id: 3 }]],
  ];
  for (const [name, cmd, pick, expected] of reads) {
    it(name, async () => expect(pick(await run(await withView(), 'db', cmd))).toEqual(expected));
  }

  it('listCollections reports the view with its definition', async () => {
    const r = await withView();
    const infos = batch(await run(r, 'db', { listCollections: 1, filter: { name: 'big' } }));
    expect(infos).toEqual([{ name: 'big', type: 'view', options: { viewOn: 'src', pipeline: [{ $match: { x: { $gt: 1 } } }, { $project: { s: 1 } }] }, info: { readOnly: true } }]);
    const names = batch(await run(r, 'db', { listCollections: 1, nameOnly: true }));
    expect(names).toEqual([{ name: 'big', type: 'view' }, { name: 'src', type: 'collection' }]);
  });

  // Every write to a view fails as a command with 166 CommandNotSupportedOnView.
  const writes: [string, Doc][] = [
    ['aggregate $out into a view', { aggregate: 'src', pipeline: [{ $out: 'big' }], cursor: {} }],
    ['aggregate $merge into a view', { aggregate: 'src', pipeline: [{ $merge: { into: 'big' } }], cursor: {} }],
    ['insert', { insert: 'big', documents: [{ _id: 9 }] }],
    ['update', { update: 'big', updates: [{ q: {}, u: { $set: { y: 1 } } }] }],
    ['delete', { delete: 'big', deletes: [{ q: {}, limit: 0 }] }],
    ['findAndModify', { findAndModify: 'big', query: {}, remove: true }],
    ['createIndexes', { createIndexes: 'big', indexes: [{ key: { s: 1 }, name: 's_1' }] }],
    ['listIndexes', { listIndexes: 'big' }],
    ['collStats', { collStats: 'big' }],
  ];
  for (const [name, cmd] of writes) {
    it(`${name} on a view fails with 166`, async () => {
      const r = await withView();
      await expect(run(r, 'db', cmd)).rejects.toMatchObject({ code: 166, message: 'Namespace db.big is a view, not a collection' });
      expect((await run(r, 'db', { count: 'src' })).n).toBe(3);
    });
  }

  it('views nest, and cycles or bad definitions are refused', async () => {
    const r = await withView();
    await run(r, 'db', { create: 'bigB', viewOn: 'big', pipeline: [{ $match: { s: 'B' } }] });
    expect(batch(await run(r, 'db', { find: 'bigB' }))).toEqual([{ _id: 2, s: 'B' }]);
    await run(r, 'db', { create: 'v1', viewOn: 'v2' });
    await expect(run(r, 'db', { create: 'v2', viewOn: 'v1' })).rejects.toMatchObject({ code: 5 });
    await expect(run(r, 'db', { create: 'w', viewOn: 'src', pipeline: [{ $out: 'x' }] })).rejects.toMatchObject({ code: 167 });
    await expect(run(r, 'db', { create: 'w', viewOn: 'src', pipeline: [{ $bogus: 1 }] })).rejects.toMatchObject({ code: 40324 });
    await expect(run(r, 'db', { create: 'w', viewOn: 'src', capped: true })).rejects.toMatchObject({ code: 72 });
    await expect(run(r, 'db', { create: 'w', pipeline: [] })).rejects.toMatchObject({ code: 2 });
    await expect(run(r, 'db', { create: 'big', viewOn: 'src' })).rejects.toMatchObject({ code: 48 });
  });

  it('a view reads its branch and point in time, and collMod redefines it', async () => {
    const r = await withView();
    const before = await status(r, 'db');
    await run(r, 'db', { argonCreateBranch: 'feature' });
    await run(r, 'db@feature', { insert: 'src', documents: [{ _id: 4, x: 4, s: 'c' }] });
    await run(r, 'db', { collMod: 'big', viewOn: 'src', pipeline: [{ $match: { x: 1 } }] });
    expect((await run(r, 'db', { count: 'big' })).n).toBe(1);
    expect((await run(r, 'db@feature', { count: 'big' })).n).toBe(3);
    expect((await run(r, `db@main@${before.headLsn}`, { count: 'big' })).n).toBe(2);
    await expect(run(r, 'db', { collMod: 'big', validator: { x: 1 } })).rejects.toMatchObject({ code: 72 });
    await expect(run(r, 'db', { collMod: 'big', viewOn: 'src' })).rejects.toMatchObject({ code: 72 });
  });

  it('$lookup can read a view', async () => {
    const r = await withView();
    const out = batch(await run(r, 'db', { aggregate: 'src', pipeline: [{ $match: { _id: 1 } }, { $lookup: { from: 'big', pipeline: [], as: 'j' } }, { $project: { n: { $size: '$j' } } }], cursor: {} }));
    expect(out).toEqual([{ _id: 1, n: 2 }]);
  });

  it('a view keeps its collation; another one is refused', async () => {
    const r = await withView();
    await run(r, 'db', { create: 'ci', viewOn: 'src', collation: { locale: 'en', strength: 2 } });
    expect((await run(r, 'db', { count: 'ci', query: { s: 'b' } })).n).toBe(2);
    await expect(run(r, 'db', { find: 'ci', collation: { locale: 'fr' } })).rejects.toMatchObject({ code: 167 });
    await expect(run(r, 'db', { find: 'big', collation: { locale: 'fr' } })).rejects.toMatchObject({ code: 167 });
  });

  it('drop removes a view; dbStats counts views apart', async () => {
    const r = await withView();
    expect(await run(r, 'db', { dbStats: 1 })).toMatchObject({ collections: 1, views: 1, objects: 3 });
    await run(r, 'db', { drop: 'big' });
    expect(batch(await run(r, 'db', { listCollections: 1, nameOnly: true }))).toEqual([{ name: 'src', type: 'collection' }]);
  });
});
