/**
 * The crash test's reference model on its own: a wrong model would make the
 * crash test pass or fail for the wrong reasons.
 */
import { describe, expect, it } from 'vitest';
import type { Doc, WriteOp } from './crash-protocol.js';
import { collectionOf, expectedAfter, replay, type ModelEvent } from './reference-model.js';

const doc = (id: number, n: number): Doc => ({ _id: id, w: id % 8, s: n, n, tag: 't', pad: '' });
const insert = (d: Doc): WriteOp => ({ op: 'insert', docs: [d] });
const inc = (id: number, s: number): WriteOp => ({ op: 'update', id, set: { s }, inc: { n: 1 }, via: 'updateOne' });

let seq = 0;
function write(branch: string, lsn: number, id: number, w: WriteOp, after?: Doc | null): ModelEvent {
  return { kind: 'write', seq: ++seq, branch, coll: 'users', id, lsn, write: w, after, recovered: false };
}
const fork = (name: string, from: string, baseLsn: number): ModelEvent => ({ kind: 'fork', seq: ++seq, name, from, baseLsn, recovered: false });
const reset = (branch: string, atLsn: number, toLsn: number): ModelEvent => ({ kind: 'reset', seq: ++seq, branch, atLsn, toLsn, recovered: false });
/** `[_id, n]` of every document of a branch's `users`, by `_id`. */
function ids(r: ReturnType<typeof replay>, b: string): Array<[number, unknown]> {
  return [...collectionOf(r.branches.get(b)!, 'users')].map(([id, d]): [number, unknown] => [id, d.n]).sort((x, y) => x[0] - y[0]);
}

describe('crash test reference model', () => {
  it('applies events in LSN order: a write acknowledged after a fork but logged before its base is in the fork', () => {
    // The fork was acknowledged first (it is listed first), the write later.
    const r = replay([write('main', 10, 1, insert(doc(1, 0))), fork('f', 'main', 12), write('main', 11, 2, insert(doc(2, 0)))], 3);
    expect(r.problems).toEqual([]);
    expect(ids(r, 'f')).toEqual([[1, 0], [2, 0]]);
  });

  it('keeps a fork apart from later writes of its parent and the parent apart from the fork', () => {
    const r = replay([write('main', 10, 1, insert(doc(1, 0))), fork('f', 'main', 10), write('main', 11, 1, inc(1, 11)), write('f', 12, 2, insert(doc(2, 5)))], 3);
    expect(r.problems).toEqual([]);
    expect(ids(r, 'main')).toEqual([[1, 1]]);
    expect(ids(r, 'f')).toEqual([[1, 0], [2, 5]]);
    expect(r.branches.get('f')!.head).toBe(12);
    expect(r.branches.get('main')!.head).toBe(11);
  });

  it('resets to the state as of an LSN, and a later reset into a discarded window shows it as it was then', () => {
    const events = [write('main', 5, 1, insert(doc(1, 0))), write('main', 10, 1, inc(1, 10)), reset('main', 12, 5), write('main', 15, 2, insert(doc(2, 0)))];
    const r1 = replay(events, 3);
    expect(ids(r1, 'main')).toEqual([[1, 0], [2, 0]]);
    expect(r1.branches.get('main')!.head).toBe(15);
    const r2 = replay([...events, reset('main', 20, 10)], 3);
    expect(ids(r2, 'main')).toEqual([[1, 1]]);
    expect(r2.branches.get('main')!.head).toBe(10);
    expect(r2.branches.get('main')!.resets).toEqual([{ atLsn: 12, toLsn: 5 }, { atLsn: 20, toLsn: 10 }]);
  });

  it("reads a fork's state before its base from its parent", () => {
    const r = replay([write('main', 5, 1, insert(doc(1, 0))), write('main', 8, 1, inc(1, 8)), fork('f', 'main', 8), fork('g', 'f', 6)], 3);
    expect(ids(r, 'g')).toEqual([[1, 0]]);
  });

  it('reports a post-image that the operation cannot have produced, and operations that cannot apply', () => {
    const wrong = { ...doc(1, 0), n: 7 };
    const r = replay([write('main', 5, 1, insert(doc(1, 0))), write('main', 6, 1, inc(1, 6), wrong), write('main', 7, 3, inc(3, 7))], 3);
    expect(r.problems).toHaveLength(2);
    expect(r.problems[0]).toMatch(/read back .*"n":7.*the model expects .*"n":1/);
    expect(r.problems[1]).toMatch(/update of 3, which does not exist/);
  });

  it('computes post-images of updates in place, of replacements with _id first, and refuses a duplicate insert', () => {
    expect(expectedAfter({ op: 'update', id: 1, set: { s: 9, tag: 'x' }, inc: { n: 0.5 }, via: 'findOneAndUpdate' }, 1, doc(1, 2))).toEqual({ after: { _id: 1, w: 1, s: 9, n: 2.5, tag: 'x', pad: '' } });
    const replaced = expectedAfter({ op: 'replace', id: 1, doc: { w: 1, s: 3 } }, 1, doc(1, 2));
    expect('after' in replaced && Object.keys(replaced.after!)).toEqual(['_id', 'w', 's']);
    expect(expectedAfter(insert(doc(1, 0)), 1, doc(1, 0))).toHaveProperty('error');
  });

  it('hides a deleted branch from the live list but keeps the history its descendants read', () => {
    const r = replay([write('main', 5, 1, insert(doc(1, 0))), fork('f', 'main', 5), write('f', 6, 1, inc(1, 6)), fork('g', 'f', 6), { kind: 'drop', seq: ++seq, name: 'f', recovered: false }, write('g', 7, 2, insert(doc(2, 0)))], 3);
    expect(r.problems).toEqual([]);
    expect(r.branches.get('f')!.deleted).toBe(true);
    expect(ids(r, 'g')).toEqual([[1, 1], [2, 0]]);
  });
});
