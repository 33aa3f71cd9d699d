import { Int32, MaxKey, MinKey } from 'bson';
import { describe, expect, it } from 'vitest';
import { collectPathValues, sortKeyAt } from '../../src/path/collect.js';
import { formatValue } from '../../src/query/format.js';
import { compareValues } from '../../src/values/compare.js';
import type { Document } from '../../src/values/bson-type.js';

const i = (n: number) => new Int32(n);

const cases: [Document, string, unknown[]][] = [
  [{ a: [{ b: i(1) }, { b: i(2) }] }, 'a.b', [i(1), i(2)]],
  [{}, 'a', []],
  [{ a: null }, 'a', [null]],
  [{ a: i(1) }, 'a.b', []],
  [{ a: { c: i(1) } }, 'a.b', []],
  [{ a: [i(1), i(2)] }, 'a', [i(1), i(2)]],
  [{ a: [i(1), [i(2)]] }, 'a', [i(1), [i(2)]]],
  [{ a: [] }, 'a', []],
  [{ a: [{ b: i(1) }, { c: i(1) }] }, 'a.b', [i(1), null]],
  [{ a: [i(1), { b: i(2) }] }, 'a.b', [i(2)]],
  [{ a: [{ b: [i(1), i(2)] }, { b: i(3) }] }, 'a.b', [i(1), i(2), i(3)]],
  [{ a: [i(5), i(6)] }, 'a.1', [i(6)]],
  [{ a: [{ b: i(1) }, { b: i(2) }] }, 'a.1.b', [i(2)]],
  [{ a: { b: { c: 'x' } } }, 'a.b.c', ['x']],
  [{ a: { b: { c: 'x' } } }, 'a.b', [{ c: 'x' }]],
];

describe('collectPathValues', () => {
  for (const [doc, path, expected] of cases) {
    it(`${formatValue(doc)} at ${path} → ${formatValue(expected)}`, () => {
      expect(collectPathValues(doc, path)).toEqual(expected);
    });
  }
  it('includeArrays adds each leaf array as a whole value', () => {
    expect(collectPathValues({ a: [i(1), i(2)] }, 'a', { includeArrays: true })).toEqual([i(1), i(2), [i(1), i(2)]]);
    expect(collectPathValues({ a: [] }, 'a', { includeArrays: true })).toEqual([[]]);
    expect(collectPathValues({ a: [{ b: [i(1)] }, {}] }, 'a.b', { includeArrays: true })).toEqual([i(1), [i(1)], null]);
  });
});

describe('sortKeyAt', () => {
  const keyCases: [Document, string, boolean, unknown][] = [
    [{ a: i(3) }, 'a', false, i(3)],
    [{}, 'a', false, null],
    [{ a: [i(3), i(1), i(2)] }, 'a', false, i(1)],
    [{ a: [i(3), i(1), i(2)] }, 'a', true, i(3)],
    [{ a: [] }, 'a', false, undefined],
    [{ a: [] }, 'a', true, undefined],
    [{ a: [[i(1), i(2)], i(0)] }, 'a', false, i(0)],
    [{ a: [[i(1), i(2)], i(0)] }, 'a', true, [i(1), i(2)]],
    [{ a: [{ b: i(1) }, { c: i(1) }] }, 'a.b', false, null],
    [{ a: [{ b: i(1) }, { c: i(1) }] }, 'a.b', true, i(1)],
    [{ a: [i(1), 'x', new MinKey()] }, 'a', false, new MinKey()],
    [{ a: [i(1), new MaxKey(), 'x'] }, 'a', true, new MaxKey()],
    [{ a: i(1) }, 'a.b', false, null],
  ];
  for (const [doc, path, desc, expected] of keyCases) {
    it(`${formatValue(doc)} at ${path} ${desc ? 'desc' : 'asc'} → ${formatValue(expected)}`, () => {
      expect(sortKeyAt(doc, path.split('.'), desc, compareValues)).toEqual(expected);
    });
  }
});
