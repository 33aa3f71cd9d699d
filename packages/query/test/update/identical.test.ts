import { describe, expect, it } from 'vitest';
import { Binary, BSONRegExp, ObjectId, Timestamp } from 'bson';
import { identicalValues } from '../../src/update/identical.js';
import { dbl, dec, i32, lng } from './helpers.js';

describe('identicalValues (same type and bytes)', () => {
  const cases: [string, unknown, unknown, boolean][] = [
    ['int32 = int32', i32(1), i32(1), true],
    ['int32 ≠ double', i32(1), dbl(1), false],
    ['int32 ≠ int64', i32(1), lng(1), false],
    ['plain 1 = int32 1', 1, i32(1), true],
    ['plain 1.5 = double 1.5', 1.5, dbl(1.5), true],
    ['0.0 ≠ -0.0', dbl(0), dbl(-0), false],
    ['NaN = NaN', dbl(NaN), dbl(NaN), true],
    ['decimal 1.0 ≠ decimal 1.00', dec('1.0'), dec('1.00'), false],
    ['decimal = decimal', dec('2.5'), dec('2.5'), true],
    ['strings', 'a', 'a', true],
    ['different strings', 'a', 'b', false],
    ['null = null', null, null, true],
    ['null ≠ missing', null, undefined, false],
    ['documents in order', { a: 1, b: 2 }, { a: 1, b: 2 }, true],
    ['documents out of order', { a: 1, b: 2 }, { b: 2, a: 1 }, false],
    ['document with an extra field', { a: 1 }, { a: 1, b: 1 }, false],
    ['arrays', [1, [2]], [1, [2]], true],
    ['arrays of other lengths', [1], [1, 1], false],
    ['dates', new Date(5), new Date(5), true],
    ['other dates', new Date(5), new Date(6), false],
    ['ObjectIds', new ObjectId('0123456789abcdef01234567'), new ObjectId('0123456789abcdef01234567'), true],
    ['timestamps', new Timestamp({ t: 1, i: 2 }), new Timestamp({ t: 1, i: 2 }), true],
    ['other timestamps', new Timestamp({ t: 1, i: 2 }), new Timestamp({ t: 1, i: 3 }), false],
    ['regex flags', new BSONRegExp('a', 'i'), new BSONRegExp('a', ''), false],
    ['JS RegExp and BSONRegExp', /a/i, new BSONRegExp('a', 'i'), true],
    ['binary subtypes', new Binary(Buffer.from([1]), 0), new Binary(Buffer.from([1]), 4), false],
    ['binary bytes', new Binary(Buffer.from([1]), 0), new Binary(Buffer.from([1]), 0), true],
    ['bool', true, true, true],
    ['bool vs int', true, i32(1), false],
  ];
  for (const [name, a, b, expected] of cases) {
    it(name, () => {
      expect(identicalValues(a, b)).toBe(expected);
      expect(identicalValues(b, a)).toBe(expected);
    });
  }
});
