import { Int32 } from 'bson';
import { describe, expect, it } from 'vitest';
import { compileFilter } from '../../src/query/index.js';
import { formatValue } from '../../src/query/format.js';
import type { Document } from '../../src/values/bson-type.js';

const i = (n: number) => new Int32(n);

// filter, document, expected arrayIndex (undefined: matched without an array index).
const positional: [Document, Document, number | undefined][] = [
  [{ a: 2 }, { a: [i(1), i(2), i(3)] }, 1],
  [{ a: 2 }, { a: i(2) }, undefined],
  [{ a: { $gt: 1 } }, { a: [i(0), i(1), i(5), i(7)] }, 2],
  [{ 'a.b': 2 }, { a: [{ b: i(1) }, { b: i(2) }] }, 1],
  [{ 'a.b': 5 }, { a: [{ b: [i(1), i(5)] }] }, 0],
  [{ 'a.b': 5 }, { a: { b: [i(1), i(5)] } }, 1],
  [{ 'a.b.c': 1 }, { a: [{ b: [{ c: i(0) }] }, { b: [{ c: i(2) }, { c: i(1) }] }] }, 1],
  [{ a: { $elemMatch: { x: 1 } } }, { a: [{ x: i(0) }, { x: i(1) }] }, 1],
  [{ a: { $elemMatch: { $gte: 3 } } }, { a: [i(1), i(3)] }, 1],
  [{ 'a.b': { $elemMatch: { $gt: 1 } } }, { a: [{ b: [i(0)] }, { b: [i(0), i(2)] }] }, 1],
  [{ 'a.0': 1 }, { a: [i(1)] }, undefined],
  [{ 'a.1.b': 1 }, { a: [{ b: i(0) }, { b: i(1) }] }, undefined],
  [{ a: [1, 2] }, { a: [i(1), i(2)] }, undefined],
  [{ a: [3] }, { a: [[i(1)], [i(3)]] }, 1],
  [{ a: { $gt: 2 }, b: 1 }, { a: [i(1), i(3)], b: i(1) }, 1],
  // Several array predicates: the last one evaluated wins, as in MongoDB.
  [{ b: 1, a: { $gt: 2 } }, { a: [i(1), i(3)], b: [i(1), i(0)] }, 1],
  [{ a: { $gt: 2 }, b: 1 }, { a: [i(1), i(3)], b: [i(1), i(0)] }, 0],
  [{ $and: [{ a: 1 }, { b: 2 }] }, { a: [i(0), i(1)], b: [i(2)] }, 0],
  [{ $or: [{ a: 1 }, { b: 1 }] }, { a: [i(0), i(1)] }, undefined],
  [{ $or: [{ a: 1 }] }, { a: [i(0), i(1)] }, 1],
  [{ $nor: [{ a: 1 }] }, { a: [i(0), i(2)] }, undefined],
  [{ a: { $ne: 1 } }, { a: [i(2)] }, undefined],
  [{ a: { $nin: [1] } }, { a: [i(2), i(3)] }, undefined],
  [{ a: { $in: [5, 7] } }, { a: [i(1), i(7)] }, 1],
  [{ a: { $exists: true } }, { a: [i(1)] }, 0],
  [{ a: { $size: 1 } }, { a: [i(1)] }, undefined],
  [{ a: { $all: [2, 3] } }, { a: [i(3), i(2)] }, 0],
  [{ a: /b/ }, { a: ['a', 'b'] }, 1],
  [{ a: null }, { a: [i(1), null] }, 1],
];

describe('match(): array index for the positional $ operator', () => {
  for (const [filter, doc, index] of positional) {
    it(`${formatValue(filter)} on ${formatValue(doc)} → ${index}`, () => {
      const m = compileFilter(filter).match(doc);
      expect(m.matched).toBe(true);
      expect(m.arrayIndex).toBe(index);
      expect('arrayIndex' in m).toBe(index !== undefined);
    });
  }
  it('reports only matched: false for a document that does not match', () => {
    expect(compileFilter({ a: 9 }).match({ a: [i(1), i(2)] })).toEqual({ matched: false });
  });
});
