import { Int32 } from 'bson';
import { describe, expect, it } from 'vitest';
import { QueryError } from '../../src/errors.js';
import { compileProjection } from '../../src/projection/index.js';
import { compileFilter } from '../../src/query/index.js';
import { formatValue } from '../../src/query/format.js';
import type { FilterMatch } from '../../src/query/types.js';
import type { Document } from '../../src/values/bson-type.js';

const i = (n: number) => new Int32(n);

type Row = readonly [projection: Document, doc: Document, expected: Document];

function table(title: string, rows: readonly Row[]): void {
  describe(title, () => {
    rows.forEach(([projection, doc, expected], n) => {
      it(`#${n} ${formatValue(projection)} on ${formatValue(doc)}`, () => {
        const before = structuredClone(doc);
        const out = compileProjection(projection).apply(doc);
        expect(out).toEqual(expected);
        // Key order is part of the result.
        expect(JSON.stringify(Object.keys(out))).toBe(JSON.stringify(Object.keys(expected)));
        expect(doc).toEqual(before);
      });
    });
  });
}

table('inclusion', [
  [{ a: 1 }, { _id: 1, a: 2, b: 3 }, { _id: 1, a: 2 }],
  [{ a: true }, { _id: 1, a: 2, b: 3 }, { _id: 1, a: 2 }],
  [{ a: i(1) }, { _id: 1, a: 2, b: 3 }, { _id: 1, a: 2 }],
  [{ a: 1, _id: 0 }, { _id: 1, a: 2, b: 3 }, { a: 2 }],
  [{ _id: 1 }, { _id: 1, a: 2 }, { _id: 1 }],
  [{ b: 1, a: 1 }, { _id: 1, a: 1, b: 2 }, { _id: 1, a: 1, b: 2 }],
  [{ a: 1 }, { b: 3, _id: 1, a: 2 }, { _id: 1, a: 2 }],
  [{ x: 1 }, { _id: 1, a: 2 }, { _id: 1 }],
  [{ a: 1 }, { a: 2 }, { a: 2 }],
  [{ 'a.b': 1 }, { _id: 5, a: { b: 1, c: 2 }, d: 1 }, { _id: 5, a: { b: 1 } }],
  [{ a: { b: 1 } }, { _id: 5, a: { b: 1, c: 2 }, d: 1 }, { _id: 5, a: { b: 1 } }],
  [{ 'a.b': 1, 'a.c': 1 }, { a: { d: 0, c: 2, b: 1 } }, { a: { c: 2, b: 1 } }],
  [{ 'a.b': 1 }, { a: [{ b: 1, c: 2 }, { c: 3 }, 5, [{ b: 4, c: 1 }]] }, { a: [{ b: 1 }, {}, [{ b: 4 }]] }],
  [{ 'a.b': 1 }, { a: 5 }, {}],
  [{ 'a.b': 1 }, { a: { c: 1 } }, { a: {} }],
  [{ 'a.b.c': 1 }, { a: [{ b: [{ c: 1, d: 1 }, 2] }] }, { a: [{ b: [{ c: 1 }] }] }],
  [{ '_id.x': 1 }, { _id: { x: 1, y: 2 }, a: 1 }, { _id: { x: 1 } }],
]);

table('computed fields in inclusion projections', [
  [{ a: 1, b: 'lit' }, { _id: 1, a: 1, b: 2 }, { _id: 1, a: 1, b: 'lit' }],
  [{ b: 'lit', a: 1 }, { _id: 1, a: 1, b: 2 }, { _id: 1, a: 1, b: 'lit' }],
  [{ c: '$a' }, { _id: 1, a: i(7) }, { _id: 1, c: i(7) }],
  [{ c: '$missing' }, { _id: 1, a: 1 }, { _id: 1 }],
  [{ c: null }, { _id: 1 }, { _id: 1, c: null }],
  [{ c: [1, '$a'] }, { _id: 1, a: 'x' }, { _id: 1, c: [i(1), 'x'] }],
  [{ c: { $literal: 1 } }, { _id: 1 }, { _id: 1, c: i(1) }],
  [{ c: { $add: ['$a', 1] } }, { _id: 1, a: i(2) }, { _id: 1, c: i(3) }],
  [{ 'a.b': { $literal: 5 } }, { a: [1, { c: 1 }] }, { a: [{ b: i(5) }, { b: i(5) }] }],
  [{ 'a.b': { $literal: 5 } }, { a: 1 }, { a: { b: i(5) } }],
  [{ 'a.b': { $literal: 5 } }, {}, { a: { b: i(5) } }],
  [{ 'a.b': { $literal: 5 }, 'a.c': 1 }, { a: { c: 1, d: 2 } }, { a: { c: 1, b: i(5) } }],
  [{ a: { b: '$x' } }, { x: 'v' }, { a: { b: 'v' } }],
]);

table('exclusion', [
  [{ a: 0 }, { _id: 1, a: 1, b: 2 }, { _id: 1, b: 2 }],
  [{ a: false }, { _id: 1, a: 1, b: 2 }, { _id: 1, b: 2 }],
  [{ _id: 0 }, { _id: 1, a: 1, b: 2 }, { a: 1, b: 2 }],
  [{ _id: 0, a: 0 }, { _id: 1, a: 1, b: 2 }, { b: 2 }],
  [{ a: 0, _id: 1 }, { _id: 1, a: 1, b: 2 }, { _id: 1, b: 2 }],
  [{ x: 0 }, { _id: 1, a: 1 }, { _id: 1, a: 1 }],
  [{ 'a.b': 0 }, { a: { b: 1, c: 2 } }, { a: { c: 2 } }],
  [{ a: { b: 0 } }, { a: { b: 1, c: 2 } }, { a: { c: 2 } }],
  [{ 'a.b': 0 }, { a: [{ b: 1, c: 2 }, 5, [{ b: 1 }]] }, { a: [{ c: 2 }, 5, [{}]] }],
  [{ 'a.b': 0 }, { a: 5 }, { a: 5 }],
  [{ 'a.b.c': 0, 'a.d': 0 }, { a: { b: { c: 1, e: 1 }, d: 1, f: 1 } }, { a: { b: { e: 1 }, f: 1 } }],
]);

table('find $slice', [
  [{ a: { $slice: 2 } }, { _id: 1, a: [1, 2, 3], b: 1 }, { _id: 1, a: [1, 2], b: 1 }],
  [{ a: { $slice: -2 } }, { a: [1, 2, 3] }, { a: [2, 3] }],
  [{ a: { $slice: 5 } }, { a: [1, 2, 3] }, { a: [1, 2, 3] }],
  [{ a: { $slice: -5 } }, { a: [1, 2, 3] }, { a: [1, 2, 3] }],
  [{ a: { $slice: 0 } }, { a: [1, 2, 3] }, { a: [] }],
  [{ a: { $slice: [1, 1] } }, { a: [1, 2, 3] }, { a: [2] }],
  [{ a: { $slice: [-2, 5] } }, { a: [1, 2, 3] }, { a: [2, 3] }],
  [{ a: { $slice: [-5, 2] } }, { a: [1, 2, 3] }, { a: [1, 2] }],
  [{ a: { $slice: [5, 1] } }, { a: [1, 2, 3] }, { a: [] }],
  [{ a: { $slice: i(1) } }, { a: 'x' }, { a: 'x' }],
  [{ a: { $slice: 1 } }, { b: 1 }, { b: 1 }],
  [{ a: { $slice: 1 }, b: 1 }, { _id: 1, a: [1, 2], b: 1, c: 1 }, { _id: 1, a: [1], b: 1 }],
  [{ a: { $slice: 1 }, _id: 1 }, { _id: 1, a: [1, 2], c: 1 }, { _id: 1, a: [1] }],
  [{ a: { $slice: 1 }, c: 0 }, { _id: 1, a: [1, 2], c: 1 }, { _id: 1, a: [1] }],
  [{ 'a.b': { $slice: 1 } }, { a: [{ b: [1, 2] }, { b: [3, 4] }, 5] }, { a: [{ b: [1] }, { b: [3] }, 5] }],
  [
    { qty: 1, 'details.colors': { $slice: 1 } },
    { _id: 1, item: 'socks', qty: 100, details: { colors: ['blue', 'red'], sizes: ['S', 'M'] } },
    { _id: 1, qty: 100, details: { colors: ['blue'] } },
  ],
  [{ a: { $slice: ['$b', 1] } }, { _id: 1, a: 1, b: [7, 8] }, { _id: 1, a: [7] }],
]);

table('find $elemMatch', [
  [{ a: { $elemMatch: { b: 2 } } }, { _id: 1, a: [{ b: 1 }, { b: 2, c: 1 }, { b: 2 }], x: 1 }, { _id: 1, a: [{ b: 2, c: 1 }] }],
  [{ a: { $elemMatch: { b: 9 } } }, { _id: 1, a: [{ b: 1 }] }, { _id: 1 }],
  [{ a: { $elemMatch: { b: 1 } } }, { _id: 1, a: { b: 1 } }, { _id: 1 }],
  [{ x: 1, a: { $elemMatch: { b: 1 } } }, { _id: 1, a: [{ b: 1 }], x: 1 }, { _id: 1, x: 1, a: [{ b: 1 }] }],
  [{ a: { $elemMatch: { $gt: 1 } } }, { a: [0, 5, 6] }, { a: [5] }],
  [{ a: { $elemMatch: { $gt: 1 } }, _id: 0 }, { _id: 1, a: [0, 5] }, { a: [5] }],
  [{ x: 0, a: { $elemMatch: { b: 2 } } }, { _id: 1, x: 1, a: [{ b: 1 }, { b: 2 }], y: 1 }, { _id: 1, a: [{ b: 2 }], y: 1 }],
]);

describe('positional $ projection', () => {
  const rows: [Document, Document, FilterMatch | undefined, Document][] = [
    [{ 'a.$': 1 }, { _id: 1, a: [1, 5, 9], b: 1 }, { matched: true, arrayIndex: 1 }, { _id: 1, a: [5] }],
    [{ 'a.$': 1, b: 1 }, { _id: 1, a: [1, 5, 9], b: 1 }, { matched: true, arrayIndex: 2 }, { _id: 1, a: [9], b: 1 }],
    [{ 'a.$': 1 }, { _id: 1, a: 5 }, { matched: true }, { _id: 1, a: 5 }],
    [{ 'a.$': 1 }, { _id: 1 }, { matched: true }, { _id: 1 }],
    [{ 'a.b.$': 1 }, { a: { b: [1, 2], c: 1 } }, { matched: true, arrayIndex: 1 }, { a: { b: [2] } }],
    [{ 'a.b.$': 1 }, { _id: 0, a: [{ b: 1, c: 1 }, { b: 2 }] }, { matched: true, arrayIndex: 1 }, { _id: 0, a: [{ b: 2 }] }],
    [{ 'a.$': 1 }, { _id: 0, a: [[1], [2]] }, { matched: true, arrayIndex: 0 }, { _id: 0, a: [[1]] }],
  ];
  rows.forEach(([projection, doc, match, expected], n) => {
    it(`#${n} ${formatValue(projection)} on ${formatValue(doc)}`, () => {
      expect(compileProjection(projection).apply(doc, match)).toEqual(expected);
    });
  });

  it('uses the index found by the query filter', () => {
    const doc = { _id: 1, grades: [i(80), i(95), i(90)] };
    const match = compileFilter({ grades: { $gte: 90 } }).match(doc);
    expect(compileProjection({ 'grades.$': 1 }).apply(doc, match)).toEqual({ _id: 1, grades: [i(95)] });
  });

  it('works with an $elemMatch filter on documents', () => {
    const doc = { _id: 1, items: [{ k: 'a', v: i(1) }, { k: 'b', v: i(2) }] };
    const match = compileFilter({ items: { $elemMatch: { k: 'b' } } }).match(doc);
    expect(compileProjection({ 'items.$': 1 }).apply(doc, match)).toEqual({ _id: 1, items: [{ k: 'b', v: i(2) }] });
  });

  const failures: [Document, FilterMatch | undefined, number][] = [
    [{ _id: 1, a: [1, 2] }, undefined, 51246],
    [{ _id: 1, a: [1, 2] }, { matched: true }, 51246],
    [{ _id: 1, a: [1, 2] }, { matched: true, arrayIndex: 2 }, 51247],
  ];
  failures.forEach(([doc, match, code], n) => {
    it(`fails with ${code} (#${n})`, () => {
      try {
        compileProjection({ 'a.$': 1 }).apply(doc, match);
        expect.unreachable();
      } catch (e) {
        expect(e).toBeInstanceOf(QueryError);
        expect((e as QueryError).code).toBe(code);
      }
    });
  });
});

describe('compiled projections', () => {
  it('returns the document itself for an empty projection', () => {
    const doc = { a: 1 };
    expect(compileProjection({}).apply(doc)).toBe(doc);
    expect(compileProjection(null).apply(doc)).toBe(doc);
    expect(compileProjection(undefined).kind).toBe('none');
  });
  it('never returns the input object for a real projection', () => {
    const doc = { _id: 1, a: 1 };
    expect(compileProjection({ b: 0 }).apply(doc)).not.toBe(doc);
    expect(compileProjection({ a: 1 }).apply(doc)).not.toBe(doc);
  });
  it('does not mutate shared sub-documents when slicing', () => {
    const shared = { b: [1, 2, 3], c: 1 };
    const doc = { _id: 1, a: shared };
    const out = compileProjection({ 'a.b': { $slice: 1 } }).apply(doc);
    expect(out).toEqual({ _id: 1, a: { b: [1], c: 1 } });
    expect(shared.b).toEqual([1, 2, 3]);
    expect(out.a).not.toBe(shared);
  });
});
