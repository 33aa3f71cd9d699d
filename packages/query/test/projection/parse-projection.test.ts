import { Decimal128, Double, Int32, Long } from 'bson';
import { describe, expect, it } from 'vitest';
import { QueryError } from '../../src/errors.js';
import { compileProjection } from '../../src/projection/index.js';
import { formatValue } from '../../src/query/format.js';
import type { Document } from '../../src/values/bson-type.js';

const kinds: [Document, 'inclusion' | 'exclusion' | 'none'][] = [
  [{}, 'none'],
  [{ a: undefined }, 'none'],
  [{ a: 1 }, 'inclusion'],
  [{ a: true }, 'inclusion'],
  [{ a: Long.fromNumber(1) }, 'inclusion'],
  [{ a: new Double(0.5) }, 'inclusion'],
  [{ a: new Double(NaN) }, 'inclusion'],
  [{ a: -1 }, 'inclusion'],
  [{ a: 0 }, 'exclusion'],
  [{ a: false }, 'exclusion'],
  [{ a: new Double(0) }, 'exclusion'],
  [{ a: new Int32(0) }, 'exclusion'],
  [{ a: Decimal128.fromString('0.00') }, 'exclusion'],
  [{ a: Decimal128.fromString('1') }, 'inclusion'],
  [{ _id: 0 }, 'exclusion'],
  [{ _id: 1 }, 'inclusion'],
  [{ _id: 0, a: 1 }, 'inclusion'],
  [{ _id: 1, a: 0 }, 'exclusion'],
  [{ a: 1, _id: 0 }, 'inclusion'],
  [{ '_id.x': 0, b: 0 }, 'exclusion'],
  [{ a: { b: 1 } }, 'inclusion'],
  [{ a: { b: 0 } }, 'exclusion'],
  [{ a: { $slice: 1 } }, 'exclusion'],
  [{ a: { $slice: 1 }, _id: 0 }, 'exclusion'],
  [{ a: { $slice: 1 }, _id: 1 }, 'inclusion'],
  [{ a: { $slice: 1 }, b: 1 }, 'inclusion'],
  [{ a: { $elemMatch: { b: 1 } } }, 'inclusion'],
  [{ a: { $elemMatch: { b: 1 } }, _id: 0 }, 'inclusion'],
  [{ a: { $elemMatch: { b: 1 } }, c: 0 }, 'exclusion'],
  [{ a: 'x' }, 'inclusion'],
  [{ a: null }, 'inclusion'],
  [{ a: [1] }, 'inclusion'],
  [{ a: '$b' }, 'inclusion'],
  [{ a: { $add: [1, 2] } }, 'inclusion'],
  [{ 'a.$': 1 }, 'inclusion'],
];

describe('compileProjection: kind', () => {
  for (const [projection, kind] of kinds) {
    it(`${formatValue(projection)} → ${kind}`, () => expect(compileProjection(projection).kind).toBe(kind));
  }
});

const errors: [Document, number, string][] = [
  [{ a: 1, b: 0 }, 31254, 'Cannot do exclusion on field b in inclusion projection'],
  [{ a: 0, b: 1 }, 31253, 'Cannot do inclusion on field b in exclusion projection'],
  [{ a: 1, 'b.c': 0 }, 31254, 'Cannot do exclusion on field b.c in inclusion projection'],
  [{ a: { b: 1, c: 0 } }, 31254, 'Cannot do exclusion on field c in inclusion projection'],
  [{ a: 0, b: 'x' }, 31310, 'Cannot use an expression b: "x" in an exclusion projection'],
  [{ a: 0, b: { $add: [1, 2] } }, 31252, 'Cannot use expression other than $meta in exclusion projection'],
  [{ a: 1, 'a.b': 1 }, 31249, 'Path collision at a.b remaining portion b'],
  [{ 'a.b': 1, a: 1 }, 31250, 'Path collision at a'],
  [{ a: { b: 1 }, 'a.b': 0 }, 31250, 'Path collision at a.b'],
  [{ 'a.$': 1, 'b.$': 1 }, 31276, 'Cannot specify more than one positional projection per query.'],
  [{ 'a.$': 1, b: { $elemMatch: { c: 1 } } }, 31255, 'Cannot specify positional operator and $elemMatch.'],
  [{ b: { $elemMatch: { c: 1 } }, 'a.$': 1 }, 31256, 'Cannot specify positional operator and $elemMatch.'],
  [{ 'a.$.': 1 }, 31270, "Path cannot end with '.$.'"],
  [{ 'a.$.$': 1 }, 31287, 'Cannot use positional operator twice: a.$.$'],
  [{ 'a.$': { $slice: 1 } }, 31271, 'positional projection cannot be used with an expression or sub object'],
  [{ 'a.$': 'x' }, 31308, 'positional projection cannot be used with a literal'],
  [{ 'a.$': 1, b: 0 }, 31254, 'Cannot do exclusion on field b in inclusion projection'],
  [{ 'a.b': { $elemMatch: { c: 1 } } }, 31275, 'Cannot use $elemMatch projection on a nested field.'],
  [{ a: { b: { $elemMatch: { c: 1 } } } }, 31275, 'Cannot use $elemMatch projection on a nested field.'],
  [{ a: { $elemMatch: 1 } }, 31274, 'elemMatch: Invalid argument, object required'],
  [{ a: { $elemMatch: { $foo: 1 } } }, 2, 'unknown operator: $foo'],
  [{ a: { $slice: 'x' } }, 31273, '$slice only supports numbers and [skip, limit] arrays'],
  [{ a: { $slice: [1] } }, 31272, '$slice array argument should be of form [skip, limit]'],
  [{ a: { $foo: 1 } }, 31325, 'Unknown expression $foo'],
  [{ a: {} }, 51270, 'An empty sub-projection is not a valid value. Found empty object at path a'],
  [{ a: { b: {} } }, 51270, 'Found empty object at path a.b'],
  [{ '': 1 }, 40352, 'FieldPath cannot be constructed with empty string'],
  [{ 'a.': 1 }, 40353, "FieldPath must not end with a '.'."],
  [{ 'a..b': 1 }, 15998, 'FieldPath field names may not be empty strings.'],
  [{ $a: 1 }, 16410, "FieldPath field names may not start with '$'."],
  [{ a: { $slice: 1, $b: 1 } }, 16410, "FieldPath field names may not start with '$'."],
  [{ a: { $meta: 'textScore' } }, 2, 'not supported'],
  [{ a: { $add: 1, $sub: 2 } }, 16410, "FieldPath field names may not start with '$'."],
];

describe('compileProjection: invalid projections', () => {
  for (const [projection, code, message] of errors) {
    it(`${formatValue(projection)} → ${code}`, () => {
      let error: unknown;
      try {
        compileProjection(projection);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(QueryError);
      expect((error as QueryError).code).toBe(code);
      expect((error as QueryError).message).toContain(message);
    });
  }
  it('falls back to the aggregation $slice, which then fails on each document, as MongoDB does', () => {
    // [1, 0] is not find's [skip, limit] (limit must be positive) but parses as $slice(1, 0).
    const p = compileProjection({ a: { $slice: [1, 0] } });
    expect(p.kind).toBe('inclusion');
    expect(() => p.apply({ a: [1, 2] })).toThrow(QueryError);
  });
  it('rejects a projection that is not a document', () => {
    expect(() => compileProjection([] as never)).toThrow('projection must be a document');
  });
});
