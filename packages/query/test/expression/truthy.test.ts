import { describe, expect, it } from 'vitest';
import { Decimal128, MinKey, ObjectId } from 'bson';
import { isTruthy } from '../../src/expression/index.js';
import { d, dec, i, l } from './support.js';

describe('isTruthy', () => {
  const cases: [string, unknown, boolean][] = [
    ['false', false, false],
    ['true', true, true],
    ['null', null, false],
    ['missing', undefined, false],
    ['Int32 0', i(0), false],
    ['Int32 1', i(1), true],
    ['Double 0', d(0), false],
    ['Double -0', d(-0), false],
    ['Double NaN', d(NaN), true],
    ['Long 0', l(0), false],
    ['Long 7', l(7), true],
    ['Decimal 0', dec('0'), false],
    ['Decimal 0.00', dec('0.00'), false],
    ['Decimal -0', Decimal128.fromString('-0'), false],
    ['Decimal 0.1', dec('0.1'), true],
    ['Decimal NaN', dec('NaN'), true],
    ['plain 0', 0, false],
    ['plain 2', 2, true],
    ['bigint 0', 0n, false],
    ['empty string', '', true],
    ['empty array', [], true],
    ['empty object', {}, true],
    ['date', new Date(0), true],
    ['ObjectId', new ObjectId(), true],
    ['MinKey', new MinKey(), true],
  ];
  for (const [name, v, expected] of cases) it(name, () => expect(isTruthy(v)).toBe(expected));
});
