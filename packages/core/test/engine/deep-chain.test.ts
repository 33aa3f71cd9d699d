import { describe, expect, it } from 'vitest';
import { DEEP_VIEW_SEGMENTS } from '../../src/engine/prefix-image.js';
import { allDocs, openRunner, run, status } from '../support/engine-fixture.js';

describe('deep ancestry chains read through a prefix image', () => {
  it('a branch 30 levels deep sees exactly its ancestry, and parents writing later change nothing', async () => {
    const r = await openRunner();
    const model = new Map<number, number>();
    await run(r, 'p', { insert: 'c', documents: [{ _id: 0, v: 0 }] });
    model.set(0, 0);
    let parent = 'main';
    const depth = 30;
    for (let i = 1; i <= depth; i++) {
      const name = `b${i}`;
      await run(r, 'p', { argonCreateBranch: name, from: parent });
      const db = `p@${name}`;
      await run(r, db, { insert: 'c', documents: [{ _id: i, v: i }] });
      await run(r, db, { update: 'c', updates: [{ q: { _id: i - 1 }, u: { $set: { v: i * 100 } } }] });
      model.set(i, i);
      model.set(i - 1, i * 100);
      if (i >= 3) {
        await run(r, db, { delete: 'c', deletes: [{ q: { _id: i - 3 }, limit: 1 }] });
        model.delete(i - 3);
      }
      parent = name;
    }
    const segments = r.engine.project('p')!.liveSegments(r.engine.project('p')!.branchByName(`b${depth}`)!.id);
    expect(segments.length).toBeGreaterThan(DEEP_VIEW_SEGMENTS);
    const expected = [...model].sort((a, b) => a[0] - b[0]).map(([_id, v]) => ({ _id, v }));
    expect(await allDocs(r, `p@b${depth}`, 'c')).toEqual(expected);
    for (const [id, v] of model) {
      const reply = await run(r, `p@b${depth}`, { find: 'c', filter: { _id: id } });
      expect((reply.cursor as { firstBatch: Array<{ v: { valueOf(): number } }> }).firstBatch.map((d) => Number(d.v.valueOf()))).toEqual([v]);
    }
    // Ancestors writing after the forks must not leak into the deep branch.
    const before = await allDocs(r, `p@b${depth}`, 'c');
    for (const b of ['main', 'b5', 'b17', `b${depth - 1}`]) await run(r, b === 'main' ? 'p' : `p@${b}`, { insert: 'c', documents: [{ _id: 1000 + b.length, v: -1 }] });
    expect(await allDocs(r, `p@b${depth}`, 'c')).toEqual(before);
    // A time-travel read of the deep branch at its fork point equals its parent there.
    const { headLsn } = await status(r, `p@b${depth - 1}`);
    const base = (await run(r, 'p', { argonListBranches: 1 })).branches as Array<{ name: string; baseLsn: number }>;
    const fork = base.find((b) => b.name === `b${depth}`)!.baseLsn;
    expect(fork).toBeLessThan(headLsn);
    expect(await allDocs(r, `p@b${depth}@${fork}`, 'c')).toEqual(await allDocs(r, `p@b${depth - 1}@${fork}`, 'c'));
  });
});
