import { describe, expect, it } from 'vitest';
import { Int32 } from 'bson';
import { compileFilter } from '../../src/query/index.js';
import { compileCollation } from '../../src/values/index.js';
import type { Document } from '../../src/values/index.js';
import { formatValue } from '../../src/query/format.js';

const i = (n: number) => new Int32(n);
const CI = { locale: 'en', strength: 2 };

// [filter, document, matches with no collation, matches with strength 2]
const rows: [Document, Document, boolean, boolean][] = [
  [{ x: 'PING' }, { x: 'ping' }, false, true],
  [{ x: { $eq: 'PING' } }, { x: 'ping' }, false, true],
  [{ x: 'PING' }, { x: ['pong', 'ping'] }, false, true],
  [{ x: { $ne: 'PING' } }, { x: 'ping' }, true, false],
  [{ x: { $in: ['PING', 'PONG'] } }, { x: 'pong' }, false, true],
  [{ x: { $in: ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'PING'] } }, { x: 'ping' }, false, true],
  [{ x: { $in: [i(1), { y: 'A' }] } }, { x: { y: 'a' } }, false, true],
  [{ x: { $nin: ['PING'] } }, { x: 'ping' }, true, false],
  [{ x: { $in: [null] } }, {}, true, true],
  [{ x: { $gt: 'a' } }, { x: 'B' }, false, true],
  [{ x: { $lt: 'b' } }, { x: 'A' }, true, true],
  [{ x: { $lte: 'A' } }, { x: 'a' }, false, true],
  [{ x: { $gte: 'b' } }, { x: 'B' }, false, true],
  [{ x: { $gt: 'a' } }, { x: i(5) }, false, false],
  [{ x: { y: 'A' } }, { x: { y: 'a' } }, false, true],
  [{ x: ['A', 'B'] }, { x: ['a', 'b'] }, false, true],
  [{ x: { $all: ['A', 'B'] } }, { x: ['b', 'a'] }, false, true],
  [{ x: { $elemMatch: { y: 'A' } } }, { x: [{ y: 'a' }] }, false, true],
  [{ x: { $elemMatch: { $eq: 'A' } } }, { x: ['a'] }, false, true],
  [{ $or: [{ x: 'A' }, { x: 'Z' }] }, { x: 'a' }, false, true],
  [{ $nor: [{ x: 'A' }] }, { x: 'a' }, true, false],
  [{ x: { $not: { $eq: 'A' } } }, { x: 'a' }, true, false],
  [{ x: /^a$/ }, { x: 'A' }, false, false], // regexes ignore collations
  [{ x: 5 }, { x: i(5) }, true, true],
  [{ $expr: { $eq: ['$x', 'PING'] } }, { x: 'ping' }, false, true],
  [{ $or: [{ $expr: { $lt: ['$x', 'b'] } }] }, { x: 'B' }, true, false],
  [{ $expr: { $in: ['$x', ['A']] } }, { x: 'a' }, false, true],
];

describe('compileFilter with a collation', () => {
  rows.forEach(([filter, doc, binary, collated], k) => {
    it(`#${k} ${formatValue(filter)} on ${formatValue(doc)}`, () => {
      expect(compileFilter(filter).test(doc)).toBe(binary);
      expect(compileFilter(filter, { collation: CI }).test(doc)).toBe(collated);
      expect(compileFilter(filter, { collation: compileCollation(CI) }).match(doc).matched).toBe(collated);
      expect(compileFilter(filter, { collation: { locale: 'simple' } }).test(doc)).toBe(binary);
    });
  });
  it('exposes its collator', () => {
    expect(compileFilter({}, { collation: CI }).collator?.spec.strength).toBe(2);
    expect(compileFilter({}).collator).toBeUndefined();
  });
  it('numericOrdering compares digit runs as numbers', () => {
    const f = compileFilter({ v: { $gt: '9' } }, { collation: { locale: 'en', numericOrdering: true } });
    expect(f.test({ v: '10' })).toBe(true);
    expect(compileFilter({ v: { $gt: '9' } }).test({ v: '10' })).toBe(false);
  });
  it('rejects an invalid collation', () => {
    expect(() => compileFilter({}, { collation: { strength: 1 } })).toThrow(/locale/);
  });
});

describe('compileFilter with variables', () => {
  const vars = { lo: i(2), name: 'b' };
  // [filter, document, expected]
  const cases: [Document, Document, boolean][] = [
    [{ $expr: { $gt: ['$a', '$$lo'] } }, { a: i(3) }, true],
    [{ $expr: { $gt: ['$a', '$$lo'] } }, { a: i(1) }, false],
    [{ $and: [{ $expr: { $gt: ['$a', '$$lo'] } }, { b: 'b' }] }, { a: i(3), b: 'b' }, true],
    [{ $or: [{ a: i(9) }, { $expr: { $eq: ['$b', '$$name'] } }] }, { a: i(1), b: 'b' }, true],
    [{ $or: [{ a: i(9) }, { $expr: { $eq: ['$b', '$$name'] } }] }, { a: i(1), b: 'c' }, false],
    [{ $nor: [{ $expr: { $eq: ['$b', '$$name'] } }] }, { b: 'b' }, false],
    [{ $and: [{ $or: [{ $expr: { $lt: ['$$lo', '$a'] } }] }] }, { a: i(5) }, true],
  ];
  cases.forEach(([filter, doc, expected], k) => {
    it(`#${k} ${formatValue(filter)}`, () => {
      const f = compileFilter(filter, { variables: vars });
      expect(f.hasExpr).toBe(true);
      expect(f.test(doc)).toBe(expected);
    });
  });
  it('plain JS variable values are read as BSON', () => {
    expect(compileFilter({ $expr: { $eq: ['$a', '$$n'] } }, { variables: { n: 3 } }).test({ a: i(3) })).toBe(true);
  });
  it('bind swaps variables without parsing again', () => {
    const f = compileFilter({ $or: [{ $expr: { $eq: ['$a', '$$want'] } }] });
    expect(f.bind({ want: i(1) }).test({ a: i(1) })).toBe(true);
    expect(f.bind({ want: i(2) }).test({ a: i(1) })).toBe(false);
  });
  it('$$NOW is the given instant', () => {
    const now = new Date('2024-01-01T00:00:00Z');
    const f = compileFilter({ $expr: { $eq: ['$t', '$$NOW'] } }, { now });
    expect(f.test({ t: now })).toBe(true);
  });
  it('an undefined variable fails at evaluation', () => {
    expect(() => compileFilter({ $expr: { $eq: ['$a', '$$missing'] } }).test({ a: i(1) })).toThrow(/undefined variable/i);
  });
  it('filters without $expr say so', () => expect(compileFilter({ a: 1 }).hasExpr).toBe(false));
});
