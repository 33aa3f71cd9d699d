import fc from 'fast-check';
import { Decimal128, Double, Int32, Long } from 'bson';
import { describe, expect, it } from 'vitest';
import { numericKey, decodeNumber, valueKey, valuesEqual } from '../../src/index.js';

describe('valueKey for numbers', () => {
  it('the integer fast path agrees with the exact decimal key', () => {
    fc.assert(
      fc.property(fc.maxSafeInteger(), (n) => {
        expect(valueKey(new Double(n))).toBe(`n${numericKey(decodeNumber(Long.fromNumber(n))!)}`);
        expect(valueKey(Long.fromNumber(n))).toBe(valueKey(new Double(n)));
      }),
    );
  });

  it('equal numbers of different types share a key; different ones do not', () => {
    fc.assert(
      fc.property(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), (a, b) => {
        const ka = valueKey(new Int32(a));
        expect(ka).toBe(valueKey(Decimal128.fromString(`${a}.000`)));
        expect(ka === valueKey(new Double(b))).toBe(valuesEqual(new Int32(a), new Double(b)));
      }),
    );
  });
});
