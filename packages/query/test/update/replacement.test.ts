import { Timestamp } from 'bson';
import { dbl, i32, runUpdateCases } from './helpers.js';

const now = new Date('2026-03-04T05:06:07Z');

runUpdateCases('replacement documents', [
  { name: 'replaces every field but _id', doc: { _id: 1, a: 1, b: 2 }, update: { c: 3 }, expected: { _id: 1, c: 3 } },
  { name: 'keeps the replacement’s field order', doc: { _id: 1, a: 1 }, update: { z: 1, a: 2 }, expected: { _id: 1, z: 1, a: 2 } },
  { name: 'the original _id stays first', doc: { a: 1, _id: 1 }, update: { b: 1 }, expected: { _id: 1, b: 1 } },
  { name: 'the same _id in the replacement is accepted where it stands', doc: { _id: 1, a: 1 }, update: { c: 3, _id: 1 }, expected: { c: 3, _id: 1 } },
  { name: 'an equal _id of another type is accepted', doc: { _id: i32(1) }, update: { _id: dbl(1), a: 1 }, expected: { _id: dbl(1), a: 1 } },
  {
    name: 'another _id is refused',
    doc: { _id: 1, a: 1 },
    update: { _id: 2, a: 1 },
    code: 66,
    message: "After applying the update, the (immutable) field '_id' was found to have been altered to _id: 2",
  },
  { name: 'an identical replacement is a no-op', doc: { _id: 1, a: { b: 1 } }, update: { _id: 1, a: { b: 1 } }, expected: 'unchanged' },
  { name: 'an identical replacement without _id is a no-op', doc: { _id: 1, a: 1 }, update: { a: 1 }, expected: 'unchanged' },
  { name: 'the same values of another type are a change', doc: { _id: 1, a: i32(1) }, update: { a: dbl(1) }, expected: { _id: 1, a: dbl(1) } },
  { name: 'an empty replacement keeps only _id', doc: { _id: 1, a: 1 }, update: {}, expected: { _id: 1 } },
  { name: 'nested $-prefixed names are allowed', doc: { _id: 1 }, update: { a: { $x: 1 } }, expected: { _id: 1, a: { $x: 1 } } },
  { name: 'dotted names are stored as they are', doc: { _id: 1 }, update: { 'a.b': 1 }, expected: { _id: 1, 'a.b': 1 } },
  { name: 'plain JS numbers are normalized', doc: { _id: 1 }, update: { a: 1, b: 1.5 }, expected: { _id: 1, a: i32(1), b: dbl(1.5) } },
  { name: 'undefined fields are dropped', doc: { _id: 1, a: 1 }, update: { a: 1, b: undefined }, expected: 'unchanged' },
  {
    name: 'a top-level $-prefixed field is refused',
    doc: { _id: 1 },
    update: { a: 1, $set: { b: 1 } },
    code: 52,
    message: "The dollar ($) prefixed field '$set' in '$set' is not allowed in the context of an update's replacement document. Consider using an aggregation pipeline with $replaceWith.",
  },
  {
    name: 'an empty Timestamp is filled with the current time',
    doc: { _id: 1 },
    update: { t: new Timestamp({ t: 0, i: 0 }), u: new Timestamp({ t: 5, i: 1 }) },
    ctx: { now },
    expected: { _id: 1, t: new Timestamp({ t: Math.floor(now.getTime() / 1000), i: 1 }), u: new Timestamp({ t: 5, i: 1 }) },
  },
  { name: 'an _id array cannot be stored', doc: {}, update: { _id: [1], a: 1 }, code: 53, message: "The '_id' value cannot be of type array" },
  { name: 'arrayFilters are not used by a replacement', doc: { _id: 1 }, update: { a: 1 }, arrayFilters: [{ i: 1 }], code: 9 },
]);
