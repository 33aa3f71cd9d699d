import { describe, expect, it } from 'vitest';
import { Timestamp } from 'bson';
import { buildUpsertDocument, compileUpdate, normalizeValue } from '../../src/index.js';
import type { Document } from '../../src/index.js';
import { dbl, ej, expectOnlyWrappers, expectQueryError, i32 } from './helpers.js';

interface UpsertCase {
  name: string;
  filter: Document;
  update: Document | Document[];
  expected?: Document;
  code?: number;
  message?: string | RegExp;
}

const now = new Date('2026-07-08T09:10:11Z');

const cases: UpsertCase[] = [
  { name: 'seeds equality fields then applies $set', filter: { a: 1 }, update: { $set: { b: 2 } }, expected: { a: 1, b: 2 } },
  { name: 'seeds _id first', filter: { a: 1, _id: 5 }, update: { $set: { b: 2 } }, expected: { _id: 5, a: 1, b: 2 } },
  { name: 'dotted equalities create documents', filter: { 'b.c': 2, a: 1 }, update: { $set: { z: 1 } }, expected: { b: { c: 2 }, a: 1, z: 1 } },
  { name: 'equalities inside $and', filter: { a: 1, $and: [{ d: 3 }, { $and: [{ e: 4 }] }] }, update: { $set: { z: 1 } }, expected: { a: 1, d: 3, e: 4, z: 1 } },
  { name: '$eq counts as equality', filter: { a: { $eq: 1 } }, update: { $set: { z: 1 } }, expected: { a: 1, z: 1 } },
  { name: 'ranges, $in and $or are not seeded', filter: { a: { $gt: 1 }, b: { $in: [1, 2] }, $or: [{ c: 1 }, { d: 1 }] }, update: { $set: { z: 1 } }, expected: { z: 1 } },
  { name: 'document equality seeds the whole document', filter: { a: { x: 1, y: 2 } }, update: { $set: { z: 1 } }, expected: { a: { x: 1, y: 2 }, z: 1 } },
  { name: '$setOnInsert applies', filter: { _id: 1 }, update: { $setOnInsert: { a: 1 }, $set: { b: 1 } }, expected: { _id: 1, a: 1, b: 1 } },
  { name: '$set overrides a seeded field', filter: { a: 1 }, update: { $set: { a: 2 } }, expected: { a: 2 } },
  { name: '$inc on a seeded number', filter: { n: i32(5) }, update: { $inc: { n: i32(1) } }, expected: { n: 6 } },
  { name: '$inc creates a field', filter: { _id: 1, a: { $gt: 2 } }, update: { $inc: { b: 1 } }, expected: { _id: 1, b: 1 } },
  { name: '$push onto nothing', filter: { _id: 1 }, update: { $push: { l: 1 } }, expected: { _id: 1, l: [1] } },
  { name: 'an empty filter seeds nothing', filter: {}, update: { $set: { a: 1 } }, expected: { a: 1 } },
  { name: '$set of _id without one in the filter', filter: { a: 1 }, update: { $set: { _id: 7 } }, expected: { _id: 7, a: 1 } },
  { name: '$setOnInsert of _id goes first', filter: { a: 1 }, update: { $setOnInsert: { _id: 'k' } }, expected: { _id: 'k', a: 1 } },
  { name: '$set of the filter’s own _id value', filter: { _id: 1 }, update: { $set: { _id: 1, a: 1 } }, expected: { _id: 1, a: 1 } },
  {
    name: '$set of another _id than the filter’s fails',
    filter: { _id: 1 },
    update: { $set: { _id: 2 } },
    code: 66,
    message: "Performing an update on the path '_id' would modify the immutable field '_id'",
  },
  {
    name: 'the positional operator has no match when inserting',
    filter: { a: 1 },
    update: { $set: { 'a.$': 1 } },
    code: 2,
    message: 'The positional operator did not find the match needed from the query.',
  },
  { name: 'array filters need an existing array', filter: { _id: 1 }, update: { $set: { 'a.$[]': 1 } }, code: 2 },
  { name: 'array filters over a seeded array', filter: { a: [1, 2] }, update: { $inc: { 'a.$[]': 10 } }, expected: { a: [11, 12] } },
  { name: 'a seeded scalar cannot hold fields', filter: { a: 1 }, update: { $set: { 'a.b': 1 } }, code: 28 },
  {
    name: 'conflicting equalities',
    filter: { a: 1, 'a.b': 2 },
    update: { $set: { z: 1 } },
    code: 54,
    message: "cannot infer query fields to set, both paths 'a.b' and 'a' are matched",
  },
  { name: 'the same path twice', filter: { a: 1, $and: [{ a: 2 }] }, update: { $set: { z: 1 } }, code: 54, message: "cannot infer query fields to set, path 'a' is matched twice" },
  { name: 'an _id array cannot be inserted', filter: { _id: [1] }, update: { $set: { a: 1 } }, code: 53, message: "The '_id' value cannot be of type array" },
  { name: 'plain JS numbers in the filter are normalized', filter: { a: 1, b: 2.5 }, update: { $set: { c: 1 } }, expected: { a: i32(1), b: dbl(2.5), c: 1 } },
  { name: 'replacement keeps only the filter’s _id', filter: { _id: 1, a: 2, b: 3 }, update: { b: 4 }, expected: { _id: 1, b: 4 } },
  { name: 'replacement with _id from $and', filter: { $and: [{ _id: 1 }] }, update: { a: 2 }, expected: { _id: 1, a: 2 } },
  { name: 'replacement without _id in the filter', filter: { a: 1 }, update: { b: 2 }, expected: { b: 2 } },
  { name: 'replacement with its own _id', filter: { a: 1 }, update: { b: 2, _id: 9 }, expected: { _id: 9, b: 2 } },
  { name: 'replacement with the filter’s _id', filter: { _id: 9 }, update: { b: 2, _id: 9 }, expected: { _id: 9, b: 2 } },
  { name: 'replacement with another _id than the filter’s', filter: { _id: 1 }, update: { _id: 2 }, code: 66 },
  { name: 'replacement with a sub-path of _id in the filter', filter: { '_id.x': 1 }, update: { a: 1 }, code: 111 },
  { name: 'empty replacement', filter: { a: 1 }, update: {}, expected: {} },
  { name: 'pipeline over the seed', filter: { a: i32(2) }, update: [{ $set: { b: { $multiply: ['$a', 3] } } }], expected: { a: 2, b: 6 } },
  { name: 'pipeline output keeps the seeded _id', filter: { _id: 4 }, update: [{ $replaceWith: { x: 1 } }], expected: { _id: 4, x: 1 } },
  { name: '$currentDate uses the given clock', filter: { _id: 1 }, update: { $currentDate: { at: true } }, expected: { _id: 1, at: now } },
  {
    name: 'empty timestamps in a replacement are filled',
    filter: { _id: 1 },
    update: { ts: new Timestamp({ t: 0, i: 0 }) },
    expected: { _id: 1, ts: new Timestamp({ t: Math.floor(now.getTime() / 1000), i: 1 }) },
  },
];

describe('buildUpsertDocument', () => {
  for (const c of cases) {
    it(c.name, () => {
      const filter = c.filter;
      const before = ej(filter);
      const run = () => buildUpsertDocument(filter, compileUpdate(c.update), now);
      if (c.code !== undefined) {
        expectQueryError(run, c.code, c.message);
      } else {
        const out = run();
        expect(ej(out)).toBe(ej(normalizeValue(c.expected)));
        expectOnlyWrappers(out);
      }
      expect(ej(filter)).toBe(before);
    });
  }

  it('does not generate an _id', () => {
    const out = buildUpsertDocument({ a: 1 }, compileUpdate({ $set: { b: 1 } }));
    expect(Object.keys(out)).toEqual(['a', 'b']);
  });

  it('defaults the clock to now', () => {
    const t0 = Date.now();
    const out = buildUpsertDocument({}, compileUpdate({ $currentDate: { d: true } }));
    expect((out.d as Date).getTime()).toBeGreaterThanOrEqual(t0);
  });

  it('does not share mutable structure with the filter', () => {
    const filter = { a: { b: [1] } };
    const out = buildUpsertDocument(filter, compileUpdate({ $push: { 'a.b': 2 } }));
    expect(ej(out)).toBe(ej(normalizeValue({ a: { b: [1, 2] } })));
    expect(filter.a.b).toEqual([1]);
  });
});
