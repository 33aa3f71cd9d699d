import { describe, it } from 'vitest';
import { ev, expectBson, expectCode, i } from '../support.js';
import type { Case, ErrorCase } from '../support.js';

describe('$let and $literal', () => {
  const cases: Case[] = [
    ['$let binds variables', { $let: { vars: { x: i(2), y: '$a' }, in: { $add: ['$$x', '$$y'] } } }, { a: i(3) }, i(5)],
    ['$let vars see the outer scope', { $let: { vars: { x: '$$o' }, in: '$$x' } }, {}, 'outer'],
    ['$let shadows', { $let: { vars: { o: 'inner' }, in: '$$o' } }, {}, 'inner'],
    ['nested $let', { $let: { vars: { x: i(1) }, in: { $let: { vars: { y: { $add: ['$$x', i(1)] } }, in: '$$y' } } } }, {}, i(2)],
    ['$let can rebind CURRENT', { $let: { vars: { CURRENT: '$sub' }, in: '$v' } }, { sub: { v: 'inner' }, v: 'outer' }, 'inner'],
    ['$let variable holding missing', { $let: { vars: { x: '$nope' }, in: '$$x' } }, {}, undefined],
    ['$literal number', { $literal: 1 }, {}, i(1)],
    ['$literal array', { $literal: ['$a'] }, {}, ['$a']],
    ['$const is an alias of $literal', { $const: '$a' }, { a: i(1) }, '$a'],
  ];
  for (const [name, expr, doc, expected] of cases) it(name, () => expectBson(ev(expr, doc, { o: 'outer' }), expected));
  const errors: ErrorCase[] = [
    ['$let missing vars', { $let: { in: 1 } }, {}, 16876],
    ['$let missing in', { $let: { vars: {} } }, {}, 16877],
    ['$let unknown field', { $let: { vars: {}, in: 1, x: 1 } }, {}, 16875],
    ['$let bad variable name', { $let: { vars: { X: 1 }, in: 1 } }, {}, 16867],
    ['$let variable with bad characters', { $let: { vars: { 'a-b': 1 }, in: 1 } }, {}, 16868],
    ['$let variable is local', { $add: [{ $let: { vars: { z: 1 }, in: '$$z' } }, '$$z'] }, {}, 17276],
  ];
  for (const [name, expr, doc, code] of errors) it(name, () => expectCode(() => ev(expr, doc), code));
});
