import { describe, it } from 'vitest';
import { MaxKey, MinKey, ObjectId } from 'bson';
import { d, dec, ev, expectBson, expectCode, i, l } from '../support.js';
import type { Case } from '../support.js';

describe('comparison operators', () => {
  const cases: Case[] = [
    ['$eq int and double', { $eq: [i(1), d(1)] }, {}, true],
    ['$eq long and decimal', { $eq: [l(5), dec('5.0')] }, {}, true],
    ['$eq strings', { $eq: ['a', 'a'] }, {}, true],
    ['$eq different types', { $eq: [i(1), '1'] }, {}, false],
    ['$eq missing vs null is false', { $eq: ['$nope', null] }, {}, false],
    ['$eq missing vs missing', { $eq: ['$a', '$b'] }, {}, true],
    ['$eq documents by order', { $eq: [{ a: 1, b: 2 }, { $literal: { a: 1, b: 2 } }] }, {}, true],
    ['$eq documents field order matters', { $eq: [{ a: 1, b: 2 }, { b: 2, a: 1 }] }, {}, false],
    ['$eq arrays', { $eq: [[1, 2], [1, 2]] }, {}, true],
    ['$eq array vs element is false', { $eq: ['$a', i(1)] }, { a: [i(1)] }, false],
    ['$ne', { $ne: [i(1), i(2)] }, {}, true],
    ['$ne equal', { $ne: [i(2), d(2)] }, {}, false],
    ['$gt numbers', { $gt: [i(3), d(2.5)] }, {}, true],
    ['$gt string vs number (type order)', { $gt: ['a', i(100)] }, {}, true],
    ['$gt null vs missing', { $gt: [null, '$nope'] }, {}, true],
    ['$gte equal', { $gte: [i(2), l(2)] }, {}, true],
    ['$lt dates', { $lt: [new Date(1), new Date(2)] }, {}, true],
    ['$lt number vs string', { $lt: [i(5), 'a'] }, {}, true],
    ['$lt null vs number', { $lt: [null, i(0)] }, {}, true],
    ['$lte', { $lte: [i(2), i(2)] }, {}, true],
    ['$lt MinKey', { $lt: [new MinKey(), null] }, {}, true],
    ['$gt MaxKey', { $gt: [new MaxKey(), new ObjectId()] }, {}, true],
    ['$gt object vs string', { $gt: [{ $literal: {} }, 'zzz'] }, {}, true],
    ['$gt array vs object', { $gt: [[], { $literal: {} }] }, {}, true],
    ['$gt bool vs ObjectId', { $gt: [false, new ObjectId()] }, {}, true],
    ['$lt NaN below numbers', { $lt: [d(NaN), i(-1000)] }, {}, true],
    ['$cmp less', { $cmp: [i(1), i(2)] }, {}, i(-1)],
    ['$cmp equal', { $cmp: [i(2), d(2)] }, {}, i(0)],
    ['$cmp greater', { $cmp: ['b', 'a'] }, {}, i(1)],
    ['$cmp field paths', { $cmp: ['$a', '$b'] }, { a: i(5), b: i(3) }, i(1)],
  ];
  for (const [name, expr, doc, expected] of cases) it(name, () => expectBson(ev(expr, doc), expected));
  for (const op of ['$eq', '$ne', '$gt', '$gte', '$lt', '$lte', '$cmp']) {
    it(`${op} arity`, () => expectCode(() => ev({ [op]: [i(1)] }), 16020));
  }
});
