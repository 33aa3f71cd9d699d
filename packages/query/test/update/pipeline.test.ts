import { runUpdateCases, i32 } from './helpers.js';

const now = new Date('2026-05-06T07:08:09Z');

runUpdateCases('pipeline-style updates', [
  { name: '$set computes from fields', doc: { _id: 1, a: i32(2), b: i32(3) }, update: [{ $set: { s: { $add: ['$a', '$b'] } } }], expected: { _id: 1, a: 2, b: 3, s: 5 } },
  { name: '$addFields', doc: { _id: 1 }, update: [{ $addFields: { x: 'y' } }], expected: { _id: 1, x: 'y' } },
  { name: 'stages run in order', doc: { _id: 1, n: i32(1) }, update: [{ $set: { n: { $add: ['$n', 1] } } }, { $set: { m: { $multiply: ['$n', 10] } } }], expected: { _id: 1, n: 2, m: 20 } },
  { name: '$unset removes fields', doc: { _id: 1, a: 1, b: 1 }, update: [{ $unset: 'a' }], expected: { _id: 1, b: 1 } },
  { name: '$unset of _id keeps the original _id', doc: { _id: 1, a: 1, b: 1 }, update: [{ $unset: ['_id', 'a'] }], expected: { _id: 1, b: 1 } },
  { name: '$project keeps listed fields', doc: { _id: 1, a: 1, b: 2 }, update: [{ $project: { b: 1 } }], expected: { _id: 1, b: 2 } },
  { name: '$project excluding _id keeps the original _id first', doc: { _id: 1, a: 1, b: 2 }, update: [{ $project: { _id: 0, b: 1 } }], expected: { _id: 1, b: 2 } },
  { name: '$replaceWith a new document keeps _id', doc: { _id: 1, a: { x: 1 } }, update: [{ $replaceWith: '$a' }], expected: { _id: 1, x: 1 } },
  { name: '$replaceRoot', doc: { _id: 1, a: { x: 1 } }, update: [{ $replaceRoot: { newRoot: { y: '$a.x' } } }], expected: { _id: 1, y: 1 } },
  { name: 'a new _id is refused', doc: { _id: 1 }, update: [{ $replaceWith: { _id: 2 } }], code: 66 },
  { name: '$$NOW is the update clock', doc: { _id: 1 }, update: [{ $set: { at: '$$NOW' } }], ctx: { now }, expected: { _id: 1, at: now } },
  { name: 'an unchanged result is a no-op', doc: { _id: 1, a: 1 }, update: [{ $set: { a: 1 } }], expected: 'unchanged' },
  { name: 'an empty pipeline is a no-op', doc: { _id: 1, a: 1 }, update: [], expected: 'unchanged' },
  { name: '$literal writes $-prefixed strings', doc: { _id: 1 }, update: [{ $set: { p: { $literal: '$x' } } }], expected: { _id: 1, p: '$x' } },
  { name: '$match is not allowed', doc: { _id: 1 }, update: [{ $match: { a: 1 } }], code: 72, message: '$match is not allowed to be used within an update' },
  { name: '$group is not allowed', doc: { _id: 1 }, update: [{ $group: { _id: null } }], code: 72 },
  { name: 'an unknown stage', doc: { _id: 1 }, update: [{ $foo: {} }], code: 40324 },
  { name: 'arrayFilters are not allowed', doc: { _id: 1 }, update: [{ $set: { a: 1 } }], arrayFilters: [{ i: 1 }], code: 9, message: 'arrayFilters may not be specified for pipeline-style updates' },
]);
