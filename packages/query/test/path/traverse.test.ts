import { Int32 } from 'bson';
import { describe, expect, it } from 'vitest';
import { EMPTY_ARRAY, WALK_MODES, walkPath, type WalkMode } from '../../src/path/traverse.js';
import { formatValue } from '../../src/query/format.js';
import type { Document } from '../../src/values/bson-type.js';

const i = (n: number) => new Int32(n);

function walk(doc: unknown, path: string, mode: WalkMode): [unknown, number | undefined][] {
  const out: [unknown, number | undefined][] = [];
  walkPath(doc, path.split('.'), mode, (v, k) => {
    out.push([v, k]);
    return false;
  });
  return out;
}

// document, path, expected [value, arrayIndex] pairs in query mode.
const queryCases: [Document, string, [unknown, number | undefined][]][] = [
  [{ a: i(1) }, 'a', [[i(1), undefined]]],
  [{}, 'a', [[undefined, undefined]]],
  [{ a: i(1) }, 'a.b', [[undefined, undefined]]],
  [{ a: null }, 'a.b', [[undefined, undefined]]],
  [{ a: { b: i(2) } }, 'a.b', [[i(2), undefined]]],
  [{ a: [i(1), i(2)] }, 'a', [[i(1), 0], [i(2), 1], [[i(1), i(2)], undefined]]],
  [{ a: [] }, 'a', [[[], undefined]]],
  [{ a: [[i(1)]] }, 'a', [[[i(1)], 0], [[[i(1)]], undefined]]],
  [{ a: [{ b: i(1) }, { c: i(2) }] }, 'a.b', [[i(1), 0], [undefined, 1]]],
  [{ a: [i(1), { b: i(2) }] }, 'a.b', [[i(2), 1]]],
  [{ a: [] }, 'a.b', []],
  [{ a: [{ b: [i(1), i(2)] }] }, 'a.b', [[i(1), 0], [i(2), 0], [[i(1), i(2)], 0]]],
  [{ a: { b: [i(1), i(2)] } }, 'a.b', [[i(1), 0], [i(2), 1], [[i(1), i(2)], undefined]]],
  [{ a: [i(5), i(6)] }, 'a.1', [[i(6), undefined]]],
  [{ a: [i(5)] }, 'a.1', []],
  [{ a: [{ b: i(1) }] }, 'a.0.b', [[undefined, 0], [i(1), undefined]]],
  [{ a: [{ '0': i(7) }] }, 'a.0', [[i(7), 0], [{ '0': i(7) }, undefined]]],
  [{ a: [[i(1), i(2)]] }, 'a.0.1', [[i(2), undefined]]],
  [{ a: [[{ b: i(1) }]] }, 'a.b', []],
  [{ a: [[{ b: i(1) }]] }, 'a.0.b', [[i(1), 0]]],
  [{ a: [{ b: [{ c: i(1) }, { c: i(2) }] }] }, 'a.b.c', [[i(1), 0], [i(2), 0]]],
];

describe('walkPath: query mode', () => {
  for (const [doc, path, expected] of queryCases) {
    it(`${formatValue(doc)} at ${path}`, () => {
      expect(walk(doc, path, WALK_MODES.query)).toEqual(expected);
    });
  }
});

describe('walkPath: array and key modes', () => {
  const cases: [Document, string, WalkMode, [unknown, number | undefined][]][] = [
    [{ a: [i(1), i(2)] }, 'a', WALK_MODES.queryArrays, [[[i(1), i(2)], undefined]]],
    [{ a: [{ b: [i(1)] }, { b: [i(2)] }] }, 'a.b', WALK_MODES.queryArrays, [[[i(1)], 0], [[i(2)], 1]]],
    [{ a: [i(1), i(2)] }, 'a', WALK_MODES.keys, [[i(1), 0], [i(2), 1]]],
    [{ a: [] }, 'a', WALK_MODES.keys, [[EMPTY_ARRAY, undefined]]],
    [{ a: [{ b: i(1) }] }, 'a.0.b', WALK_MODES.keys, [[i(1), undefined]]],
    [{ a: [{ '5': i(1) }] }, 'a.5', WALK_MODES.keys, [[i(1), 0]]],
  ];
  for (const [doc, path, mode, expected] of cases) {
    it(`${formatValue(doc)} at ${path} (mode ${mode})`, () => {
      expect(walk(doc, path, mode)).toEqual(expected);
    });
  }
  it('stops as soon as the visitor returns true', () => {
    const seen: unknown[] = [];
    const stopped = walkPath({ a: [i(1), i(2), i(3)] }, ['a'], WALK_MODES.query, (v) => {
      seen.push(v);
      return true;
    });
    expect(stopped).toBe(true);
    expect(seen).toEqual([i(1)]);
  });
});
