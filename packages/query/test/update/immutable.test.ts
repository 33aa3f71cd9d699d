import { describe, expect, it } from 'vitest';
import { ObjectId } from 'bson';
import { assertIdUnchanged } from '../../src/index.js';
import type { Document } from '../../src/index.js';
import { dbl, expectQueryError, i32, lng } from './helpers.js';

const oid = new ObjectId('0123456789abcdef01234567');

describe('assertIdUnchanged', () => {
  const accepted: [string, Document, Document][] = [
    ['same int', { _id: i32(1) }, { _id: i32(1), a: 1 }],
    ['int 1 and double 1.0', { _id: i32(1) }, { _id: dbl(1) }],
    ['int and long', { _id: i32(7) }, { _id: lng(7) }],
    ['same ObjectId, another instance', { _id: oid }, { _id: new ObjectId(oid.toHexString()) }],
    ['same embedded document', { _id: { a: 1, b: 2 } }, { _id: { a: 1, b: 2 } }],
    ['no _id before', { a: 1 }, { _id: 5 }],
    ['no _id before or after', { a: 1 }, { b: 1 }],
  ];
  for (const [name, before, after] of accepted) it(`accepts: ${name}`, () => expect(() => assertIdUnchanged(before, after)).not.toThrow());

  const refused: [string, Document, Document, string | RegExp][] = [
    ['another number', { _id: i32(1) }, { _id: i32(2) }, "After applying the update, the (immutable) field '_id' was found to have been altered to _id: 2"],
    ['another type', { _id: i32(1) }, { _id: '1' }, 'After applying the update, the (immutable) field \'_id\' was found to have been altered to _id: "1"'],
    ['another field order', { _id: { a: 1, b: 2 } }, { _id: { b: 2, a: 1 } }, /altered to _id: \{ b: 2, a: 1 \}/],
    ['removed', { _id: i32(1), a: 1 }, { a: 1 }, /the '_id' \(required and immutable\) field was found to have been removed/],
    ['null instead of a value', { _id: i32(1) }, { _id: null }, /altered to _id: null/],
  ];
  for (const [name, before, after, message] of refused) {
    it(`refuses: ${name}`, () => expectQueryError(() => assertIdUnchanged(before, after), 66, message));
  }
});
