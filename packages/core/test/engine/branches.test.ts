import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allBackends } from '../support/backends.js';
import { allDocs, openRunner as openOn, run, status } from '../support/engine-fixture.js';

for (const backend of allBackends()) {
describe(`engine scenarios on the ${backend.name} backend`, () => {
  beforeAll(() => backend.start());
  afterAll(() => backend.stop());
  const openRunner = (_storage?: unknown, clock?: () => number) => openOn(backend.make(), clock);


describe('branches are isolated pointers', () => {
  it('siblings never see each other, children see the parent up to the fork', async () => {
    const r = await openRunner();
    await run(r, 'shop', { insert: 'o', documents: [{ _id: 1, v: 'main-1' }] });
    await run(r, 'shop', { argonCreateBranch: 'a' });
    await run(r, 'shop', { argonCreateBranch: 'b' });
    await run(r, 'shop@a', { insert: 'o', documents: [{ _id: 2, v: 'a-2' }] });
    await run(r, 'shop@b', { insert: 'o', documents: [{ _id: 3, v: 'b-3' }] });
    await run(r, 'shop', { insert: 'o', documents: [{ _id: 4, v: 'main-4' }] });
    expect(await allDocs(r, 'shop@a', 'o')).toEqual([{ _id: 1, v: 'main-1' }, { _id: 2, v: 'a-2' }]);
    expect(await allDocs(r, 'shop@b', 'o')).toEqual([{ _id: 1, v: 'main-1' }, { _id: 3, v: 'b-3' }]);
    expect(await allDocs(r, 'shop', 'o')).toEqual([{ _id: 1, v: 'main-1' }, { _id: 4, v: 'main-4' }]);
  });

  it('nested branches inherit through every ancestor, and a deleted parent keeps children readable', async () => {
    const r = await openRunner();
    await run(r, 'p', { insert: 'c', documents: [{ _id: 1 }] });
    await run(r, 'p', { argonCreateBranch: 'l1' });
    await run(r, 'p@l1', { insert: 'c', documents: [{ _id: 2 }] });
    await run(r, 'p@l1', { argonCreateBranch: 'l2' });
    await run(r, 'p@l2', { insert: 'c', documents: [{ _id: 3 }] });
    await run(r, 'p@l2', { argonCreateBranch: 'l3' });
    await run(r, 'p@l3', { delete: 'c', deletes: [{ q: { _id: 1 }, limit: 1 }] });
    expect(await allDocs(r, 'p@l3', 'c')).toEqual([{ _id: 2 }, { _id: 3 }]);
    await run(r, 'p', { argonDeleteBranch: 'l1' });
    expect(await allDocs(r, 'p@l2', 'c')).toEqual([{ _id: 1 }, { _id: 2 }, { _id: 3 }]);
    await expect(run(r, 'p@l1', { find: 'c' })).rejects.toMatchObject({ argonCode: 'BRANCH_NOT_FOUND' });
  });

  it('main cannot be deleted, names are validated, unknown branches are named in the error', async () => {
    const r = await openRunner();
    await run(r, 'p', { insert: 'c', documents: [{ _id: 1 }] });
    await expect(run(r, 'p', { argonDeleteBranch: 'main' })).rejects.toMatchObject({ argonCode: 'BRANCH_PROTECTED' });
    await expect(run(r, 'p', { argonCreateBranch: 'bad name!' })).rejects.toMatchObject({ argonCode: 'INVALID_NAME' });
    await expect(run(r, 'p@nope', { find: 'c' })).rejects.toThrow(/branch 'nope' does not exist in project 'p'/);
    await expect(run(r, 'p', { argonCreateBranch: 'x', from: 'nope' })).rejects.toThrow(/branch 'nope'/);
    const before = await run(r, 'p', { argonListBranches: 1 });
    expect((before.branches as unknown[]).length).toBe(1);
  });
});

describe('time travel', () => {
  it('reads any branch at an earlier LSN or time, and rejects writes to the view', async () => {
    let now = Date.parse('2026-11-21T10:00:00Z');
    const r = await openRunner(undefined, () => now);
    await run(r, 'shop', { insert: 'o', documents: [{ _id: 1, qty: 1 }] });
    const s1 = await status(r, 'shop');
    now += 60_000;
    await run(r, 'shop', { update: 'o', updates: [{ q: { _id: 1 }, u: { $inc: { qty: 1 } } }] });
    now += 60_000;
    await run(r, 'shop', { update: 'o', updates: [{ q: { _id: 1 }, u: { $inc: { qty: 1 } } }] });
    expect(await allDocs(r, `shop@main@${s1.headLsn}`, 'o')).toEqual([{ _id: 1, qty: 1 }]);
    expect(await allDocs(r, 'shop@main@2026-11-21T10:01:30Z', 'o')).toEqual([{ _id: 1, qty: 2 }]);
    expect(await allDocs(r, 'shop', 'o')).toEqual([{ _id: 1, qty: 3 }]);
    await expect(run(r, `shop@main@${s1.headLsn}`, { insert: 'o', documents: [{ _id: 9 }] })).rejects.toThrow(/read-only time-travel view/);
    await expect(run(r, 'shop@main@99999', { find: 'o' })).rejects.toMatchObject({ argonCode: 'LSN_OUT_OF_RANGE' });
    expect(await allDocs(r, 'shop', 'o')).toEqual([{ _id: 1, qty: 3 }]);
  });
});

describe('restore', () => {
  it('reset is non-destructive: discarded entries never come back through writes or forks', async () => {
    const r = await openRunner();
    await run(r, 'p', { insert: 'c', documents: [{ _id: 1, v: 1 }] });
    const keep = (await status(r, 'p')).headLsn;
    await run(r, 'p', { insert: 'c', documents: [{ _id: 2, v: 2 }] });
    await run(r, 'p', { update: 'c', updates: [{ q: { _id: 1 }, u: { $set: { v: 10 } } }] });
    const reset = await run(r, 'p', { argonResetBranch: 'main', lsn: keep, backup: 'before' });
    expect(reset.discarded).toEqual({ from: keep + 1, to: keep + 2 });
    expect(await allDocs(r, 'p', 'c')).toEqual([{ _id: 1, v: 1 }]);
    expect(await allDocs(r, 'p@before', 'c')).toEqual([{ _id: 1, v: 10 }, { _id: 2, v: 2 }]);
    await run(r, 'p', { insert: 'c', documents: [{ _id: 3, v: 3 }] });
    await run(r, 'p', { argonCreateBranch: 'after' });
    expect(await allDocs(r, 'p', 'c')).toEqual([{ _id: 1, v: 1 }, { _id: 3, v: 3 }]);
    expect(await allDocs(r, 'p@after', 'c')).toEqual([{ _id: 1, v: 1 }, { _id: 3, v: 3 }]);
    // Inserting _id 2 again works: the discarded version does not count as a duplicate.
    await run(r, 'p', { insert: 'c', documents: [{ _id: 2, v: 22 }] });
    expect(await allDocs(r, 'p', 'c')).toEqual([{ _id: 1, v: 1 }, { _id: 2, v: 22 }, { _id: 3, v: 3 }]);
  });

  it('history lists every version with its LSN, and diff names changed fields', async () => {
    const r = await openRunner();
    await run(r, 'p', { insert: 'c', documents: [{ _id: 1, a: 1, b: 1 }] });
    await run(r, 'p', { argonCreateBranch: 'f' });
    await run(r, 'p@f', { update: 'c', updates: [{ q: { _id: 1 }, u: { $set: { b: 2 } } }] });
    await run(r, 'p@f', { insert: 'c', documents: [{ _id: 2 }] });
    await run(r, 'p@f', { delete: 'c', deletes: [{ q: { _id: 2 }, limit: 1 }] });
    await run(r, 'p@f', { insert: 'c', documents: [{ _id: 3 }] });
    const h = await run(r, 'p@f', { argonHistory: 'c', _id: 2 });
    expect(JSON.parse(JSON.stringify((h.versions as Array<{ op: string; doc: unknown }>).map((v) => [v.op, v.doc])))).toEqual([
      ['insert', { _id: 2 }],
      ['delete', null],
    ]);
    const d = await run(r, 'p', { argonDiff: 1, from: 'p', to: 'p@f' });
    expect(JSON.parse(JSON.stringify(d.changed))).toEqual([{ collection: 'c', _id: 1, fields: ['b'] }]);
    expect(JSON.parse(JSON.stringify((d.added as Array<{ _id: unknown }>).map((x) => x._id)))).toEqual([3]);
    expect(d.removed).toEqual([]);
  });
});
});
}
