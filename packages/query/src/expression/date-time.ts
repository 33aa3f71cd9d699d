/**
 * Calendar arithmetic for date operators: time zones (Olson names through
 * `Intl`, or fixed `+hh:mm` offsets), local date parts, `$dateToString`
 * formatting and `$dateFromString` parsing.
 */
import { evalError } from './failures.js';

/** A time zone: the UTC offset in milliseconds at an instant. */
export interface TimeZone {
  readonly name: string;
  offsetAt(utcMs: number): number;
}

/** UTC. */
export const UTC: TimeZone = Object.freeze({ name: 'UTC', offsetAt: () => 0 });

const zoneCache = new Map<string, TimeZone>();

function fixedZone(name: string, minutes: number): TimeZone {
  const ms = minutes * 60_000;
  return { name, offsetAt: () => ms };
}

/** Parses a `timezone` argument or throws code 40485. */
export function parseTimeZone(tz: string): TimeZone {
  const cached = zoneCache.get(tz);
  if (cached) return cached;
  let zone: TimeZone | undefined;
  const m = /^([+-])(\d{2})(?::?(\d{2}))?$/.exec(tz);
  if (m) {
    const minutes = Number(m[2]) * 60 + Number(m[3] ?? '0');
    zone = fixedZone(tz, m[1] === '-' ? -minutes : minutes);
  } else if (tz === 'UTC' || tz === 'GMT' || tz === 'Z') {
    zone = UTC;
  } else {
    let fmt: Intl.DateTimeFormat;
    try {
      fmt = new Intl.DateTimeFormat('en-US', {
        timeZone: tz,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
        era: 'short',
      });
    } catch {
      throw evalError(40485, `unrecognized time zone identifier: "${tz}"`);
    }
    zone = {
      name: tz,
      offsetAt(utcMs: number): number {
        const parts: Record<string, string> = {};
        for (const p of fmt.formatToParts(new Date(utcMs))) parts[p.type] = p.value;
        let year = Number(parts.year);
        if (parts.era === 'BC' || parts.era === 'B') year = 1 - year;
        const local = Date.UTC(year, Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
        const fixedYear = new Date(local);
        fixedYear.setUTCFullYear(year);
        return fixedYear.getTime() - Math.floor(utcMs / 1000) * 1000;
      },
    };
  }
  if (zoneCache.size > 256) zoneCache.clear();
  zoneCache.set(tz, zone);
  return zone;
}

/** The calendar fields of an instant in a time zone. */
export interface DateParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
  /** 1 (Sunday) … 7 (Saturday). */
  dayOfWeek: number;
  /** 1 … 366. */
  dayOfYear: number;
  /** Week of the year with weeks starting on Sunday (0 … 53, strftime `%U`). */
  week: number;
  isoWeekYear: number;
  /** 1 … 53. */
  isoWeek: number;
  /** 1 (Monday) … 7 (Sunday). */
  isoDayOfWeek: number;
  /** UTC offset in minutes. */
  offsetMinutes: number;
}

/** Splits an instant into calendar fields in `tz`. */
export function dateParts(d: Date, tz: TimeZone = UTC): DateParts {
  const t = d.getTime();
  const offset = tz.offsetAt(t);
  const l = new Date(t + offset);
  const year = l.getUTCFullYear();
  const month = l.getUTCMonth() + 1;
  const day = l.getUTCDate();
  const dow0 = l.getUTCDay();
  // Day of year computed in leap year 2000, minus Feb 29 for later months of common years.
  const leapDoy = Math.round((Date.UTC(2000, month - 1, day) - Date.UTC(2000, 0, 1)) / 86_400_000) + 1;
  const doy = month > 2 && !isLeap(year) ? leapDoy - 1 : leapDoy;
  const isoDow = dow0 === 0 ? 7 : dow0;
  // ISO week: the week containing the year's first Thursday is week 1.
  let isoWeekYear = year;
  let isoWeek = Math.floor((doy - isoDow + 10) / 7);
  if (isoWeek < 1) {
    isoWeekYear = year - 1;
    isoWeek = isoWeeksInYear(isoWeekYear);
  } else if (isoWeek > isoWeeksInYear(year)) {
    isoWeekYear = year + 1;
    isoWeek = 1;
  }
  return {
    year,
    month,
    day,
    hour: l.getUTCHours(),
    minute: l.getUTCMinutes(),
    second: l.getUTCSeconds(),
    millisecond: l.getUTCMilliseconds(),
    dayOfWeek: dow0 + 1,
    dayOfYear: doy,
    week: Math.floor((doy - 1 + 7 - dow0) / 7),
    isoWeekYear,
    isoWeek,
    isoDayOfWeek: isoDow,
    offsetMinutes: Math.round(offset / 60_000),
  };
}

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

function isoWeeksInYear(y: number): number {
  const p = (x: number): number => (x + Math.floor(x / 4) - Math.floor(x / 100) + Math.floor(x / 400)) % 7;
  return p(y) === 4 || p(y - 1) === 3 ? 53 : 52;
}

/** Builds the instant for local calendar fields in `tz` (fields may overflow, as in `$dateFromParts`). */
export function instantFromParts(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  millisecond: number,
  tz: TimeZone = UTC,
): Date {
  const base = new Date(Date.UTC(2000, month - 1, day, hour, minute, second, millisecond));
  base.setUTCFullYear(base.getUTCFullYear() - 2000 + year);
  const local = base.getTime();
  // Two passes settle the offset around DST transitions.
  let utc = local - tz.offsetAt(local);
  utc = local - tz.offsetAt(utc);
  return new Date(utc);
}

/** Builds the instant for an ISO week date in `tz`. */
export function instantFromIsoParts(
  isoWeekYear: number,
  isoWeek: number,
  isoDayOfWeek: number,
  hour: number,
  minute: number,
  second: number,
  millisecond: number,
  tz: TimeZone = UTC,
): Date {
  // January 4th is always in ISO week 1.
  const jan4 = new Date(Date.UTC(2000, 0, 4));
  jan4.setUTCFullYear(isoWeekYear);
  const jan4Dow = jan4.getUTCDay() === 0 ? 7 : jan4.getUTCDay();
  const dayOffset = (isoWeek - 1) * 7 + (isoDayOfWeek - jan4Dow);
  const d = new Date(jan4.getTime() + dayOffset * 86_400_000);
  return instantFromParts(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), hour, minute, second, millisecond, tz);
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

function pad(n: number, width: number): string {
  const s = String(Math.abs(n)).padStart(width, '0');
  return n < 0 ? `-${s}` : s;
}

/** The default `$dateToString` format. */
export const DEFAULT_DATE_FORMAT = '%Y-%m-%dT%H:%M:%S.%LZ';

/** Validates a `$dateToString` format string, or throws codes 18535/18536. */
export function validateDateFormat(format: string): void {
  for (let i = 0; i < format.length; i++) {
    if (format[i] !== '%') continue;
    const c = format[i + 1];
    if (c === undefined) throw evalError(18535, 'Unmatched \'%\' at end of format string');
    if (!'dGHjLmMSuUVwYzZbB%'.includes(c)) throw evalError(18536, `Invalid format character '%${c}' in format string`);
    i++;
  }
}

/** Formats an instant with MongoDB's `$dateToString` specifiers. */
export function formatDate(d: Date, format: string, tz: TimeZone = UTC): string {
  const p = dateParts(d, tz);
  let out = '';
  for (let i = 0; i < format.length; i++) {
    const ch = format[i]!;
    if (ch !== '%') {
      out += ch;
      continue;
    }
    const c = format[++i];
    switch (c) {
      case 'd':
        out += pad(p.day, 2);
        break;
      case 'G':
        out += pad(p.isoWeekYear, 4);
        break;
      case 'H':
        out += pad(p.hour, 2);
        break;
      case 'j':
        out += pad(p.dayOfYear, 3);
        break;
      case 'L':
        out += pad(p.millisecond, 3);
        break;
      case 'm':
        out += pad(p.month, 2);
        break;
      case 'M':
        out += pad(p.minute, 2);
        break;
      case 'S':
        out += pad(p.second, 2);
        break;
      case 'u':
        out += String(p.isoDayOfWeek);
        break;
      case 'U':
        out += pad(p.week, 2);
        break;
      case 'V':
        out += pad(p.isoWeek, 2);
        break;
      case 'w':
        out += String(p.dayOfWeek);
        break;
      case 'Y':
        out += pad(p.year, 4);
        break;
      case 'z': {
        const m = Math.abs(p.offsetMinutes);
        out += `${p.offsetMinutes < 0 ? '-' : '+'}${pad(Math.floor(m / 60), 2)}${pad(m % 60, 2)}`;
        break;
      }
      case 'Z':
        out += `${p.offsetMinutes < 0 ? '-' : '+'}${Math.abs(p.offsetMinutes)}`;
        break;
      case 'b':
        out += MONTHS[p.month - 1]!.slice(0, 3);
        break;
      case 'B':
        out += MONTHS[p.month - 1]!;
        break;
      case '%':
        out += '%';
        break;
      default:
        throw evalError(18536, `Invalid format character '%${c ?? ''}' in format string`);
    }
  }
  return out;
}

/** Result of parsing a date string: the instant, and whether the string carried its own offset. */
interface ParsedDate {
  date: Date;
  hasOffset: boolean;
}

function offsetMinutesOf(s: string): number {
  if (s === 'Z' || s === 'z' || s === 'UTC' || s === 'GMT') return 0;
  const m = /^([+-])(\d{2}):?(\d{2})?$/.exec(s)!;
  const v = Number(m[2]) * 60 + Number(m[3] ?? '0');
  return m[1] === '-' ? -v : v;
}

const ISO_LIKE =
  /^\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?\s*$/;
const SLASHED = /^\s*(\d{4})\/(\d{1,2})\/(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?\s*$/;

function validFields(y: number, mo: number, d: number, h: number, mi: number, s: number): boolean {
  if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 59) return false;
  const dim = [31, isLeap(y) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][mo - 1]!;
  return d <= dim;
}

function parseIsoLike(s: string, tz: TimeZone): ParsedDate | undefined {
  const m = ISO_LIKE.exec(s) ?? SLASHED.exec(s);
  if (!m) return undefined;
  const [y, mo, d, h, mi, sec] = [m[1], m[2], m[3], m[4] ?? '0', m[5] ?? '0', m[6] ?? '0'].map(Number) as [number, number, number, number, number, number];
  if (!validFields(y, mo, d, h, mi, sec)) return undefined;
  const ms = m[7] ? Number(m[7].slice(0, 3).padEnd(3, '0')) : 0;
  if (m[8]) {
    const local = instantFromParts(y, mo, d, h, mi, sec, ms, UTC);
    return { date: new Date(local.getTime() - offsetMinutesOf(m[8]) * 60_000), hasOffset: true };
  }
  return { date: instantFromParts(y, mo, d, h, mi, sec, ms, tz), hasOffset: false };
}

/** Parses a date string in the formats `$toDate` accepts (ISO 8601 and close variants). */
export function parseDateString(s: string, tz: TimeZone = UTC): Date | undefined {
  return parseIsoLike(s, tz)?.date;
}

/**
 * Parses `s` with a `$dateFromString` format. Returns undefined when the
 * string does not match the format.
 */
export function parseWithFormat(s: string, format: string, tz: TimeZone): ParsedDate | undefined {
  let pos = 0;
  const f: Record<string, number> = {};
  let offset: number | undefined;
  const num = (min: number, max: number): number | undefined => {
    const m = new RegExp(`^[+-]?\\d{${min},${max}}`).exec(s.slice(pos));
    if (!m) return undefined;
    pos += m[0].length;
    return Number(m[0]);
  };
  for (let i = 0; i < format.length; i++) {
    const ch = format[i]!;
    if (ch !== '%') {
      if (s[pos] !== ch) return undefined;
      pos++;
      continue;
    }
    const c = format[++i];
    let v: number | undefined;
    switch (c) {
      case 'Y':
        v = num(4, 4);
        if (v === undefined) return undefined;
        f.year = v;
        break;
      case 'G':
        v = num(4, 4);
        if (v === undefined) return undefined;
        f.isoWeekYear = v;
        break;
      case 'm':
      case 'd':
      case 'H':
      case 'M':
      case 'S':
      case 'V':
        v = num(1, 2);
        if (v === undefined) return undefined;
        f[c] = v;
        break;
      case 'j':
        v = num(1, 3);
        if (v === undefined) return undefined;
        f.j = v;
        break;
      case 'L':
        v = num(1, 3);
        if (v === undefined) return undefined;
        f.L = v;
        break;
      case 'u':
        v = num(1, 1);
        if (v === undefined) return undefined;
        f.u = v;
        break;
      case 'z': {
        const m = /^(Z|[+-]\d{2}:?\d{2})/.exec(s.slice(pos));
        if (!m) return undefined;
        pos += m[0].length;
        offset = offsetMinutesOf(m[0]);
        break;
      }
      case 'Z': {
        const m = /^[+-]\d{1,4}/.exec(s.slice(pos));
        if (!m) return undefined;
        pos += m[0].length;
        offset = Number(m[0]);
        break;
      }
      case '%':
        if (s[pos] !== '%') return undefined;
        pos++;
        break;
      default:
        throw evalError(18536, `Invalid format character '%${c ?? ''}' in format string`);
    }
  }
  if (pos !== s.length) return undefined;
  const zone = offset === undefined ? tz : fixedZone('', offset);
  const h = f.H ?? 0;
  const mi = f.M ?? 0;
  const sec = f.S ?? 0;
  const ms = f.L ?? 0;
  let date: Date;
  if (f.isoWeekYear !== undefined) {
    date = instantFromIsoParts(f.isoWeekYear, f.V ?? 1, f.u ?? 1, h, mi, sec, ms, zone);
  } else {
    const y = f.year ?? 1970;
    if (f.j !== undefined) {
      date = instantFromParts(y, 1, f.j, h, mi, sec, ms, zone);
    } else {
      const mo = f.m ?? 1;
      const d = f.d ?? 1;
      if (!validFields(y, mo, d, h, mi, sec)) return undefined;
      date = instantFromParts(y, mo, d, h, mi, sec, ms, zone);
    }
  }
  return { date, hasOffset: offset !== undefined };
}

/** Parses a `$dateFromString` input without a format. */
export function parseDefault(s: string, tz: TimeZone): ParsedDate | undefined {
  return parseIsoLike(s, tz);
}
