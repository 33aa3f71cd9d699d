import { describe, expect, it } from 'vitest';
import { ObjectId, Timestamp } from 'bson';
import { ev, expectBson, expectCode, i, l } from '../support.js';
import type { Case, ErrorCase } from '../support.js';

// Sunday 2024-03-10, 12:34:56.789 UTC.
const t = new Date('2024-03-10T12:34:56.789Z');
const doc = { t };

describe('date part extractors', () => {
  const cases: Case[] = [
    ['$year', { $year: '$t' }, doc, i(2024)],
    ['$month', { $month: '$t' }, doc, i(3)],
    ['$dayOfMonth', { $dayOfMonth: '$t' }, doc, i(10)],
    ['$hour', { $hour: '$t' }, doc, i(12)],
    ['$minute', { $minute: '$t' }, doc, i(34)],
    ['$second', { $second: '$t' }, doc, i(56)],
    ['$millisecond', { $millisecond: '$t' }, doc, i(789)],
    ['$dayOfWeek Sunday is 1', { $dayOfWeek: '$t' }, doc, i(1)],
    ['$dayOfYear', { $dayOfYear: '$t' }, doc, i(70)],
    ['$dayOfYear common year', { $dayOfYear: new Date('2023-03-01T00:00:00Z') }, {}, i(60)],
    ['$dayOfYear Dec 31 leap', { $dayOfYear: new Date('2024-12-31T00:00:00Z') }, {}, i(366)],
    ['$week', { $week: '$t' }, doc, i(10)],
    ['$week before the first Sunday', { $week: new Date('2023-01-01T00:00:00Z') }, {}, i(1)],
    ['$week Jan 1 Saturday', { $week: new Date('2022-01-01T00:00:00Z') }, {}, i(0)],
    ['$isoWeek', { $isoWeek: '$t' }, doc, i(10)],
    ['$isoWeek belongs to previous year', { $isoWeek: new Date('2021-01-01T00:00:00Z') }, {}, i(53)],
    ['$isoWeekYear', { $isoWeekYear: new Date('2021-01-01T00:00:00Z') }, {}, i(2020)],
    ['$isoWeekYear next year', { $isoWeekYear: new Date('2024-12-30T00:00:00Z') }, {}, i(2025)],
    ['$isoDayOfWeek Sunday is 7', { $isoDayOfWeek: '$t' }, doc, i(7)],
    ['array form', { $year: ['$t'] }, doc, i(2024)],
    ['timezone Olson', { $hour: { date: '$t', timezone: 'America/New_York' } }, doc, i(8)],
    ['timezone offset', { $hour: { date: '$t', timezone: '+05:30' } }, doc, i(18)],
    ['timezone offset minutes', { $minute: { date: '$t', timezone: '+0530' } }, doc, i(4)],
    ['timezone changes the day', { $dayOfMonth: { date: '$t', timezone: '-13:00' } }, doc, i(9)],
    ['timezone null', { $hour: { date: '$t', timezone: null } }, doc, null],
    ['null date', { $year: null }, {}, null],
    ['missing date', { $year: '$nope' }, {}, null],
    ['ObjectId as date', { $year: new ObjectId('5f0000000000000000000000') }, {}, i(2020)],
    ['Timestamp as date', { $year: new Timestamp({ t: 0, i: 1 }) }, {}, i(1970)],
  ];
  for (const [name, expr, d0, expected] of cases) it(name, () => expectBson(ev(expr, d0), expected));
  const errors: ErrorCase[] = [
    ['string date', { $year: 'x' }, {}, 16006],
    ['number date', { $month: i(1) }, {}, 16006],
    ['unknown timezone', { $hour: { date: t, timezone: 'Mars/Base' } }, {}, 40485],
    ['unknown option', { $hour: { date: t, foo: 1 } }, {}, 40535],
    ['missing date option', { $hour: { timezone: 'UTC' } }, {}, 40539],
    ['arity', { $year: [t, t] }, {}, 16020],
  ];
  for (const [name, expr, d0, code] of errors) it(name, () => expectCode(() => ev(expr, d0), code));
});

describe('$dateToString', () => {
  const cases: Case[] = [
    ['default format', { $dateToString: { date: '$t' } }, doc, '2024-03-10T12:34:56.789Z'],
    ['custom format', { $dateToString: { date: '$t', format: '%Y/%m/%d %H:%M:%S.%L' } }, doc, '2024/03/10 12:34:56.789'],
    ['day of year, week, weekdays', { $dateToString: { date: '$t', format: '%j %U %w %u %V %G' } }, doc, '070 10 1 7 10 2024'],
    ['offsets', { $dateToString: { date: '$t', format: '%z %Z', timezone: '+05:30' } }, doc, '+0530 +330'],
    ['negative offset', { $dateToString: { date: '$t', format: '%H %z', timezone: 'America/New_York' } }, doc, '08 -0400'],
    ['percent literal', { $dateToString: { date: '$t', format: '100%%' } }, doc, '100%'],
    ['month names', { $dateToString: { date: '$t', format: '%b %B' } }, doc, 'Mar March'],
    ['onNull', { $dateToString: { date: '$nope', onNull: 'n/a' } }, {}, 'n/a'],
    ['null date', { $dateToString: { date: null } }, {}, null],
    ['null format', { $dateToString: { date: '$t', format: null } }, doc, null],
    ['null date wins over null format', { $dateToString: { date: null, format: null, onNull: 'n' } }, {}, 'n'],
  ];
  for (const [name, expr, d0, expected] of cases) it(name, () => expectBson(ev(expr, d0), expected));
  const errors: ErrorCase[] = [
    ['missing date', { $dateToString: { format: '%Y' } }, {}, 18628],
    ['unknown field', { $dateToString: { date: t, x: 1 } }, {}, 18534],
    ['bad specifier', { $dateToString: { date: t, format: '%Q' } }, {}, 18536],
    ['trailing percent', { $dateToString: { date: t, format: 'abc%' } }, {}, 18535],
    ['non-string format', { $dateToString: { date: '$t', format: '$n' } }, { t, n: i(1) }, 18533],
    ['non-date', { $dateToString: { date: 'x' } }, {}, 16006],
  ];
  for (const [name, expr, d0, code] of errors) it(name, () => expectCode(() => ev(expr, d0), code));
});

describe('$dateFromString', () => {
  const cases: Case[] = [
    ['ISO with Z', { $dateFromString: { dateString: '2024-03-10T12:34:56.789Z' } }, {}, t],
    ['ISO without zone is UTC', { $dateFromString: { dateString: '2024-03-10T12:34:56.789' } }, {}, t],
    ['date only', { $dateFromString: { dateString: '2024-03-10' } }, {}, new Date('2024-03-10T00:00:00Z')],
    ['space separator', { $dateFromString: { dateString: '2024-03-10 12:34' } }, {}, new Date('2024-03-10T12:34:00Z')],
    ['offset in string', { $dateFromString: { dateString: '2024-03-10T14:34:56.789+02:00' } }, {}, t],
    ['timezone argument', { $dateFromString: { dateString: '2024-03-10T07:34:56.789', timezone: 'America/New_York' } }, {}, new Date('2024-03-10T11:34:56.789Z')],
    ['format', { $dateFromString: { dateString: '10/03/2024', format: '%d/%m/%Y' } }, {}, new Date('2024-03-10T00:00:00Z')],
    ['format with time and offset', { $dateFromString: { dateString: '2024-03-10 14:34 +0200', format: '%Y-%m-%d %H:%M %z' } }, {}, new Date('2024-03-10T12:34:00Z')],
    ['onNull', { $dateFromString: { dateString: null, onNull: 'none' } }, {}, 'none'],
    ['null', { $dateFromString: { dateString: '$x' } }, {}, null],
    ['null format', { $dateFromString: { dateString: '2024-01-01', format: null } }, {}, null],
    ['null string wins over null format', { $dateFromString: { dateString: null, format: null, onNull: 'n' } }, {}, 'n'],
    ['onError', { $dateFromString: { dateString: 'garbage', onError: 'bad' } }, {}, 'bad'],
    ['onError for non-string', { $dateFromString: { dateString: i(5), onError: 'bad' } }, {}, 'bad'],
  ];
  for (const [name, expr, d0, expected] of cases) it(name, () => expectBson(ev(expr, d0), expected));
  const errors: ErrorCase[] = [
    ['unparseable', { $dateFromString: { dateString: 'garbage' } }, {}, 241],
    ['invalid day', { $dateFromString: { dateString: '2024-02-30' } }, {}, 241],
    ['format mismatch', { $dateFromString: { dateString: '2024-03-10', format: '%d/%m/%Y' } }, {}, 241],
    ['offset and timezone', { $dateFromString: { dateString: '2024-03-10T00:00:00Z', timezone: 'UTC' } }, {}, 241],
    ['missing dateString', { $dateFromString: { format: '%Y' } }, {}, 40542],
    ['unknown field', { $dateFromString: { dateString: 'x', y: 1 } }, {}, 40541],
  ];
  for (const [name, expr, d0, code] of errors) it(name, () => expectCode(() => ev(expr, d0), code));
});

describe('$dateFromParts and $dateToParts', () => {
  const cases: Case[] = [
    ['seconds are not range-limited', { $dateFromParts: { year: 2024, second: 86400 } }, {}, new Date('2024-01-02T00:00:00Z')],
    ['from parts', { $dateFromParts: { year: 2024, month: 3, day: 10, hour: 12, minute: 34, second: 56, millisecond: 789 } }, {}, t],
    ['defaults', { $dateFromParts: { year: 2024 } }, {}, new Date('2024-01-01T00:00:00Z')],
    ['overflowing month', { $dateFromParts: { year: 2024, month: 14 } }, {}, new Date('2025-02-01T00:00:00Z')],
    ['timezone', { $dateFromParts: { year: 2024, month: 3, day: 10, hour: 8, timezone: 'America/New_York' } }, {}, new Date('2024-03-10T12:00:00Z')],
    ['iso parts', { $dateFromParts: { isoWeekYear: 2024, isoWeek: 10, isoDayOfWeek: 7 } }, {}, new Date('2024-03-10T00:00:00Z')],
    ['null part', { $dateFromParts: { year: 2024, month: null } }, {}, null],
    [
      'to parts',
      { $dateToParts: { date: '$t' } },
      doc,
      { year: i(2024), month: i(3), day: i(10), hour: i(12), minute: i(34), second: i(56), millisecond: i(789) },
    ],
    [
      'to iso parts',
      { $dateToParts: { date: '$t', iso8601: true } },
      doc,
      { isoWeekYear: i(2024), isoWeek: i(10), isoDayOfWeek: i(7), hour: i(12), minute: i(34), second: i(56), millisecond: i(789) },
    ],
    ['to parts null', { $dateToParts: { date: null } }, {}, null],
  ];
  for (const [name, expr, d0, expected] of cases) it(name, () => expectBson(ev(expr, d0), expected));
  const errors: ErrorCase[] = [
    ['no year', { $dateFromParts: { month: 1 } }, {}, 40516],
    ['year out of range', { $dateFromParts: { year: 0 } }, {}, 40523],
    ['fractional part', { $dateFromParts: { year: 2024, month: 1.5 } }, {}, 40515],
    ['mixed iso with natural', { $dateFromParts: { isoWeekYear: 2024, month: 1 } }, {}, 40525],
    ['mixed natural with iso', { $dateFromParts: { year: 2024, isoWeek: 1 } }, {}, 40489],
    ['isoWeekYear out of range', { $dateFromParts: { isoWeekYear: 10000 } }, {}, 31095],
    ['unknown field', { $dateFromParts: { year: 2024, foo: 1 } }, {}, 40518],
    ['part out of range', { $dateFromParts: { year: 2024, hour: 40000 } }, {}, 31034],
  ];
  for (const [name, expr, d0, code] of errors) it(name, () => expectCode(() => ev(expr, d0), code));
});

describe('$dateAdd, $dateSubtract, $dateDiff, $dateTrunc', () => {
  const jan31 = new Date('2024-01-31T10:00:00Z');
  const cases: Case[] = [
    ['add hours', { $dateAdd: { startDate: '$t', unit: 'hour', amount: 2 } }, doc, new Date('2024-03-10T14:34:56.789Z')],
    ['add days', { $dateAdd: { startDate: '$t', unit: 'day', amount: -10 } }, doc, new Date('2024-02-29T12:34:56.789Z')],
    ['add month clamps', { $dateAdd: { startDate: jan31, unit: 'month', amount: 1 } }, {}, new Date('2024-02-29T10:00:00Z')],
    ['add year', { $dateAdd: { startDate: jan31, unit: 'year', amount: 1 } }, {}, new Date('2025-01-31T10:00:00Z')],
    ['add quarter', { $dateAdd: { startDate: jan31, unit: 'quarter', amount: 1 } }, {}, new Date('2024-04-30T10:00:00Z')],
    ['subtract week', { $dateSubtract: { startDate: '$t', unit: 'week', amount: 1 } }, doc, new Date('2024-03-03T12:34:56.789Z')],
    ['add null', { $dateAdd: { startDate: null, unit: 'day', amount: 1 } }, {}, null],
    ['diff days', { $dateDiff: { startDate: new Date('2024-01-01T23:00:00Z'), endDate: new Date('2024-01-02T01:00:00Z'), unit: 'day' } }, {}, l(1)],
    ['diff months', { $dateDiff: { startDate: jan31, endDate: new Date('2024-03-01T00:00:00Z'), unit: 'month' } }, {}, l(2)],
    ['diff years', { $dateDiff: { startDate: jan31, endDate: new Date('2023-12-31T00:00:00Z'), unit: 'year' } }, {}, l(-1)],
    ['diff hours', { $dateDiff: { startDate: new Date('2024-01-01T00:59:00Z'), endDate: new Date('2024-01-01T01:00:00Z'), unit: 'hour' } }, {}, l(1)],
    ['diff weeks (Sunday start)', { $dateDiff: { startDate: new Date('2024-03-09T00:00:00Z'), endDate: new Date('2024-03-10T00:00:00Z'), unit: 'week' } }, {}, l(1)],
    ['diff weeks (Monday start)', { $dateDiff: { startDate: new Date('2024-03-09T00:00:00Z'), endDate: new Date('2024-03-10T00:00:00Z'), unit: 'week', startOfWeek: 'monday' } }, {}, l(0)],
    ['diff millis', { $dateDiff: { startDate: jan31, endDate: new Date(jan31.getTime() + 5), unit: 'millisecond' } }, {}, l(5)],
    ['trunc day', { $dateTrunc: { date: '$t', unit: 'day' } }, doc, new Date('2024-03-10T00:00:00Z')],
    ['trunc month', { $dateTrunc: { date: '$t', unit: 'month' } }, doc, new Date('2024-03-01T00:00:00Z')],
    ['trunc quarter', { $dateTrunc: { date: '$t', unit: 'quarter' } }, doc, new Date('2024-01-01T00:00:00Z')],
    ['trunc year', { $dateTrunc: { date: '$t', unit: 'year' } }, doc, new Date('2024-01-01T00:00:00Z')],
    ['trunc week', { $dateTrunc: { date: new Date('2024-03-13T12:00:00Z'), unit: 'week' } }, {}, new Date('2024-03-10T00:00:00Z')],
    ['trunc week monday', { $dateTrunc: { date: new Date('2024-03-13T12:00:00Z'), unit: 'week', startOfWeek: 'mon' } }, {}, new Date('2024-03-11T00:00:00Z')],
    ['trunc hour', { $dateTrunc: { date: '$t', unit: 'hour' } }, doc, new Date('2024-03-10T12:00:00Z')],
    ['trunc 15 minutes', { $dateTrunc: { date: '$t', unit: 'minute', binSize: 15 } }, doc, new Date('2024-03-10T12:30:00Z')],
    ['trunc in a timezone', { $dateTrunc: { date: '$t', unit: 'day', timezone: 'America/New_York' } }, doc, new Date('2024-03-10T05:00:00Z')],
    ['trunc null', { $dateTrunc: { date: null, unit: 'day' } }, {}, null],
  ];
  for (const [name, expr, d0, expected] of cases) it(name, () => expectBson(ev(expr, d0), expected));
  const errors: ErrorCase[] = [
    ['bad unit', { $dateAdd: { startDate: t, unit: 'fortnight', amount: 1 } }, {}, 9],
    ['non-string unit', { $dateAdd: { startDate: t, unit: 1, amount: 1 } }, {}, 5166404],
    ['non-date startDate', { $dateAdd: { startDate: 'x', unit: 'day', amount: 1 } }, {}, 5166403],
    ['diff bad unit', { $dateDiff: { startDate: t, endDate: t, unit: 'fortnight' } }, {}, 5439014],
    ['diff non-date', { $dateDiff: { startDate: 'x', endDate: t, unit: 'day' } }, {}, 5166307],
    ['diff missing endDate', { $dateDiff: { startDate: t, unit: 'day' } }, {}, 5166304],
    ['trunc non-date', { $dateTrunc: { date: i(1), unit: 'day' } }, {}, 5439012],
    ['trunc fractional binSize', { $dateTrunc: { date: t, unit: 'day', binSize: 1.5 } }, {}, 5439017],
    ['fractional amount', { $dateAdd: { startDate: t, unit: 'day', amount: 1.5 } }, {}, 5166405],
    ['missing amount', { $dateAdd: { startDate: t, unit: 'day' } }, {}, 5166402],
    ['diff bad startOfWeek', { $dateDiff: { startDate: t, endDate: t, unit: 'week', startOfWeek: 'someday' } }, {}, 5439016],
    ['trunc bad binSize', { $dateTrunc: { date: t, unit: 'day', binSize: 0 } }, {}, 5439018],
  ];
  for (const [name, expr, d0, code] of errors) it(name, () => expectCode(() => ev(expr, d0), code));
  it('$$NOW works with date operators', () => {
    expect(ev({ $year: '$$NOW' }, {}, { NOW: t })).toEqual(i(2024));
  });
});
