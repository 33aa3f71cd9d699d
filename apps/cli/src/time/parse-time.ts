import { CLI_CODES, CliError } from '../errors.js';

/** How `today` and `yesterday` pick the calendar: the process's local zone (default) or UTC. */
export type CalendarZone = 'local' | 'utc';

/** Options of {@link parseTime}. */
export interface ParseTimeOptions {
  /** The current instant (tests inject one). Default: `new Date()`. */
  readonly now?: Date;
  /** Zone of `today`, `yesterday` and RFC 3339 times without an offset. Default `local`. */
  readonly zone?: CalendarZone;
}

/** A time argument and the exact instant it resolved to. */
export interface ResolvedTime {
  /** The text as given. */
  readonly input: string;
  /** The instant. */
  readonly date: Date;
  /** True for relative forms (`5m ago`, `yesterday`, `now`...). */
  readonly relative: boolean;
}

const UNIT_MS = Object.freeze({
  second: 1000,
  minute: 60_000,
  hour: 3_600_000,
  day: 86_400_000,
  week: 604_800_000,
} as const);
type Unit = keyof typeof UNIT_MS;

const UNIT_ALIASES: Readonly<Record<string, Unit>> = Object.freeze({
  s: 'second', sec: 'second', secs: 'second', second: 'second', seconds: 'second',
  m: 'minute', min: 'minute', mins: 'minute', minute: 'minute', minutes: 'minute',
  h: 'hour', hr: 'hour', hrs: 'hour', hour: 'hour', hours: 'hour',
  d: 'day', day: 'day', days: 'day',
  w: 'week', wk: 'week', wks: 'week', week: 'week', weeks: 'week',
});

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?)?([Zz]|[+-]\d{2}:?\d{2})?$/;
const AGO = /^(\d+(?:\.\d+)?)\s*([a-z]+)\s+ago$/;
const DAY_AT = /^(today|yesterday)(?:\s+(?:at\s+)?(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;

/** The message of every time error: names the input and lists what works. */
function badTime(input: string, why?: string): CliError {
  return new CliError(
    CLI_CODES.BAD_TIME,
    `invalid time ${JSON.stringify(input)}${why ? ` (${why})` : ''}: use RFC 3339 such as 2026-11-21T10:00:00Z or 2026-11-21T11:00:00+01:00, ` +
      `or a relative time: now, "5 minutes ago", 2h ago, 3d ago, yesterday, "yesterday 17:00", "today 09:30"`,
    { details: { field: 'time', value: input } },
  );
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** A wall-clock time in `zone` on the calendar day of `base` shifted by `dayOffset` days. */
function atClock(base: Date, zone: CalendarZone, dayOffset: number, h: number, m: number, s: number): Date {
  if (zone === 'utc') return new Date(Date.UTC(base.getUTCFullYear(), base.getUTCMonth(), base.getUTCDate() + dayOffset, h, m, s));
  return new Date(base.getFullYear(), base.getMonth(), base.getDate() + dayOffset, h, m, s);
}

function parseRfc3339(input: string, m: RegExpExecArray, zone: CalendarZone): Date {
  const [, ys, mos, ds, hs = '0', mis = '0', ss = '0', frac = '', offset] = m;
  const year = Number(ys);
  const month = Number(mos);
  const day = Number(ds);
  const hour = Number(hs);
  const minute = Number(mis);
  const second = Number(ss);
  if (month < 1 || month > 12) throw badTime(input, `month ${mos} is not 01–12`);
  if (day < 1 || day > daysInMonth(year, month)) throw badTime(input, `day ${ds} does not exist in ${ys}-${mos}`);
  if (hour > 23) throw badTime(input, `hour ${hs} is not 00–23`);
  if (minute > 59) throw badTime(input, `minute ${mis} is not 00–59`);
  if (second > 59) throw badTime(input, `second ${ss} is not 00–59`);
  const ms = frac ? Math.floor(Number(`0${frac}`) * 1000) : 0;
  let epoch: number;
  if (offset === undefined) {
    epoch = zone === 'utc' ? Date.UTC(year, month - 1, day, hour, minute, second, ms) : new Date(year, month - 1, day, hour, minute, second, ms).getTime();
  } else {
    epoch = Date.UTC(year, month - 1, day, hour, minute, second, ms);
    if (offset !== 'Z' && offset !== 'z') {
      const sign = offset.startsWith('-') ? -1 : 1;
      const digits = offset.slice(1).replace(':', '');
      const oh = Number(digits.slice(0, 2));
      const om = Number(digits.slice(2));
      if (oh > 23 || om > 59) throw badTime(input, `offset ${offset} is not a valid UTC offset`);
      epoch -= sign * (oh * 60 + om) * 60_000;
    }
  }
  const date = new Date(epoch);
  if (Number.isNaN(date.getTime())) throw badTime(input);
  return date;
}

/**
 * Parses a time argument (`--time`, a `@point` of `argon diff`) into an
 * instant. Accepts:
 * - RFC 3339: `2026-11-21T10:00:00Z`, `2026-11-21T11:00:00.250+01:00`,
 *   `2026-11-21` (midnight); without an offset the time is in `zone`;
 * - `now`;
 * - `N <unit> ago` with units seconds, minutes, hours, days, weeks and their
 *   short forms: `5 minutes ago`, `5m ago`, `2h ago`, `1.5 hours ago`;
 * - `today` / `yesterday` (midnight starting that day) and
 *   `today 09:30` / `yesterday 17:00[:30]`.
 *
 * Throws a {@link CliError} (`BAD_TIME`) naming the input and the accepted forms.
 *
 * @example
 * ```ts
 * parseTime('5 minutes ago', { now: new Date('2026-11-21T14:00:02.123Z') }).date.toISOString();
 * // '2026-11-21T13:55:02.123Z'
 * ```
 */
export function parseTime(input: string, opts: ParseTimeOptions = {}): ResolvedTime {
  const now = opts.now ?? new Date();
  const zone = opts.zone ?? 'local';
  const text = input.trim().toLowerCase().replace(/\s+/g, ' ');
  if (text === '') throw badTime(input, 'empty');

  const rfc = RFC3339.exec(input.trim());
  if (rfc) return { input, date: parseRfc3339(input, rfc, zone), relative: false };

  if (text === 'now') return { input, date: new Date(now.getTime()), relative: true };

  const ago = AGO.exec(text);
  if (ago) {
    const amount = Number(ago[1]);
    const unit = UNIT_ALIASES[ago[2]!];
    if (!unit) throw badTime(input, `unknown unit '${ago[2]}'; use seconds, minutes, hours, days or weeks`);
    return { input, date: new Date(now.getTime() - Math.round(amount * UNIT_MS[unit])), relative: true };
  }

  const day = DAY_AT.exec(text);
  if (day) {
    const offset = day[1] === 'yesterday' ? -1 : 0;
    const h = day[2] === undefined ? 0 : Number(day[2]);
    const m = day[3] === undefined ? 0 : Number(day[3]);
    const s = day[4] === undefined ? 0 : Number(day[4]);
    if (h > 23 || m > 59 || s > 59) throw badTime(input, 'the clock time must be HH:MM or HH:MM:SS within 00:00–23:59:59');
    return { input, date: atClock(now, zone, offset, h, m, s), relative: true };
  }

  throw badTime(input);
}

/** The line the CLI prints after resolving a time, e.g. `resolved "5 minutes ago" to 2026-11-21T13:55:02.123Z`. */
export function describeResolved(t: ResolvedTime): string {
  return `resolved ${JSON.stringify(t.input)} to ${t.date.toISOString()}`;
}
