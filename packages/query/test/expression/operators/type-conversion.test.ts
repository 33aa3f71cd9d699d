import { describe, expect, it } from 'vitest';
import { Binary, BSONRegExp, MaxKey, MinKey, ObjectId, Timestamp } from 'bson';
import { d, dec, ev, expectBson, expectCode, i, l } from '../support.js';
import type { Case, ErrorCase } from '../support.js';

const oid = new ObjectId('5f0000000000000000000000');
const t = new Date('2021-03-04T05:06:07.089Z');

describe('$type and $isNumber', () => {
  const cases: Case[] = [
    ['int', { $type: i(1) }, {}, 'int'],
    ['double', { $type: d(1) }, {}, 'double'],
    ['long', { $type: l(1) }, {}, 'long'],
    ['decimal', { $type: dec('1') }, {}, 'decimal'],
    ['string', { $type: 'x' }, {}, 'string'],
    ['bool', { $type: true }, {}, 'bool'],
    ['null', { $type: null }, {}, 'null'],
    ['missing', { $type: '$x' }, {}, 'missing'],
    ['object', { $type: { $literal: {} } }, {}, 'object'],
    ['array', { $type: [[]] }, {}, 'array'],
    ['objectId', { $type: oid }, {}, 'objectId'],
    ['date', { $type: t }, {}, 'date'],
    ['regex', { $type: new BSONRegExp('a', '') }, {}, 'regex'],
    ['timestamp', { $type: new Timestamp({ t: 1, i: 1 }) }, {}, 'timestamp'],
    ['binData', { $type: new Binary(Buffer.from('a')) }, {}, 'binData'],
    ['minKey', { $type: new MinKey() }, {}, 'minKey'],
    ['maxKey', { $type: new MaxKey() }, {}, 'maxKey'],
    ['$isNumber int', { $isNumber: i(1) }, {}, true],
    ['$isNumber decimal', { $isNumber: dec('1') }, {}, true],
    ['$isNumber string', { $isNumber: '1' }, {}, false],
    ['$isNumber missing', { $isNumber: '$x' }, {}, false],
  ];
  for (const [name, expr, doc, expected] of cases) it(name, () => expectBson(ev(expr, doc), expected));
});

describe('conversions', () => {
  const cases: Case[] = [
    ['$toInt double truncates', { $toInt: d(2.9) }, {}, i(2)],
    ['$toInt negative double', { $toInt: d(-2.9) }, {}, i(-2)],
    ['$toInt string', { $toInt: '42' }, {}, i(42)],
    ['$toInt bool', { $toInt: true }, {}, i(1)],
    ['$toInt long', { $toInt: l(7) }, {}, i(7)],
    ['$toInt decimal', { $toInt: dec('7.9') }, {}, i(7)],
    ['$toInt null', { $toInt: null }, {}, null],
    ['$toInt missing', { $toInt: '$x' }, {}, null],
    ['$toLong int', { $toLong: i(5) }, {}, l(5)],
    ['$toLong string', { $toLong: '9007199254740993' }, {}, l('9007199254740993')],
    ['$toLong date', { $toLong: t }, {}, l(t.getTime())],
    ['$toLong bool', { $toLong: false }, {}, l(0)],
    ['$toDouble int', { $toDouble: i(5) }, {}, d(5)],
    ['$toDouble string', { $toDouble: '2.5e1' }, {}, d(25)],
    ['$toDouble string NaN', { $toDouble: 'NaN' }, {}, d(NaN)],
    ['$toDouble date', { $toDouble: t }, {}, d(t.getTime())],
    ['$toDouble decimal', { $toDouble: dec('1.5') }, {}, d(1.5)],
    ['$toDecimal int', { $toDecimal: i(5) }, {}, dec('5')],
    ['$toDecimal double uses 15 digits', { $toDecimal: d(2.5) }, {}, dec('2.50000000000000')],
    ['$toDecimal string', { $toDecimal: '1.10' }, {}, dec('1.10')],
    ['$toDecimal bool', { $toDecimal: true }, {}, dec('1')],
    ['$toBool zero', { $toBool: i(0) }, {}, false],
    ['$toBool number', { $toBool: d(0.5) }, {}, true],
    ['$toBool string', { $toBool: 'false' }, {}, true],
    ['$toBool empty string', { $toBool: '' }, {}, true],
    ['$toBool date', { $toBool: t }, {}, true],
    ['$toBool null', { $toBool: null }, {}, null],
    ['$toString int', { $toString: i(5) }, {}, '5'],
    ['$toString double', { $toString: d(2.5) }, {}, '2.5'],
    ['$toString long', { $toString: l('9007199254740993') }, {}, '9007199254740993'],
    ['$toString decimal', { $toString: dec('1.50') }, {}, '1.50'],
    ['$toString bool', { $toString: true }, {}, 'true'],
    ['$toString objectId', { $toString: oid }, {}, '5f0000000000000000000000'],
    ['$toString date', { $toString: t }, {}, '2021-03-04T05:06:07.089Z'],
    ['$toObjectId', { $toObjectId: '5f0000000000000000000000' }, {}, oid],
    ['$toDate string', { $toDate: '2021-03-04T05:06:07.089Z' }, {}, t],
    ['$toDate string with offset', { $toDate: '2021-03-04T07:06:07.089+02:00' }, {}, t],
    ['$toDate long', { $toDate: l(t.getTime()) }, {}, t],
    ['$toDate double', { $toDate: d(t.getTime()) }, {}, t],
    ['$toDate objectId', { $toDate: oid }, {}, oid.getTimestamp()],
    ['$toDate timestamp', { $toDate: new Timestamp({ t: 100, i: 1 }) }, {}, new Date(100000)],
    ['$convert to int', { $convert: { input: '12', to: 'int' } }, {}, i(12)],
    ['$convert numeric type code', { $convert: { input: i(1), to: 2 } }, {}, '1'],
    ['$convert onError', { $convert: { input: 'abc', to: 'int', onError: 'bad' } }, {}, 'bad'],
    ['$convert onNull', { $convert: { input: '$x', to: 'int', onNull: 'none' } }, {}, 'none'],
    ['$convert null without onNull', { $convert: { input: null, to: 'int' } }, {}, null],
    ['$convert null to', { $convert: { input: 1, to: null } }, {}, null],
    ['$convert null input wins over null to', { $convert: { input: null, to: null, onNull: 'n' } }, {}, 'n'],
    ['$convert to from a field', { $convert: { input: '1', to: '$t' } }, { t: 'double' }, d(1)],
    ['$convert unsupported with onError', { $convert: { input: [1], to: 'int', onError: i(0) } }, {}, i(0)],
    ['$convert to bool', { $convert: { input: l(0), to: 'bool' } }, {}, false],
  ];
  for (const [name, expr, doc, expected] of cases) it(name, () => expectBson(ev(expr, doc), expected));
  const errors: ErrorCase[] = [
    ['$toInt bad string', { $toInt: 'abc' }, {}, 241],
    ['$toInt fractional string', { $toInt: '1.5' }, {}, 241],
    ['$toInt overflow', { $toInt: l('9999999999') }, {}, 241],
    ['$toInt NaN', { $toInt: d(NaN) }, {}, 241],
    ['$toInt date unsupported', { $toInt: t }, {}, 241],
    ['$toLong string overflow', { $toLong: '99999999999999999999' }, {}, 241],
    ['$toDouble bad string', { $toDouble: '1x' }, {}, 241],
    ['$toDouble whitespace', { $toDouble: ' 1' }, {}, 241],
    ['$toObjectId short', { $toObjectId: 'abc' }, {}, 241],
    ['$toObjectId bad hex', { $toObjectId: 'zz0000000000000000000000' }, {}, 241],
    ['$toDate int unsupported', { $toDate: i(5) }, {}, 241],
    ['$toDate bad string', { $toDate: 'not a date' }, {}, 241],
    ['$toString array', { $toString: [[1]] }, {}, 241],
    ['$toObjectId number', { $toObjectId: i(1) }, {}, 241],
    ['$convert unknown type', { $convert: { input: 1, to: 'foo' } }, {}, 2],
    ['$convert bad numeric type', { $convert: { input: 1, to: 100 } }, {}, 9],
    ['$convert fractional numeric type', { $convert: { input: 1, to: 1.5 } }, {}, 9],
    ['$convert to missing', { $convert: { input: 1, to: 'missing' } }, {}, 241],
    ['$toInt double just above int max', { $toInt: d(2147483647.5) }, {}, 241],
    ['$convert onError does not hide bad type names', { $convert: { input: 1, to: 'foo', onError: 0 } }, {}, 2],
    ['$convert missing to', { $convert: { input: 1 } }, {}, 9],
    ['$convert unknown argument', { $convert: { input: 1, to: 'int', x: 1 } }, {}, 9],
    ['$convert missing input', { $convert: { to: 'int' } }, {}, 9],
    ['$toInt arity', { $toInt: [1, 2] }, {}, 50723],
  ];
  for (const [name, expr, doc, code] of errors) it(name, () => expectCode(() => ev(expr, doc), code));
  it('conversion failure messages say what failed', () => {
    expectCode(() => ev({ $toInt: 'abc' }), 241, "Failed to parse number 'abc' in $convert with no onError value");
    expectCode(() => ev({ $toDate: i(5) }), 241, 'Unsupported conversion from int to date in $convert with no onError value');
  });
  it('conversion failures carry codeName ConversionFailure', () => {
    try {
      ev({ $toInt: 'x' });
    } catch (e) {
      expect((e as { codeName: string }).codeName).toBe('ConversionFailure');
    }
    expect.assertions(1);
  });
});
