/**
 * Date operators: the part extractors (`$year` … `$isoDayOfWeek`),
 * `$dateToString`, `$dateFromString`, `$dateFromParts`, `$dateToParts`,
 * `$dateAdd`, `$dateSubtract`, `$dateDiff` and `$dateTrunc`. All accept a
 * `timezone` (Olson name or UTC offset); ObjectIds and Timestamps count as
 * dates, as on the server.
 */
import { Int32, Long } from 'bson';
import type { ObjectId, Timestamp } from 'bson';
import { ExpressionError } from '../../errors.js';
import { bsonTypeOf, decodeNumber, isPlainObject } from '../../values/index.js';
import type { Document } from '../../values/index.js';
import { isNullish, operandList } from '../args.js';
import { evalError, formatValue, parseError, typeName } from '../failures.js';
import { toInt64Exact } from '../number-ops.js';
import {
  DEFAULT_DATE_FORMAT,
  UTC,
  dateParts,
  formatDate,
  instantFromIsoParts,
  instantFromParts,
  parseDefault,
  parseTimeZone,
  parseWithFormat,
  validateDateFormat,
} from '../date-time.js';
import type { DateParts, TimeZone } from '../date-time.js';
import type { Evaluator, OperatorParser, OperatorTable, ParseContext, Scope } from '../types.js';

/** Interprets a date-like value: Date, ObjectId (its timestamp) or Timestamp (its seconds). */
export function toDateValue(v: unknown): Date {
  switch (bsonTypeOf(v)) {
    case 'date':
      return v as Date;
    case 'objectId':
      return (v as ObjectId).getTimestamp();
    case 'timestamp':
      return new Date(((v as Timestamp).high >>> 0) * 1000);
    default:
      throw evalError(16006, `can't convert from BSON type ${typeName(v)} to Date`);
  }
}

/** True for values the date operators accept as dates. */
function isDateLike(v: unknown): boolean {
  const t = bsonTypeOf(v);
  return t === 'date' || t === 'objectId' || t === 'timestamp';
}

/** Evaluates an optional `timezone` argument; `null` means "result is null". */
function evalZone(e: Evaluator | undefined, s: Scope): TimeZone | null {
  if (!e) return UTC;
  const tz = e(s);
  if (isNullish(tz)) return null;
  if (typeof tz !== 'string') throw evalError(40517, `timezone must evaluate to a string, found ${typeName(tz)}`);
  return parseTimeZone(tz);
}

function namedObject(args: unknown): args is Document {
  return isPlainObject(args) && Object.keys(args).every((k) => !k.startsWith('$')) && Object.keys(args).length > 0;
}

function partExtractor(pick: (p: DateParts) => number): OperatorParser {
  return (args, ctx, name) => {
    let dateE: Evaluator;
    let tzE: Evaluator | undefined;
    if (namedObject(args)) {
      for (const k of Object.keys(args)) {
        if (k !== 'date' && k !== 'timezone') throw parseError(40535, `unrecognized option to ${name}: "${k}"`);
      }
      if (args.date === undefined) throw parseError(40539, `missing 'date' argument to ${name}, provided: ${formatValue(args)}`);
      dateE = ctx.compile(args.date);
      tzE = args.timezone === undefined ? undefined : ctx.compile(args.timezone);
    } else {
      const list = operandList(args);
      if (list.length !== 1) throw parseError(16020, `Expression ${name} takes exactly 1 arguments. ${list.length} were passed in.`);
      dateE = ctx.compile(list[0]);
    }
    return (s) => {
      const v = dateE(s);
      if (isNullish(v)) return null;
      const tz = evalZone(tzE, s);
      if (tz === null) return null;
      return new Int32(pick(dateParts(toDateValue(v), tz)));
    };
  };
}

function checkKeys(name: string, args: Document, allowed: readonly string[], code: number): void {
  for (const k of Object.keys(args)) {
    if (!allowed.includes(k)) throw parseError(code, `Unrecognized parameter to ${name}: ${k}`);
  }
}

function optional(ctx: ParseContext, v: unknown): Evaluator | undefined {
  return v === undefined ? undefined : ctx.compile(v);
}

const parseDateToString: OperatorParser = (args, ctx, name) => {
  if (!isPlainObject(args)) throw parseError(18629, `${name} only supports an object as its argument`);
  checkKeys(name, args, ['date', 'format', 'timezone', 'onNull'], 18534);
  if (args.date === undefined) throw parseError(18628, `Missing 'date' parameter to ${name}`);
  const dateE = ctx.compile(args.date);
  const formatE = optional(ctx, args.format);
  const tzE = optional(ctx, args.timezone);
  const onNull = optional(ctx, args.onNull);
  if (typeof args.format === 'string') validateDateFormat(args.format);
  return (s) => {
    const v = dateE(s);
    let format: string | null = DEFAULT_DATE_FORMAT;
    if (formatE) {
      const f = formatE(s);
      if (isNullish(f)) {
        format = null;
      } else {
        if (typeof f !== 'string') throw evalError(18533, `${name} requires that 'format' be a string, found: ${typeName(f)} with value ${formatValue(f)}`);
        validateDateFormat(f);
        format = f;
      }
    }
    // The time zone is validated before the null checks; a null date wins over other nulls.
    const tz = evalZone(tzE, s);
    if (isNullish(v)) return onNull ? onNull(s) : null;
    if (tz === null || format === null) return null;
    return formatDate(toDateValue(v), format, tz);
  };
};

const parseDateFromString: OperatorParser = (args, ctx, name) => {
  if (!isPlainObject(args)) throw parseError(40540, `${name} only supports an object as an argument, found: ${typeName(args)}`);
  checkKeys(name, args, ['dateString', 'format', 'timezone', 'onError', 'onNull'], 40541);
  if (args.dateString === undefined) throw parseError(40542, `Missing 'dateString' parameter to ${name}`);
  const strE = ctx.compile(args.dateString);
  const formatE = optional(ctx, args.format);
  const tzE = optional(ctx, args.timezone);
  const onError = optional(ctx, args.onError);
  const onNull = optional(ctx, args.onNull);
  return (s) => {
    const str = strE(s);
    let format: string | null | undefined;
    if (formatE) {
      const f = formatE(s);
      if (isNullish(f)) {
        format = null;
      } else {
        if (typeof f !== 'string') throw evalError(40684, `${name} requires that 'format' be a string, found: ${typeName(f)} with value ${formatValue(f)}`);
        validateDateFormat(f);
        format = f;
      }
    }
    const tz = evalZone(tzE, s);
    if (isNullish(str)) return onNull ? onNull(s) : null;
    try {
      if (typeof str !== 'string') {
        throw new ExpressionError(241, `${name} requires that 'dateString' be a string, found: ${typeName(str)} with value ${formatValue(str)}`);
      }
      if (tz === null || format === null) return null;
      const parsed = format ? parseWithFormat(str, format, tz) : parseDefault(str, tz);
      if (!parsed) throw new ExpressionError(241, `Error parsing date string '${str}'`);
      if (parsed.hasOffset && tzE) {
        throw new ExpressionError(241, `Error parsing date string '${str}'; you cannot pass in a date/time string with GMT offset together with a timezone argument`);
      }
      return parsed.date;
    } catch (e) {
      if (onError && e instanceof ExpressionError && e.code === 241) return onError(s);
      throw e;
    }
  };
};

const CALENDAR_FIELDS = ['year', 'month', 'day', 'hour', 'minute', 'second', 'millisecond'] as const;
const ISO_FIELDS = ['isoWeekYear', 'isoWeek', 'isoDayOfWeek', 'hour', 'minute', 'second', 'millisecond'] as const;

const parseDateFromParts: OperatorParser = (args, ctx, name) => {
  if (!isPlainObject(args)) throw parseError(40519, `${name} only supports an object as its argument`);
  checkKeys(name, args, [...CALENDAR_FIELDS, 'isoWeekYear', 'isoWeek', 'isoDayOfWeek', 'timezone'], 40518);
  const iso = args.isoWeekYear !== undefined;
  if (!iso && args.year === undefined) throw parseError(40516, `${name} requires either 'year' or 'isoWeekYear' to be present`);
  if (args.year !== undefined && (iso || args.isoWeek !== undefined || args.isoDayOfWeek !== undefined)) {
    throw parseError(40489, `${name} does not allow mixing natural dates with ISO dates`);
  }
  if (iso && (args.month !== undefined || args.day !== undefined)) {
    throw parseError(40525, `${name} does not allow mixing ISO dates with natural dates`);
  }
  const fields = iso ? ISO_FIELDS : CALENDAR_FIELDS;
  const evs = fields.map((f) => [f, optional(ctx, args[f])] as const);
  const tzE = optional(ctx, args.timezone);
  return (s) => {
    const vals: number[] = [];
    for (const [f, e] of evs) {
      const dflt = f === 'month' || f === 'day' || f === 'isoWeek' || f === 'isoDayOfWeek' ? 1 : 0;
      if (!e) {
        vals.push(dflt);
        continue;
      }
      const v = e(s);
      if (isNullish(v)) return null;
      if (!decodeNumber(v)) throw evalError(40515, `'${f}' must evaluate to an integer, found ${typeName(v)} with value ${formatValue(v)}`);
      const n = toInt64Exact(v);
      if (n === undefined) throw evalError(40515, `'${f}' must evaluate to an integer, found ${typeName(v)} with value ${formatValue(v)}`);
      const num = Number(n);
      if (f === 'year' || f === 'isoWeekYear') {
        if (num < 1 || num > 9999) {
          throw evalError(f === 'year' ? 40523 : 31095, `'${f}' must evaluate to an integer in the range 1 to 9999, found ${num}`);
        }
      } else if (f !== 'second' && f !== 'millisecond' && (num < -32768 || num > 32767)) {
        throw evalError(31034, `'${f}' must evaluate to a value in the range [-32768, 32767]; value ${num} is not in range`);
      }
      vals.push(num);
    }
    const tz = evalZone(tzE, s);
    if (tz === null) return null;
    const [a, b, c, h, mi, sec, ms] = vals as [number, number, number, number, number, number, number];
    return iso ? instantFromIsoParts(a, b, c, h, mi, sec, ms, tz) : instantFromParts(a, b, c, h, mi, sec, ms, tz);
  };
};

const parseDateToParts: OperatorParser = (args, ctx, name) => {
  if (!isPlainObject(args)) throw parseError(40524, `${name} only supports an object as its argument`);
  checkKeys(name, args, ['date', 'timezone', 'iso8601'], 40520);
  if (args.date === undefined) throw parseError(40522, `Missing 'date' parameter to ${name}`);
  const dateE = ctx.compile(args.date);
  const tzE = optional(ctx, args.timezone);
  const isoE = optional(ctx, args.iso8601);
  return (s) => {
    const v = dateE(s);
    const tz = evalZone(tzE, s);
    if (tz === null) return null;
    let iso = false;
    if (isoE) {
      const i = isoE(s);
      if (isNullish(i)) return null;
      if (typeof i !== 'boolean') throw evalError(40521, `iso8601 must evaluate to a bool, found ${typeName(i)}`);
      iso = i;
    }
    if (isNullish(v)) return null;
    const p = dateParts(toDateValue(v), tz);
    const i32 = (n: number): Int32 => new Int32(n);
    return iso
      ? { isoWeekYear: i32(p.isoWeekYear), isoWeek: i32(p.isoWeek), isoDayOfWeek: i32(p.isoDayOfWeek), hour: i32(p.hour), minute: i32(p.minute), second: i32(p.second), millisecond: i32(p.millisecond) }
      : { year: i32(p.year), month: i32(p.month), day: i32(p.day), hour: i32(p.hour), minute: i32(p.minute), second: i32(p.second), millisecond: i32(p.millisecond) };
  };
};

const UNIT_MS: Readonly<Record<string, number>> = {
  millisecond: 1,
  second: 1000,
  minute: 60_000,
  hour: 3_600_000,
  day: 86_400_000,
  week: 7 * 86_400_000,
};
const UNITS = ['year', 'quarter', 'month', 'week', 'day', 'hour', 'minute', 'second', 'millisecond'];

function unitOf(v: unknown, name: string): string {
  if (typeof v !== 'string') throw evalError(5439013, `${name} requires 'unit' to be a string, but got ${typeName(v)}`);
  if (!UNITS.includes(v)) throw evalError(5439014, `${name} parameter 'unit' value cannot be recognized as a time unit: ${v}`);
  return v;
}

/** Adds `amount` units in `tz` (months clamp to the last day of the month). */
function addUnits(d: Date, unit: string, amount: number, tz: TimeZone): Date {
  if (unit === 'millisecond' || unit === 'second' || unit === 'minute' || unit === 'hour') {
    return new Date(d.getTime() + amount * UNIT_MS[unit]!);
  }
  const p = dateParts(d, tz);
  if (unit === 'day' || unit === 'week') {
    const days = unit === 'day' ? amount : amount * 7;
    return instantFromParts(p.year, p.month, p.day + days, p.hour, p.minute, p.second, p.millisecond, tz);
  }
  const months = unit === 'year' ? amount * 12 : unit === 'quarter' ? amount * 3 : amount;
  const total = p.year * 12 + (p.month - 1) + months;
  const y = Math.floor(total / 12);
  const m = (total % 12) + 1;
  const dim = new Date(Date.UTC(2000, m, 0)).getUTCDate() - (m === 2 && !((y % 4 === 0 && y % 100 !== 0) || y % 400 === 0) ? 1 : 0);
  return instantFromParts(y, m, Math.min(p.day, dim), p.hour, p.minute, p.second, p.millisecond, tz);
}

function parseDateArith(sign: 1 | -1): OperatorParser {
  return (args, ctx, name) => {
    if (!isPlainObject(args)) throw parseError(5166400, `${name} expects an object as its argument`);
    checkKeys(name, args, ['startDate', 'unit', 'amount', 'timezone'], 5166401);
    if (args.startDate === undefined || args.unit === undefined || args.amount === undefined) {
      throw parseError(5166402, `${name} requires startDate, unit, and amount to be present`);
    }
    const startE = ctx.compile(args.startDate);
    const unitE = ctx.compile(args.unit);
    const amountE = ctx.compile(args.amount);
    const tzE = optional(ctx, args.timezone);
    return (s) => {
      const start = startE(s);
      const unit = unitE(s);
      const amount = amountE(s);
      if (isNullish(start) || isNullish(unit) || isNullish(amount)) return null;
      const tz = evalZone(tzE, s);
      if (tz === null) return null;
      if (!isDateLike(start)) throw evalError(5166403, `${name} requires startDate to be convertible to a date`);
      if (typeof unit !== 'string') throw evalError(5166404, `${name} expects string defining the time unit`);
      if (!UNITS.includes(unit)) throw evalError(9, `unknown time unit value: ${unit}`);
      const n = toInt64Exact(amount);
      if (n === undefined) throw evalError(5166405, `${name} expects integer amount of time units`);
      return addUnits(toDateValue(start), unit, sign * Number(n), tz);
    };
  };
}

const DAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

function startOfWeekIndex(v: unknown, name: string): number {
  if (typeof v !== 'string') throw evalError(5439015, `${name} requires 'startOfWeek' to be a string, but got ${typeName(v)}`);
  const lower = v.toLowerCase();
  const i = DAYS.findIndex((d) => d === lower || d.slice(0, 3) === lower);
  if (i < 0) throw evalError(5439016, `${name} parameter 'startOfWeek' value cannot be recognized as a day of a week: ${v}`);
  return i;
}

/** Days since 1970-01-01 of a local calendar date. */
function epochDay(p: DateParts): number {
  return Math.floor(instantFromParts(p.year, p.month, p.day, 0, 0, 0, 0, UTC).getTime() / 86_400_000);
}

function diffUnits(a: Date, b: Date, unit: string, tz: TimeZone, startOfWeek: number): number {
  const pa = dateParts(a, tz);
  const pb = dateParts(b, tz);
  switch (unit) {
    case 'year':
      return pb.year - pa.year;
    case 'quarter':
      return pb.year * 4 + Math.floor((pb.month - 1) / 3) - (pa.year * 4 + Math.floor((pa.month - 1) / 3));
    case 'month':
      return pb.year * 12 + pb.month - (pa.year * 12 + pa.month);
    case 'week': {
      const wa = Math.floor((epochDay(pa) - ((startOfWeek + 3) % 7)) / 7);
      const wb = Math.floor((epochDay(pb) - ((startOfWeek + 3) % 7)) / 7);
      // 1970-01-01 was a Thursday (index 4): shift so weeks start on startOfWeek.
      return wb - wa;
    }
    case 'day':
      return epochDay(pb) - epochDay(pa);
    default: {
      const unitMs = UNIT_MS[unit]!;
      const la = a.getTime() + pa.offsetMinutes * 60_000;
      const lb = b.getTime() + pb.offsetMinutes * 60_000;
      return Math.floor(lb / unitMs) - Math.floor(la / unitMs);
    }
  }
}

const parseDateDiff: OperatorParser = (args, ctx, name) => {
  if (!isPlainObject(args)) throw parseError(5166301, `${name} only supports an object as its argument`);
  checkKeys(name, args, ['startDate', 'endDate', 'unit', 'timezone', 'startOfWeek'], 5166302);
  ([['startDate', 5166303], ['endDate', 5166304], ['unit', 5166305]] as const).forEach(([f, code]) => {
    if (args[f] === undefined) throw parseError(code, `Missing '${f}' parameter to ${name}`);
  });
  const startE = ctx.compile(args.startDate);
  const endE = ctx.compile(args.endDate);
  const unitE = ctx.compile(args.unit);
  const tzE = optional(ctx, args.timezone);
  const sowE = optional(ctx, args.startOfWeek);
  return (s) => {
    const a = startE(s);
    const b = endE(s);
    const unit = unitE(s);
    if (isNullish(a) || isNullish(b) || isNullish(unit)) return null;
    const tz = evalZone(tzE, s);
    if (tz === null) return null;
    const u = unitOf(unit, name);
    let sow = 0;
    if (u === 'week' && sowE) {
      const v = sowE(s);
      if (isNullish(v)) return null;
      sow = startOfWeekIndex(v, name);
    }
    if (!isDateLike(a)) throw evalError(5166307, `${name} requires 'startDate' to be a date, but got ${typeName(a)}`);
    if (!isDateLike(b)) throw evalError(5166307, `${name} requires 'endDate' to be a date, but got ${typeName(b)}`);
    return Long.fromNumber(diffUnits(toDateValue(a), toDateValue(b), u, tz, sow));
  };
};

const parseDateTrunc: OperatorParser = (args, ctx, name) => {
  if (!isPlainObject(args)) throw parseError(5439007, `${name} only accepts an object as its argument`);
  checkKeys(name, args, ['date', 'unit', 'binSize', 'timezone', 'startOfWeek'], 5439008);
  if (args.date === undefined) throw parseError(5439009, `${name} requires 'date' to be present`);
  if (args.unit === undefined) throw parseError(5439010, `${name} requires 'unit' to be present`);
  const dateE = ctx.compile(args.date);
  const unitE = ctx.compile(args.unit);
  const binE = optional(ctx, args.binSize);
  const tzE = optional(ctx, args.timezone);
  const sowE = optional(ctx, args.startOfWeek);
  return (s) => {
    const dv = dateE(s);
    const unit = unitE(s);
    if (isNullish(dv) || isNullish(unit)) return null;
    const tz = evalZone(tzE, s);
    if (tz === null) return null;
    const u = unitOf(unit, name);
    let bin = 1;
    if (binE) {
      const b = binE(s);
      if (isNullish(b)) return null;
      const n = toInt64Exact(b);
      if (n === undefined) throw evalError(5439017, `${name} requires 'binSize' to be a 64-bit integer, but got value '${formatValue(b)}' of type ${typeName(b)}`);
      if (n <= 0n) throw evalError(5439018, `${name} requires 'binSize' to be greater than 0, but got value ${n}`);
      bin = Number(n);
    }
    let sow = 0;
    if (u === 'week' && sowE) {
      const v = sowE(s);
      if (isNullish(v)) return null;
      sow = startOfWeekIndex(v, name);
    }
    if (!isDateLike(dv)) throw evalError(5439012, `${name} requires 'date' to be a date, but got ${typeName(dv)}`);
    const d = toDateValue(dv);
    const p = dateParts(d, tz);
    // Bins are counted from the reference instant 2000-01-01T00:00:00 (local time).
    switch (u) {
      case 'year':
      case 'quarter':
      case 'month': {
        const step = u === 'year' ? 12 * bin : u === 'quarter' ? 3 * bin : bin;
        const months = (p.year - 2000) * 12 + (p.month - 1);
        const binned = Math.floor(months / step) * step;
        return instantFromParts(2000 + Math.floor(binned / 12), (((binned % 12) + 12) % 12) + 1, 1, 0, 0, 0, 0, tz);
      }
      case 'week': {
        // 2000-01-02 was a Sunday; align to the requested first day of the week.
        const ref = epochDay(dateParts(new Date(Date.UTC(2000, 0, 2 + sow)), UTC));
        const days = epochDay(p) - ref;
        const start = ref + Math.floor(days / (7 * bin)) * 7 * bin;
        const sd = new Date(start * 86_400_000);
        return instantFromParts(sd.getUTCFullYear(), sd.getUTCMonth() + 1, sd.getUTCDate(), 0, 0, 0, 0, tz);
      }
      case 'day': {
        const ref = epochDay(dateParts(new Date(Date.UTC(2000, 0, 1)), UTC));
        const start = ref + Math.floor((epochDay(p) - ref) / bin) * bin;
        const sd = new Date(start * 86_400_000);
        return instantFromParts(sd.getUTCFullYear(), sd.getUTCMonth() + 1, sd.getUTCDate(), 0, 0, 0, 0, tz);
      }
      default: {
        const unitMs = UNIT_MS[u]! * bin;
        const offset = p.offsetMinutes * 60_000;
        const ref = Date.UTC(2000, 0, 1);
        const local = d.getTime() + offset - ref;
        const truncated = Math.floor(local / unitMs) * unitMs + ref;
        return new Date(truncated - offset);
      }
    }
  };
};

/** The date operator family. */
export const dateOperators: OperatorTable = {
  $year: partExtractor((p) => p.year),
  $month: partExtractor((p) => p.month),
  $dayOfMonth: partExtractor((p) => p.day),
  $hour: partExtractor((p) => p.hour),
  $minute: partExtractor((p) => p.minute),
  $second: partExtractor((p) => p.second),
  $millisecond: partExtractor((p) => p.millisecond),
  $dayOfWeek: partExtractor((p) => p.dayOfWeek),
  $dayOfYear: partExtractor((p) => p.dayOfYear),
  $week: partExtractor((p) => p.week),
  $isoWeek: partExtractor((p) => p.isoWeek),
  $isoWeekYear: partExtractor((p) => p.isoWeekYear),
  $isoDayOfWeek: partExtractor((p) => p.isoDayOfWeek),
  $dateToString: parseDateToString,
  $dateFromString: parseDateFromString,
  $dateFromParts: parseDateFromParts,
  $dateToParts: parseDateToParts,
  $dateAdd: parseDateArith(1),
  $dateSubtract: parseDateArith(-1),
  $dateDiff: parseDateDiff,
  $dateTrunc: parseDateTrunc,
};
