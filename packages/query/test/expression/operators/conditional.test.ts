import { describe, it } from 'vitest';
import { ev, expectBson, expectCode, i } from '../support.js';
import type { Case, ErrorCase } from '../support.js';

describe('conditional operators', () => {
  const cases: Case[] = [
    ['$cond array form true', { $cond: [true, 'y', 'n'] }, {}, 'y'],
    ['$cond array form false', { $cond: [i(0), 'y', 'n'] }, {}, 'n'],
    ['$cond object form', { $cond: { if: { $gt: ['$a', i(1)] }, then: 'big', else: 'small' } }, { a: i(5) }, 'big'],
    ['$cond missing condition is false', { $cond: ['$nope', 'y', 'n'] }, {}, 'n'],
    ['$cond result may be missing', { $cond: [true, '$nope', 'n'] }, {}, undefined],
    ['$cond evaluates only the taken branch', { $cond: [true, 'ok', { $divide: [i(1), i(0)] }] }, {}, 'ok'],
    ['$ifNull non-null', { $ifNull: ['$a', 'd'] }, { a: i(0) }, i(0)],
    ['$ifNull null', { $ifNull: ['$a', 'd'] }, { a: null }, 'd'],
    ['$ifNull missing', { $ifNull: ['$a', 'd'] }, {}, 'd'],
    ['$ifNull several', { $ifNull: ['$a', '$b', 'd'] }, { b: 'bee' }, 'bee'],
    ['$ifNull all null returns the last', { $ifNull: ['$a', '$b', null] }, {}, null],
    ['$ifNull replacement missing', { $ifNull: ['$a', '$b'] }, {}, undefined],
    ['$switch first match', { $switch: { branches: [{ case: false, then: 1 }, { case: true, then: 2 }, { case: true, then: 3 }] } }, {}, i(2)],
    ['$switch default', { $switch: { branches: [{ case: false, then: 1 }], default: 'dft' } }, {}, 'dft'],
    ['$switch with field condition', { $switch: { branches: [{ case: { $eq: ['$a', 'x'] }, then: 'X' }], default: null } }, { a: 'x' }, 'X'],
  ];
  for (const [name, expr, doc, expected] of cases) it(name, () => expectBson(ev(expr, doc), expected));
  const errors: ErrorCase[] = [
    ['$cond arity', { $cond: [true, 1] }, {}, 16020],
    ['$cond missing if', { $cond: { then: 1, else: 2 } }, {}, 17080],
    ['$cond missing then', { $cond: { if: true, else: 2 } }, {}, 17081],
    ['$cond missing else', { $cond: { if: true, then: 1 } }, {}, 17082],
    ['$cond unknown parameter', { $cond: { if: true, then: 1, else: 2, x: 1 } }, {}, 17083],
    ['$ifNull arity', { $ifNull: ['$a'] }, {}, 1257300],
    ['$switch no match no default', { $switch: { branches: [{ case: false, then: 1 }] } }, {}, 40066],
    ['$switch not an object', { $switch: [] }, {}, 40060],
    ['$switch branches not array', { $switch: { branches: {} } }, {}, 40061],
    ['$switch branch not object', { $switch: { branches: [1] } }, {}, 40062],
    ['$switch branch unknown field', { $switch: { branches: [{ case: true, then: 1, x: 1 }] } }, {}, 40063],
    ['$switch branch missing case', { $switch: { branches: [{ then: 1 }] } }, {}, 40064],
    ['$switch branch missing then', { $switch: { branches: [{ case: true }] } }, {}, 40065],
    ['$switch unknown argument', { $switch: { branches: [{ case: true, then: 1 }], foo: 1 } }, {}, 40067],
    ['$switch no branches', { $switch: { branches: [] } }, {}, 40068],
  ];
  for (const [name, expr, doc, code] of errors) it(name, () => expectCode(() => ev(expr, doc), code));
});
