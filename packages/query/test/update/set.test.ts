import { describe, expect, it } from 'vitest';
import { DBRef, Long, ObjectId } from 'bson';
import { compileUpdate, normalizeValue } from '../../src/index.js';
import type { Document } from '../../src/index.js';
import { dbl, dec, ej, i32, lng, runUpdateCases } from './helpers.js';

const oid = new ObjectId('0123456789abcdef01234567');

runUpdateCases('$set: values and dotted paths', [
  { name: 'appends a new top-level field', doc: { _id: 1, a: 1 }, update: { $set: { b: 2 } }, expected: { _id: 1, a: 1, b: 2 } },
  { name: 'keeps the position of an existing field', doc: { _id: 1, a: 1, b: 2 }, update: { $set: { a: 5 } }, expected: { _id: 1, a: 5, b: 2 } },
  {
    name: 'appends several new fields in lexicographic order',
    doc: { _id: 1 },
    update: { $set: { z: 1, a: 1, m: 1 } },
    expected: { _id: 1, a: 1, m: 1, z: 1 },
  },
  {
    name: 'orders by bytes: upper case before lower case',
    doc: { _id: 1 },
    update: { $set: { b: 1, B: 1, a: 1 } },
    expected: { _id: 1, B: 1, a: 1, b: 1 },
  },
  { name: 'creates intermediate documents', doc: { _id: 1 }, update: { $set: { 'a.b.c': 1 } }, expected: { _id: 1, a: { b: { c: 1 } } } },
  { name: 'adds a field to an existing subdocument', doc: { _id: 1, a: { x: 1 } }, update: { $set: { 'a.b': 2 } }, expected: { _id: 1, a: { x: 1, b: 2 } } },
  {
    name: 'creates sibling paths under one new document in order',
    doc: { _id: 1 },
    update: { $set: { 'a.c': 2, 'a.b': 1 } },
    expected: { _id: 1, a: { b: 1, c: 2 } },
  },
  { name: 'replaces a whole subdocument', doc: { _id: 1, a: { x: 1, y: 2 } }, update: { $set: { a: { z: 3 } } }, expected: { _id: 1, a: { z: 3 } } },
  { name: 'replaces a scalar by a document', doc: { _id: 1, a: 5 }, update: { $set: { a: { b: 1 } } }, expected: { _id: 1, a: { b: 1 } } },
  {
    name: 'cannot create a field inside a number',
    doc: { _id: 1, a: 5 },
    update: { $set: { 'a.b': 1 } },
    code: 28,
    message: "Cannot create field 'b' in element {a: 5}",
  },
  {
    name: 'cannot create a field inside null',
    doc: { _id: 1, a: null },
    update: { $set: { 'a.b': 1 } },
    code: 28,
    message: "Cannot create field 'b' in element {a: null}",
  },
  {
    name: 'cannot create a field inside a string, deep',
    doc: { _id: 1, a: { b: 'x' } },
    update: { $set: { 'a.b.c.d': 1 } },
    code: 28,
    message: 'Cannot create field \'c\' in element {b: "x"}',
  },
  { name: 'sets an array element by index', doc: { _id: 1, a: [1, 2, 3] }, update: { $set: { 'a.1': 9 } }, expected: { _id: 1, a: [1, 9, 3] } },
  {
    name: 'pads with nulls when setting beyond the end',
    doc: { _id: 1, a: [1] },
    update: { $set: { 'a.3': 9 } },
    expected: { _id: 1, a: [1, null, null, 9] },
  },
  { name: 'sets index 0 of an empty array', doc: { _id: 1, a: [] }, update: { $set: { 'a.0': 'x' } }, expected: { _id: 1, a: ['x'] } },
  {
    name: 'adds a field to a document inside an array',
    doc: { _id: 1, a: [{ x: 1 }] },
    update: { $set: { 'a.0.y': 2 } },
    expected: { _id: 1, a: [{ x: 1, y: 2 }] },
  },
  {
    name: 'creates a document element beyond the end',
    doc: { _id: 1, a: [] },
    update: { $set: { 'a.1.b': 1 } },
    expected: { _id: 1, a: [null, { b: 1 }] },
  },
  {
    name: 'accepts a zero-padded index',
    doc: { _id: 1, a: [1, 2] },
    update: { $set: { 'a.01': 7 } },
    expected: { _id: 1, a: [1, 7] },
  },
  {
    name: 'a numeric component on a document is a field name',
    doc: { _id: 1, a: { x: 1 } },
    update: { $set: { 'a.0': 1 } },
    expected: { _id: 1, a: { x: 1, '0': 1 } },
  },
  {
    name: 'cannot use a field name on an array',
    doc: { _id: 1, a: [1, 2] },
    update: { $set: { 'a.x': 1 } },
    code: 28,
    message: "Cannot create field 'x' in element {a: [ 1, 2 ]}",
  },
  {
    name: 'cannot go through a scalar array element',
    doc: { _id: 1, a: [1, 2] },
    update: { $set: { 'a.1.b': 1 } },
    code: 28,
    message: "Cannot create field 'b' in element {1: 2}",
  },
  {
    name: 'refuses to pad more than 1500000 nulls',
    doc: { _id: 1, a: [] },
    update: { $set: { 'a.1500001': 1 } },
    code: 34,
  },
  {
    name: 'sets many types',
    doc: { _id: 1 },
    update: { $set: { d: new Date(5), o: oid, l: Long.fromString('9007199254740993'), m: dec('1.10'), s: 'x', n: null, t: true } },
    expected: { _id: 1, d: new Date(5), l: Long.fromString('9007199254740993'), m: dec('1.10'), n: null, o: oid, s: 'x', t: true },
  },
  {
    name: 'encodes plain JS numbers as the serializer would',
    doc: { _id: 1 },
    update: { $set: { a: 2, b: 1.5, c: 2 ** 40, d: 5n } },
    expected: { _id: 1, a: i32(2), b: dbl(1.5), c: dbl(2 ** 40), d: lng(5) },
  },
  { name: 'undefined operand values are sent as null', doc: { _id: 1 }, update: { $set: { a: undefined } }, expected: { _id: 1, a: null } },
  {
    name: 'sets arrays of documents',
    doc: { _id: 1 },
    update: { $set: { a: [1, { b: [2] }] } },
    expected: { _id: 1, a: [1, { b: [2] }] },
  },
  {
    name: 'allows a $-prefixed name below the top level',
    doc: { _id: 1 },
    update: { $set: { 'a.$x': 1 } },
    expected: { _id: 1, a: { $x: 1 } },
  },
  {
    name: 'refuses a $-prefixed top-level field',
    doc: { _id: 1 },
    update: { $set: { $x: 1 } },
    code: 52,
    message: /The dollar \(\$\) prefixed field '\$x' in '\$x'/,
  },
  {
    name: 'reads a DBRef as a document when writing inside it',
    doc: { _id: 1, r: new DBRef('c', i32(1) as never) },
    update: { $set: { 'r.extra': 1 } },
    expected: { _id: 1, r: { $ref: 'c', $id: 1, extra: 1 } },
  },
]);

runUpdateCases('$set: no-ops and modifications', [
  { name: 'setting an identical value is a no-op', doc: { _id: 1, a: 1 }, update: { $set: { a: 1 } }, expected: 'unchanged' },
  { name: 'setting an identical subdocument is a no-op', doc: { _id: 1, a: { b: [1, 'x'] } }, update: { $set: { a: { b: [1, 'x'] } } }, expected: 'unchanged' },
  { name: 'an empty $set is a no-op', doc: { _id: 1, a: 1 }, update: { $set: {} }, expected: 'unchanged' },
  {
    name: 'int32 1 → double 1.0 changes the type',
    doc: { _id: 1, a: i32(1) },
    update: { $set: { a: dbl(1) } },
    expected: { _id: 1, a: dbl(1) },
  },
  { name: 'long 1 → int32 1 changes the type', doc: { _id: 1, a: lng(1) }, update: { $set: { a: i32(1) } }, expected: { _id: 1, a: i32(1) } },
  {
    name: 'a subdocument with another field order is a modification',
    doc: { _id: 1, a: { x: 1, y: 2 } },
    update: { $set: { a: { y: 2, x: 1 } } },
    expected: { _id: 1, a: { y: 2, x: 1 } },
  },
  { name: 'double 0.0 → -0.0 is a modification', doc: { _id: 1, a: dbl(0) }, update: { $set: { a: dbl(-0) } }, expected: { _id: 1, a: dbl(-0) } },
  { name: 'setting _id to its own value is allowed', doc: { _id: 1, a: 1 }, update: { $set: { _id: 1 } }, expected: 'unchanged' },
  {
    name: 'setting _id to another value fails',
    doc: { _id: 1 },
    update: { $set: { _id: 2 } },
    code: 66,
    message: "Performing an update on the path '_id' would modify the immutable field '_id'",
  },
  {
    name: 'setting _id to an equal value of another type fails',
    doc: { _id: 1 },
    update: { $set: { _id: dbl(1) } },
    code: 66,
  },
  { name: 'changing a field inside _id fails', doc: { _id: { a: 1 } }, update: { $set: { '_id.a': 2 } }, code: 66 },
  {
    name: 'adding a field inside _id fails',
    doc: { _id: { a: 1 } },
    update: { $set: { '_id.b': 2 } },
    code: 66,
    message: "Updating the path '_id' to _id: { a: 1 } would modify the immutable field '_id'",
  },
]);

runUpdateCases('$set: positional $', [
  { name: 'sets the matched element', doc: { _id: 1, a: [1, 2, 3] }, update: { $set: { 'a.$': 9 } }, ctx: { position: 1 }, expected: { _id: 1, a: [1, 9, 3] } },
  {
    name: 'sets a field of the matched document',
    doc: { _id: 1, a: [{ b: 1 }, { b: 2 }] },
    update: { $set: { 'a.$.b': 5 } },
    ctx: { position: 1 },
    expected: { _id: 1, a: [{ b: 1 }, { b: 5 }] },
  },
  {
    name: 'adds a field to the matched document',
    doc: { _id: 1, a: [{ b: 1 }, { b: 2 }] },
    update: { $set: { 'a.$.c': 5 } },
    ctx: { position: 0 },
    expected: { _id: 1, a: [{ b: 1, c: 5 }, { b: 2 }] },
  },
  {
    name: 'fails without a matched position',
    doc: { _id: 1, a: [1] },
    update: { $set: { 'a.$': 9 } },
    code: 2,
    message: 'The positional operator did not find the match needed from the query.',
  },
  {
    name: 'refuses $ in the first position',
    doc: { _id: 1 },
    update: { $set: { '$.a': 1 } },
    code: 2,
    message: "Cannot have positional (i.e. '$') element in the first position in path '$.a'",
  },
  {
    name: 'refuses two $ in one path',
    doc: { _id: 1 },
    update: { $set: { 'a.$.b.$': 1 } },
    code: 2,
    message: "Too many positional (i.e. '$') elements found in path 'a.$.b.$'",
  },
  {
    name: '$ and the same index named explicitly conflict',
    doc: { _id: 1, a: [0, 0] },
    update: { $set: { 'a.$': 1, 'a.0': 2 } },
    ctx: { position: 0 },
    code: 40,
    message: "Update created a conflict at 'a.0'",
  },
  {
    name: '$ and another index do not conflict',
    doc: { _id: 1, a: [0, 0] },
    update: { $set: { 'a.$': 1, 'a.0': 2 } },
    ctx: { position: 1 },
    expected: { _id: 1, a: [2, 1] },
  },
  {
    name: '$ subtrees merge with named subtrees on the same element',
    doc: { _id: 1, a: [{ x: 0 }] },
    update: { $set: { 'a.$.y': 1, 'a.0.z': 2 } },
    ctx: { position: 0 },
    expected: { _id: 1, a: [{ x: 0, y: 1, z: 2 }] },
  },
  {
    name: 'merged $ subtrees still conflict on one leaf',
    doc: { _id: 1, a: [{ x: 0 }] },
    update: { $set: { 'a.$.x': 1, 'a.0.x': 2 } },
    ctx: { position: 0 },
    code: 40,
    message: "Update created a conflict at 'a.0.x'",
  },
  {
    name: '$ beyond the end pads the array',
    doc: { _id: 1, a: [] },
    update: { $set: { 'a.$': 1 } },
    ctx: { position: 2 },
    expected: { _id: 1, a: [null, null, 1] },
  },
]);

runUpdateCases('$setOnInsert', [
  { name: 'is ignored when updating', doc: { _id: 1 }, update: { $setOnInsert: { a: 1 } }, expected: 'unchanged' },
  {
    name: 'is ignored when updating while $set applies',
    doc: { _id: 1 },
    update: { $set: { b: 1 }, $setOnInsert: { a: 1 } },
    expected: { _id: 1, b: 1 },
  },
  { name: 'applies when inserting', doc: { _id: 1 }, update: { $setOnInsert: { a: 1 } }, ctx: { isInsert: true }, expected: { _id: 1, a: 1 } },
  {
    name: 'creates dotted paths when inserting',
    doc: {},
    update: { $setOnInsert: { 'a.b': 1 } },
    ctx: { isInsert: true },
    expected: { a: { b: 1 } },
  },
  {
    name: 'conflicts with $set on the same path',
    doc: { _id: 1 },
    update: { $set: { a: 1 }, $setOnInsert: { a: 2 } },
    code: 40,
    message: "Updating the path 'a' would create a conflict at 'a'",
  },
  {
    name: 'a positional path still needs a match when updating',
    doc: { _id: 1, a: [1] },
    update: { $setOnInsert: { 'a.$': 1 } },
    code: 2,
  },
]);

describe('$set: sharing and immutability of inputs', () => {
  it('shares untouched subtrees with the input', () => {
    const doc = normalizeValue({ _id: 1, a: { x: 1 }, b: { y: [1, 2] } }) as Document;
    const out = compileUpdate({ $set: { 'a.x': 2 } }).apply(doc, { isInsert: false });
    expect(out.b).toBe(doc.b);
    expect(out.a).not.toBe(doc.a);
    expect(ej(doc)).toBe(ej(normalizeValue({ _id: 1, a: { x: 1 }, b: { y: [1, 2] } })));
  });

  it('does not store a reference to the caller’s operand', () => {
    const value = { b: [1] };
    const update = compileUpdate({ $set: { a: value } });
    value.b.push(2);
    const out = update.apply({ _id: i32(1) }, { isInsert: false });
    expect(ej(out)).toBe(ej(normalizeValue({ _id: 1, a: { b: [1] } })));
  });

  it('one compiled update applies to many documents independently', () => {
    const update = compileUpdate({ $set: { 'a.b': 1 } });
    const d1 = normalizeValue({ _id: 1, a: { c: 1 } }) as Document;
    const d2 = normalizeValue({ _id: 2 }) as Document;
    expect(ej(update.apply(d1, { isInsert: false }))).toBe(ej(normalizeValue({ _id: 1, a: { c: 1, b: 1 } })));
    expect(ej(update.apply(d2, { isInsert: false }))).toBe(ej(normalizeValue({ _id: 2, a: { b: 1 } })));
    expect(ej(d1)).toBe(ej(normalizeValue({ _id: 1, a: { c: 1 } })));
  });
});
