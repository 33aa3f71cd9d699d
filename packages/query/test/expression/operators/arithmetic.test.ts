import { describe, it } from 'vitest';
import { d, dec, ev, expectBson, expectCode, i, l } from '../support.js';
import type { Case, ErrorCase } from '../support.js';

const t0 = new Date('2024-01-01T00:00:00.000Z');

describe('$add', () => {
  const cases: Case[] = [
    ['int + int stays int', { $add: [i(1), i(2)] }, {}, i(3)],
    ['int overflow widens to long', { $add: [i(2147483647), i(1)] }, {}, l(2147483648)],
    ['int + long is long', { $add: [i(1), l(2)] }, {}, l(3)],
    ['int + double is double', { $add: [i(1), d(0.5)] }, {}, d(1.5)],
    ['long + double is double', { $add: [l(1), d(1)] }, {}, d(2)],
    ['decimal wins', { $add: [i(1), dec('0.5')] }, {}, dec('1.5')],
    ['decimal then double: the double keeps 15 digits', { $add: [dec('1'), d(0.1)] }, {}, dec('1.100000000000000')],
    ['double then decimal: the double total keeps 34 digits', { $add: [d(0.1), dec('1')] }, {}, dec('1.100000000000000005551115123125783')],
    ['int then decimal', { $add: [i(2), dec('0.5')] }, {}, dec('2.5')],
    ['long overflow then double', { $add: [l('9223372036854775807'), i(1), d(0.5)] }, {}, d(9223372036854775808.5)],
    ['date + fractional millis rounds the total half away from zero', { $add: [t0, d(-1.5)] }, {}, new Date(t0.getTime() - 1)],
    ['long overflow becomes double', { $add: [l('9223372036854775807'), l(1)] }, {}, d(9223372036854775808)],
    ['variadic', { $add: [i(1), i(2), i(3), i(4)] }, {}, i(10)],
    ['no operands is 0', { $add: [] }, {}, i(0)],
    ['field paths', { $add: ['$a', '$b'] }, { a: i(2), b: d(1.5) }, d(3.5)],
    ['null operand gives null', { $add: [i(1), null] }, {}, null],
    ['missing operand gives null', { $add: [i(1), '$nope'] }, {}, null],
    ['date + millis', { $add: [t0, i(1000)] }, {}, new Date(t0.getTime() + 1000)],
    ['millis + date', { $add: [l(60000), t0] }, {}, new Date(t0.getTime() + 60000)],
    ['date + double rounds', { $add: [t0, d(1.6)] }, {}, new Date(t0.getTime() + 2)],
    ['date + decimal', { $add: [t0, dec('1000')] }, {}, new Date(t0.getTime() + 1000)],
    ['NaN propagates', { $add: [d(NaN), i(1)] }, {}, d(NaN)],
    ['plain JS numbers in the expression', { $add: [1, 2.5] }, {}, d(3.5)],
  ];
  for (const [name, expr, doc, expected] of cases) it(name, () => expectBson(ev(expr, doc), expected));
  const errors: ErrorCase[] = [
    ['string operand', { $add: [i(1), 'a'] }, {}, 14],
    ['null before a bad operand short-circuits', { $add: [null, 'a'] }, {}, -1],
    ['two dates', { $add: [t0, t0] }, {}, 16612],
    ['boolean operand', { $add: [true, i(1)] }, {}, 14],
  ];
  for (const [name, expr, doc, code] of errors) {
    if (code < 0) it(name, () => expectBson(ev(expr, doc), null));
    else it(name, () => expectCode(() => ev(expr, doc), code));
  }
});

describe('$subtract', () => {
  const cases: Case[] = [
    ['int - int', { $subtract: [i(5), i(3)] }, {}, i(2)],
    ['int underflow widens', { $subtract: [i(-2147483648), i(1)] }, {}, l(-2147483649)],
    ['int - int min fits int', { $subtract: [i(-1), i(-2147483648)] }, {}, i(2147483647)],
    ['long - int', { $subtract: [l(10), i(3)] }, {}, l(7)],
    ['double - int', { $subtract: [d(2.5), i(1)] }, {}, d(1.5)],
    ['decimal - int', { $subtract: [dec('2.5'), i(1)] }, {}, dec('1.5')],
    ['date - date is long millis', { $subtract: [new Date(t0.getTime() + 5000), t0] }, {}, l(5000)],
    ['date - number is date', { $subtract: [t0, i(1000)] }, {}, new Date(t0.getTime() - 1000)],
    ['date - fractional number truncates', { $subtract: [t0, d(1.9)] }, {}, new Date(t0.getTime() - 1)],
    ['null - string is null', { $subtract: [null, 'a'] }, {}, null],
    ['null gives null', { $subtract: [null, i(1)] }, {}, null],
    ['missing gives null', { $subtract: [i(1), '$x'] }, {}, null],
  ];
  for (const [name, expr, doc, expected] of cases) it(name, () => expectBson(ev(expr, doc), expected));
  const errors: ErrorCase[] = [
    ['number - date', { $subtract: [i(1), t0] }, {}, 14],
    ['date - string', { $subtract: [t0, 'a'] }, {}, 14],
    ['string', { $subtract: ['a', i(1)] }, {}, 14],
    ['arity', { $subtract: [i(1)] }, {}, 16020],
  ];
  for (const [name, expr, doc, code] of errors) it(name, () => expectCode(() => ev(expr, doc), code));
});

describe('$multiply', () => {
  const cases: Case[] = [
    ['int * int', { $multiply: [i(6), i(7)] }, {}, i(42)],
    ['int overflow widens to long', { $multiply: [i(65536), i(65536)] }, {}, l(4294967296)],
    ['long overflow becomes double', { $multiply: [l('9223372036854775807'), i(2)] }, {}, d(18446744073709552000)],
    ['with double', { $multiply: [i(2), d(1.5)] }, {}, d(3)],
    ['with decimal', { $multiply: [i(2), dec('1.25')] }, {}, dec('2.50')],
    ['no operands is 1', { $multiply: [] }, {}, i(1)],
    ['null gives null', { $multiply: [i(2), null] }, {}, null],
  ];
  for (const [name, expr, doc, expected] of cases) it(name, () => expectBson(ev(expr, doc), expected));
  it('rejects strings', () => expectCode(() => ev({ $multiply: [i(2), 'x'] }), 14, '$multiply only supports numeric types, not string'));
});

describe('$divide', () => {
  const cases: Case[] = [
    ['ints give double', { $divide: [i(7), i(2)] }, {}, d(3.5)],
    ['exact ints still double', { $divide: [i(6), i(3)] }, {}, d(2)],
    ['long / int', { $divide: [l(9), i(3)] }, {}, d(3)],
    ['decimal result', { $divide: [dec('1'), dec('4')] }, {}, dec('0.25')],
    ['decimal / int', { $divide: [dec('10'), i(4)] }, {}, dec('2.5')],
    ['decimal inexact', { $divide: [dec('1'), dec('3')] }, {}, dec('0.3333333333333333333333333333333333')],
    ['null gives null', { $divide: [null, i(1)] }, {}, null],
    ['missing gives null', { $divide: [i(1), '$x'] }, {}, null],
  ];
  for (const [name, expr, doc, expected] of cases) it(name, () => expectBson(ev(expr, doc), expected));
  const errors: ErrorCase[] = [
    ['divide by int zero', { $divide: [i(1), i(0)] }, {}, 2],
    ['divide by double zero', { $divide: [i(1), d(0)] }, {}, 2],
    ['divide by decimal zero', { $divide: [i(1), dec('0.0')] }, {}, 2],
    ['string', { $divide: ['a', i(1)] }, {}, 14],
    ['arity', { $divide: [i(1), i(2), i(3)] }, {}, 16020],
  ];
  for (const [name, expr, doc, code] of errors) it(name, () => expectCode(() => ev(expr, doc), code));
});

describe('$mod', () => {
  const cases: Case[] = [
    ['int % int', { $mod: [i(7), i(3)] }, {}, i(1)],
    ['sign of dividend', { $mod: [i(-7), i(3)] }, {}, i(-1)],
    ['long % int', { $mod: [l(7), i(4)] }, {}, l(3)],
    ['double', { $mod: [d(7.5), i(2)] }, {}, d(1.5)],
    ['int % integral double stays int', { $mod: [i(7), d(2)] }, {}, i(1)],
    ['long % integral double stays long', { $mod: [l(7), d(2)] }, {}, l(1)],
    ['int % fractional double is double', { $mod: [i(7), d(2.5)] }, {}, d(2)],
    ['null and string is null', { $mod: [null, 'a'] }, {}, null],
    ['decimal', { $mod: [dec('7.5'), i(2)] }, {}, dec('1.5')],
    ['null', { $mod: [null, i(2)] }, {}, null],
  ];
  for (const [name, expr, doc, expected] of cases) it(name, () => expectBson(ev(expr, doc), expected));
  it('mod by zero', () => expectCode(() => ev({ $mod: [i(1), i(0)] }), 16610));
  it('mod by decimal zero', () => expectCode(() => ev({ $mod: [i(1), dec('0')] }), 5733415));
  it('mod of string', () => expectCode(() => ev({ $mod: ['a', i(2)] }), 16611));
});

describe('unary math', () => {
  const cases: Case[] = [
    ['$abs int', { $abs: i(-5) }, {}, i(5)],
    ['$abs int min widens', { $abs: i(-2147483648) }, {}, l(2147483648)],
    ['$abs long', { $abs: l(-5) }, {}, l(5)],
    ['$abs double', { $abs: d(-1.5) }, {}, d(1.5)],
    ['$abs decimal', { $abs: dec('-1.5') }, {}, dec('1.5')],
    ['$abs null', { $abs: null }, {}, null],
    ['$abs array form', { $abs: [i(-3)] }, {}, i(3)],
    ['$ceil double', { $ceil: d(1.2) }, {}, d(2)],
    ['$ceil negative', { $ceil: d(-1.2) }, {}, d(-1)],
    ['$ceil int unchanged', { $ceil: i(3) }, {}, i(3)],
    ['$ceil decimal', { $ceil: dec('1.01') }, {}, dec('2')],
    ['$floor double', { $floor: d(1.8) }, {}, d(1)],
    ['$floor negative', { $floor: d(-1.2) }, {}, d(-2)],
    ['$floor long unchanged', { $floor: l(3) }, {}, l(3)],
    ['$floor decimal negative', { $floor: dec('-1.5') }, {}, dec('-2')],
    ['$sqrt', { $sqrt: i(16) }, {}, d(4)],
    ['$sqrt decimal', { $sqrt: dec('16') }, {}, dec('4.00000000000000')],
    ['$sqrt null', { $sqrt: null }, {}, null],
    ['$exp 0', { $exp: i(0) }, {}, d(1)],
    ['$ln 1', { $ln: i(1) }, {}, d(0)],
    ['$log10 1000', { $log10: i(1000) }, {}, d(3)],
    ['$log base 2', { $log: [i(8), i(2)] }, {}, d(3)],
    ['$log null base', { $log: [i(8), null] }, {}, null],
    ['$pow int', { $pow: [i(2), i(10)] }, {}, i(1024)],
    ['$pow int overflow to long', { $pow: [i(2), i(40)] }, {}, l(1099511627776)],
    ['$pow long overflow to double', { $pow: [i(2), i(70)] }, {}, d(2 ** 70)],
    ['$pow negative exponent', { $pow: [i(2), i(-1)] }, {}, d(0.5)],
    ['$pow base 1 negative exponent', { $pow: [i(1), i(-3)] }, {}, i(1)],
    ['$pow base -1 odd negative exponent', { $pow: [i(-1), i(-3)] }, {}, i(-1)],
    ['$pow long base', { $pow: [l(3), i(2)] }, {}, l(9)],
    ['$pow double', { $pow: [d(2), i(3)] }, {}, d(8)],
    ['$pow null', { $pow: [null, i(3)] }, {}, null],
  ];
  for (const [name, expr, doc, expected] of cases) it(name, () => expectBson(ev(expr, doc), expected));
  const errors: ErrorCase[] = [
    ['$abs string', { $abs: 'x' }, {}, 28765],
    ['$abs long min', { $abs: l('-9223372036854775808') }, {}, 28680],
    ['$abs arity', { $abs: [i(1), i(2)] }, {}, 16020],
    ['$ceil string', { $ceil: 'x' }, {}, 28765],
    ['$sqrt negative', { $sqrt: i(-1) }, {}, 28714],
    ['$ln zero', { $ln: i(0) }, {}, 28766],
    ['$log10 negative', { $log10: i(-1) }, {}, 28761],
    ['$log non-numeric', { $log: ['a', i(2)] }, {}, 28756],
    ['$log bad base', { $log: [i(8), i(1)] }, {}, 28759],
    ['$log non-positive argument', { $log: [i(0), i(2)] }, {}, 28758],
    ['$pow zero to negative', { $pow: [i(0), i(-1)] }, {}, 28764],
    ['$pow string base', { $pow: ['a', i(1)] }, {}, 28762],
    ['$pow string exponent', { $pow: [i(1), 'a'] }, {}, 28763],
  ];
  for (const [name, expr, doc, code] of errors) it(name, () => expectCode(() => ev(expr, doc), code));
});

describe('$round and $trunc', () => {
  const cases: Case[] = [
    ['$round half to even (down)', { $round: [d(2.5)] }, {}, d(2)],
    ['$round half to even (up)', { $round: [d(3.5)] }, {}, d(4)],
    ['$round negative half', { $round: [d(-2.5)] }, {}, d(-2)],
    ['$round two places uses the binary value (2.675 is 2.67499...)', { $round: [d(2.675), i(2)] }, {}, d(2.67)],
    ['$round two places', { $round: [d(1.005001), i(2)] }, {}, d(1.01)],
    ['$round int unchanged', { $round: [i(7)] }, {}, i(7)],
    ['$round int negative place', { $round: [i(1250), i(-2)] }, {}, i(1200)],
    ['$round int negative place up', { $round: [i(1351), i(-2)] }, {}, i(1400)],
    ['$round long negative place', { $round: [l(1550), i(-2)] }, {}, l(1600)],
    ['$round decimal', { $round: [dec('1.2345'), i(2)] }, {}, dec('1.23')],
    ['$round decimal half even', { $round: [dec('1.225'), i(2)] }, {}, dec('1.22')],
    ['$round null', { $round: [null, i(1)] }, {}, null],
    ['$round null place', { $round: [d(1.5), null] }, {}, null],
    ['$round single operand form', { $round: d(1.4) }, {}, d(1)],
    ['$trunc', { $trunc: [d(2.7)] }, {}, d(2)],
    ['$trunc negative', { $trunc: [d(-2.7)] }, {}, d(-2)],
    ['$trunc places', { $trunc: [d(2.789), i(1)] }, {}, d(2.7)],
    ['$trunc int negative place', { $trunc: [i(1299), i(-2)] }, {}, i(1200)],
    ['$trunc decimal', { $trunc: [dec('-1.99'), i(0)] }, {}, dec('-1')],
  ];
  for (const [name, expr, doc, expected] of cases) it(name, () => expectBson(ev(expr, doc), expected));
  const errors: ErrorCase[] = [
    ['place out of range', { $round: [d(1.5), i(101)] }, {}, 51083],
    ['place non-integral', { $round: [d(1.5), d(1.5)] }, {}, 51082],
    ['string input', { $trunc: ['x'] }, {}, 51081],
    ['arity', { $round: [d(1), i(1), i(1)] }, {}, 16020],
  ];
  for (const [name, expr, doc, code] of errors) it(name, () => expectCode(() => ev(expr, doc), code));
});
