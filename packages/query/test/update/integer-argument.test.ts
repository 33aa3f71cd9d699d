import { describe, expect, it } from 'vitest';
import { parseIntegerArgument } from '../../src/update/integer-argument.js';
import { dbl, dec, expectQueryError, i32, lng } from './helpers.js';

describe('parseIntegerArgument', () => {
  const accepted: [string, unknown, bigint][] = [
    ['int32', i32(-3), -3n],
    ['int64 beyond 2^53', lng(2n ** 60n), 2n ** 60n],
    ['integral double', dbl(4), 4n],
    ['integral decimal', dec('5.00'), 5n],
    ['plain JS integer', 7, 7n],
  ];
  for (const [name, v, n] of accepted) it(`accepts ${name}`, () => expect(parseIntegerArgument('x', v)).toBe(n));

  const refused: [string, unknown, string][] = [
    ['a string', 'a', 'Expected a number in: x: "a"'],
    ['null', null, 'Expected a number in: x: null'],
    ['a fraction', dbl(1.5), 'Expected an integer: x: 1.5'],
    ['a decimal fraction', dec('1.5'), 'Expected an integer: x: NumberDecimal("1.5")'],
    ['NaN', dbl(NaN), 'Expected an integer, but found NaN in: x: nan.0'],
    ['infinity', dbl(Infinity), 'Cannot represent as a 64-bit integer: x: inf.0'],
    ['2^63 as a double', dbl(2 ** 63), 'Cannot represent as a 64-bit integer: x: 9.223372036854776e+18'],
  ];
  for (const [name, v, message] of refused) it(`refuses ${name}`, () => expectQueryError(() => parseIntegerArgument('x', v), 9, message));
});
