import { Decimal128, Double, Int32, Long, MaxKey, MinKey, ObjectId } from 'bson';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { QueryError } from '../../src/errors.js';
import { compileSort } from '../../src/sort/index.js';
import { formatValue } from '../../src/query/format.js';
import { compareValues } from '../../src/values/compare.js';
import type { Document } from '../../src/values/bson-type.js';

const i = (n: number) => new Int32(n);

/** Sorts documents tagged with `t` and returns the tags in result order. */
function order(spec: Document, docs: Document[]): unknown[] {
  const cmp = compileSort(spec)!;
  return [...docs].sort(cmp).map((d) => d.t);
}

const rows: [string, Document, Document[], unknown[]][] = [
  [
    'numbers of every BSON type by value',
    { a: 1 },
    [
      { t: 'int3', a: i(3) },
      { t: 'dbl1.5', a: new Double(1.5) },
      { t: 'long2', a: Long.fromNumber(2) },
      { t: 'dec2.5', a: Decimal128.fromString('2.5') },
      { t: 'nan', a: new Double(NaN) },
      { t: '-inf', a: new Double(-Infinity) },
    ],
    ['nan', '-inf', 'dbl1.5', 'long2', 'dec2.5', 'int3'],
  ],
  [
    'canonical type order, null and missing tie in input order',
    { a: 1 },
    [
      { t: 'bool', a: true },
      { t: 'str', a: 'x' },
      { t: 'num', a: i(1) },
      { t: 'null', a: null },
      { t: 'missing' },
      { t: 'min', a: new MinKey() },
      { t: 'max', a: new MaxKey() },
      { t: 'oid', a: new ObjectId('000000000000000000000001') },
      { t: 'date', a: new Date(0) },
      { t: 'obj', a: { b: 1 } },
    ],
    ['min', 'null', 'missing', 'num', 'str', 'obj', 'oid', 'bool', 'date', 'max'],
  ],
  [
    'descending reverses, keeping ties in input order',
    { a: -1 },
    [
      { t: 'null', a: null },
      { t: 'one', a: i(1) },
      { t: 'missing' },
      { t: 'two', a: i(2) },
      { t: 'one-again', a: new Double(1) },
    ],
    ['two', 'one', 'one-again', 'null', 'missing'],
  ],
  [
    'arrays ascending by smallest element (empty array first)',
    { a: 1 },
    [{ t: '{}' }, { t: '1', a: i(1) }, { t: '[]', a: [] }, { t: '[1]', a: [i(1)] }, { t: '[0,1]', a: [i(0), i(1)] }],
    ['[]', '{}', '[0,1]', '1', '[1]'],
  ],
  [
    'arrays descending by largest element (empty array last)',
    { a: -1 },
    [{ t: '{}' }, { t: '1', a: i(1) }, { t: '[]', a: [] }, { t: '[1]', a: [i(1)] }, { t: '[0,1]', a: [i(0), i(1)] }],
    ['1', '[1]', '[0,1]', '{}', '[]'],
  ],
  [
    'dotted paths through arrays of documents',
    { 'a.b': 1 },
    [
      { t: 'x', a: [{ b: i(5) }, { b: i(2) }] },
      { t: 'y', a: { b: i(3) } },
      { t: 'z', a: [{ b: i(4) }] },
    ],
    ['x', 'y', 'z'],
  ],
  [
    'several keys',
    { a: 1, b: -1 },
    [
      { t: 'a1b1', a: i(1), b: i(1) },
      { t: 'a2b9', a: i(2), b: i(9) },
      { t: 'a1b2', a: i(1), b: i(2) },
    ],
    ['a1b2', 'a1b1', 'a2b9'],
  ],
  [
    'directions of any numeric type, truncated like MongoDB (-1.5 is -1)',
    { a: new Double(-1.5), b: Long.fromNumber(1) },
    [
      { t: 'a1b2', a: i(1), b: i(2) },
      { t: 'a1b1', a: i(1), b: i(1) },
      { t: 'a2', a: i(2), b: i(0) },
    ],
    ['a2', 'a1b1', 'a1b2'],
  ],
  [
    'decimal direction and string values by code point',
    { a: Decimal128.fromString('1') },
    [{ t: 'b', a: 'b' }, { t: 'B', a: 'B' }, { t: 'a', a: 'a' }, { t: 'é', a: 'é' }],
    ['B', 'a', 'b', 'é'],
  ],
];

describe('compileSort: order', () => {
  for (const [name, spec, docs, expected] of rows) {
    it(name, () => expect(order(spec, docs)).toEqual(expected));
  }
});

describe('compileSort: no sort', () => {
  const empty: unknown[] = [null, undefined, {}, { a: undefined }];
  for (const spec of empty) it(`${formatValue(spec)} → null`, () => expect(compileSort(spec as Document)).toBeNull());
});

describe('compileSort: invalid specifications', () => {
  const cases: [Document, number, string][] = [
    [{ a: 2 }, 15975, '$sort key ordering must be 1 (for ascending) or -1 (for descending)'],
    [{ a: 0 }, 15975, '$sort key ordering must be 1 (for ascending) or -1 (for descending)'],
    [{ a: new Double(0.5) }, 15975, '$sort key ordering must be 1'],
    [{ a: 'asc' }, 15974, 'Illegal key in $sort specification: a: "asc"'],
    [{ a: true }, 15974, 'Illegal key in $sort specification: a: true'],
    [{ a: null }, 15974, 'Illegal key in $sort specification'],
    [{ a: { $meta: 'textScore' } }, 2, 'not supported'],
    [{ a: { $foo: 1 } }, 17312, '$meta is the only expression supported by $sort right now'],
    [{ a: { $meta: 'textScore', x: 1 } }, 9, 'Cannot have additional keys in a $meta sort specification'],
    [{ '': 1 }, 40352, 'FieldPath cannot be constructed with empty string'],
    [{ $a: 1 }, 16410, "FieldPath field names may not start with '$'"],
  ];
  for (const [spec, code, message] of cases) {
    it(`${formatValue(spec)} → ${code}`, () => {
      let error: unknown;
      try {
        compileSort(spec);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(QueryError);
      expect((error as QueryError).code).toBe(code);
      expect((error as QueryError).message).toContain(message);
    });
  }
});

describe('compileSort: properties (fast-check)', () => {
  const scalar = fc.oneof(
    fc.integer({ min: -20, max: 20 }).map((n) => new Int32(n)),
    fc.double({ min: -20, max: 20 }).map((n) => new Double(n)),
    fc.string({ maxLength: 2 }),
    fc.constant(null),
  );
  const docs = fc.array(fc.oneof(fc.constant({}), scalar.map((a) => ({ a })), fc.array(scalar, { maxLength: 3 }).map((a) => ({ a }))), {
    maxLength: 12,
  });

  it('ascending order is non-decreasing in the smallest value, and stable', () => {
    fc.assert(
      fc.property(docs, (list) => {
        const tagged = list.map((d, n) => ({ ...d, n }));
        const sorted = [...tagged].sort(compileSort({ a: 1 })!);
        const cmp = compileSort({ a: 1 })!;
        for (let k = 1; k < sorted.length; k++) {
          const c = cmp(sorted[k - 1]!, sorted[k]!);
          expect(c).toBeLessThanOrEqual(0);
          if (c === 0) expect(sorted[k - 1]!.n).toBeLessThan(sorted[k]!.n);
        }
      }),
    );
  });

  it('the comparator is antisymmetric and descending negates ascending on scalars', () => {
    fc.assert(
      fc.property(scalar, scalar, (x, y) => {
        const asc = compileSort({ a: 1 })!;
        const desc = compileSort({ a: -1 })!;
        const a = { a: x };
        const b = { a: y };
        // `+ 0` folds -0 into 0.
        expect(Math.sign(asc(a, b)) + 0).toBe(-Math.sign(asc(b, a)) + 0);
        expect(Math.sign(desc(a, b)) + 0).toBe(-Math.sign(asc(a, b)) + 0);
        expect(Math.sign(asc(a, b))).toBe(Math.sign(compareValues(x, y)));
      }),
    );
  });
});
