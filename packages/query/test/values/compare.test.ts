import { describe, expect, it } from 'vitest';
import { Decimal128, Double, Int32, Long, MaxKey, MinKey, ObjectId, Timestamp } from 'bson';
import { compareValues, valueKey, valuesEqual } from '../../src/index.js';

describe('compareValues: canonical type order', () => {
  const ascending: [string, unknown][] = [
    ['MinKey', new MinKey()],
    ['null', null],
    ['number', new Int32(-5)],
    ['string', 'a'],
    ['object', { a: 1 }],
    ['array', [1]],
    ['objectId', new ObjectId('000000000000000000000001')],
    ['bool', false],
    ['date', new Date(0)],
    ['timestamp', new Timestamp({ t: 1, i: 1 })],
    ['MaxKey', new MaxKey()],
  ];
  for (let i = 0; i + 1 < ascending.length; i++) {
    const [na, a] = ascending[i]!;
    const [nb, b] = ascending[i + 1]!;
    it(`${na} < ${nb}`, () => {
      expect(compareValues(a, b)).toBeLessThan(0);
      expect(compareValues(b, a)).toBeGreaterThan(0);
    });
  }
});

describe('compareValues: numbers across types', () => {
  const equal: [string, unknown, unknown][] = [
    ['int32 1 = double 1.0', new Int32(1), new Double(1)],
    ['int32 5 = long 5', new Int32(5), Long.fromNumber(5)],
    ['long 5 = decimal 5.0', Long.fromNumber(5), Decimal128.fromString('5.0')],
    ['double 0.5 = decimal 0.5', new Double(0.5), Decimal128.fromString('0.5')],
    ['NaN = NaN', new Double(NaN), new Double(NaN)],
  ];
  for (const [name, a, b] of equal) it(name, () => expect(compareValues(a, b)).toBe(0));
  const less: [string, unknown, unknown][] = [
    ['long 2^53+1 > double 2^53', Long.fromString('9007199254740992'), Long.fromString('9007199254740993')],
    ['double 2^53 < long 2^53+1', new Double(2 ** 53), Long.fromString('9007199254740993')],
    ['NaN < -Infinity', new Double(NaN), new Double(-Infinity)],
    ['decimal 0.1 < double 0.1 (binary 0.1 is slightly larger)', Decimal128.fromString('0.1'), new Double(0.1)],
    ['int -1 < decimal 0', new Int32(-1), Decimal128.fromString('0')],
  ];
  for (const [name, a, b] of less) it(name, () => expect(compareValues(a, b)).toBeLessThan(0));
});

describe('valuesEqual and valueKey agree', () => {
  const cases: [unknown, unknown, boolean][] = [
    [{ a: 1, b: 2 }, { b: 2, a: 1 }, false],
    [{ a: new Int32(1) }, { a: new Double(1) }, true],
    [[1, 2], [1, 2], true],
    [null, undefined, false],
    ['a', 'b', false],
    [new ObjectId('0123456789abcdef01234567'), new ObjectId('0123456789abcdef01234567'), true],
  ];
  for (const [a, b, eq] of cases) {
    it(`${JSON.stringify(a)} vs ${JSON.stringify(b)} → ${eq}`, () => {
      expect(valuesEqual(a, b)).toBe(eq);
      expect(valueKey(a) === valueKey(b)).toBe(eq);
    });
  }
});
