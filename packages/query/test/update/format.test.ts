import { describe, expect, it } from 'vitest';
import { Binary, BSONRegExp, MaxKey, MinKey, ObjectId, Timestamp } from 'bson';
import { formatElement, formatIdElement, formatValue } from '../../src/update/format.js';
import { dbl, dec, i32, lng } from './helpers.js';

describe('formatValue (mongod diagnostic notation)', () => {
  const cases: [string, unknown, string][] = [
    ['int32', i32(5), '5'],
    ['double with fraction', dbl(1.5), '1.5'],
    ['integral double', dbl(5), '5.0'],
    ['negative zero', dbl(-0), '-0.0'],
    ['NaN', dbl(NaN), 'nan.0'],
    ['infinity', dbl(Infinity), 'inf.0'],
    ['large double', dbl(1e20), '1e+20'],
    ['tiny double', dbl(1.5e-7), '1.5e-7'],
    ['int64', lng(9007199254740993n), '9007199254740993'],
    ['decimal', dec('1.10'), 'NumberDecimal("1.10")'],
    ['string', 'a"b', '"a\\"b"'],
    ['null', null, 'null'],
    ['bool', true, 'true'],
    ['ObjectId', new ObjectId('0123456789abcdef01234567'), "ObjectId('0123456789abcdef01234567')"],
    ['date', new Date(5), 'new Date(5)'],
    ['timestamp', new Timestamp({ t: 3, i: 4 }), 'Timestamp(3, 4)'],
    ['regex', new BSONRegExp('^a', 'i'), '/^a/i'],
    ['binary', new Binary(Buffer.from([1, 255]), 0), 'BinData(0, 01FF)'],
    ['MinKey', new MinKey(), 'MinKey'],
    ['MaxKey', new MaxKey(), 'MaxKey'],
    ['empty array', [], '[]'],
    ['array', [i32(1), 'x'], '[ 1, "x" ]'],
    ['empty document', {}, '{}'],
    ['document', { a: i32(1), b: { c: [] } }, '{ a: 1, b: { c: [] } }'],
    ['plain JS numbers', [1, 1.5], '[ 1, 1.5 ]'],
  ];
  for (const [name, v, s] of cases) it(name, () => expect(formatValue(v)).toBe(s));

  it('formats elements and ids', () => {
    expect(formatElement('a', 'x')).toBe('a: "x"');
    expect(formatIdElement({ _id: i32(1) })).toBe('_id: 1');
    expect(formatIdElement({})).toBe('no id');
  });
});
