import { describe, it } from 'vitest';
import { d, ev, expectBson, expectCode, i } from '../support.js';
import type { Case } from '../support.js';

describe('boolean operators', () => {
  const cases: Case[] = [
    ['$and all true', { $and: [true, i(1), 'x'] }, {}, true],
    ['$and with zero', { $and: [true, i(0)] }, {}, false],
    ['$and with null', { $and: [true, null] }, {}, false],
    ['$and with missing', { $and: [true, '$nope'] }, {}, false],
    ['$and empty', { $and: [] }, {}, true],
    ['$and single operand', { $and: '$a' }, { a: i(2) }, true],
    ['$or one true', { $or: [false, d(0.1)] }, {}, true],
    ['$or none true', { $or: [false, null, i(0)] }, {}, false],
    ['$or empty', { $or: [] }, {}, false],
    ['$not true', { $not: [true] }, {}, false],
    ['$not zero', { $not: [i(0)] }, {}, true],
    ['$not non-array form', { $not: '$nope' }, {}, true],
    ['$and short-circuits', { $and: [false, { $divide: [i(1), i(0)] }] }, {}, false],
    ['$or short-circuits', { $or: [true, { $divide: [i(1), i(0)] }] }, {}, true],
  ];
  for (const [name, expr, doc, expected] of cases) it(name, () => expectBson(ev(expr, doc), expected));
  it('$not arity', () => expectCode(() => ev({ $not: [true, false] }), 16020));
});
