import { describe, it } from 'vitest';
import { d, dec, ev, expectBson, i, l } from '../support.js';
import type { Case } from '../support.js';

describe('accumulator-style expressions', () => {
  const cases: Case[] = [
    ['$sum of an array', { $sum: '$a' }, { a: [i(1), i(2), i(3)] }, i(6)],
    ['$sum ignores non-numbers', { $sum: '$a' }, { a: [i(1), 'x', null, i(2)] }, i(3)],
    ['$sum of operands', { $sum: [i(1), d(1.5)] }, {}, d(2.5)],
    ['$sum of a scalar', { $sum: '$n' }, { n: l(5) }, l(5)],
    ['$sum of a string is 0', { $sum: 'x' }, {}, i(0)],
    ['$sum of missing is 0', { $sum: '$nope' }, {}, i(0)],
    ['$sum overflow to long', { $sum: [[i(2147483647), i(1)]] }, {}, l(2147483648)],
    ['$sum decimal', { $sum: [[i(1), dec('0.5')]] }, {}, dec('1.5')],
    ['$avg', { $avg: [[i(1), i(2)]] }, {}, d(1.5)],
    ['$avg of operands', { $avg: [i(1), i(2), i(3)] }, {}, d(2)],
    ['$avg none is null', { $avg: [['x']] }, {}, null],
    ['$avg decimal', { $avg: [[dec('1'), dec('2')]] }, {}, dec('1.5')],
    ['$max of array', { $max: '$a' }, { a: [i(1), i(5), i(3)] }, i(5)],
    ['$max mixed types', { $max: [[i(1), 'a']] }, {}, 'a'],
    ['$max ignores null', { $max: [null, i(1)] }, {}, i(1)],
    ['$max all null', { $max: [null, '$x'] }, {}, null],
    ['$min of operands', { $min: [i(3), d(2.5)] }, {}, d(2.5)],
    ['$min empty array', { $min: [[]] }, {}, null],
    ['$stdDevPop', { $stdDevPop: [[i(1), i(2), i(3), i(4)]] }, {}, d(Math.sqrt(1.25))],
    ['$stdDevSamp', { $stdDevSamp: [[i(1), i(2), i(3), i(4)]] }, {}, d(Math.sqrt(5 / 3))],
    ['$stdDevSamp single value', { $stdDevSamp: [[i(1)]] }, {}, null],
    ['$stdDevPop no numbers', { $stdDevPop: [['a']] }, {}, null],
  ];
  for (const [name, expr, doc, expected] of cases) it(name, () => expectBson(ev(expr, doc), expected));
});
