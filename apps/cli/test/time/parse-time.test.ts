import { describe, expect, it } from 'vitest';
import { describeResolved, parseTime } from '../../src/time/parse-time.js';

const NOW = new Date('2026-11-21T14:00:02.123Z');
const utc = { now: NOW, zone: 'utc' as const };
const iso = (text: string, opts: Parameters<typeof parseTime>[1] = utc): string => parseTime(text, opts).date.toISOString();

describe('parseTime: RFC 3339', () => {
  it.each([
    ['2026-11-21T10:00:00Z', '2026-11-21T10:00:00.000Z'],
    ['2026-11-21t10:00:00z', '2026-11-21T10:00:00.000Z'],
    ['2026-11-21T11:00:00+01:00', '2026-11-21T10:00:00.000Z'],
    ['2026-11-21T04:30:00-05:30', '2026-11-21T10:00:00.000Z'],
    ['2026-11-21T10:00:00.250Z', '2026-11-21T10:00:00.250Z'],
    ['2026-11-21T10:00:00.123456789Z', '2026-11-21T10:00:00.123Z'],
    ['2026-11-21 10:00:00Z', '2026-11-21T10:00:00.000Z'],
    ['2026-11-21T10:00Z', '2026-11-21T10:00:00.000Z'],
    ['2026-11-21', '2026-11-21T00:00:00.000Z'],
    ['2024-02-29T00:00:00Z', '2024-02-29T00:00:00.000Z'],
  ])('%s → %s', (text, want) => {
    expect(iso(text)).toBe(want);
    expect(parseTime(text, utc).relative).toBe(false);
  });

  it('reads a time without an offset in the local zone by default', () => {
    expect(parseTime('2026-11-21T10:00:00', { now: NOW }).date.getTime()).toBe(new Date(2026, 10, 21, 10, 0, 0).getTime());
  });

  it.each([
    ['2026-13-01T00:00:00Z', 'month 13'],
    ['2026-02-30T00:00:00Z', 'day 30 does not exist'],
    ['2025-02-29T00:00:00Z', 'day 29 does not exist'],
    ['2026-11-21T24:00:00Z', 'hour 24'],
    ['2026-11-21T10:60:00Z', 'minute 60'],
    ['2026-11-21T10:00:61Z', 'second 61'],
    ['2026-11-21T10:00:00+25:00', 'offset +25:00'],
  ])('rejects %s naming the bad part', (text, part) => {
    expect(() => parseTime(text, utc)).toThrow(part);
  });
});

describe('parseTime: relative', () => {
  it('resolves "5 minutes ago" against the injected clock', () => {
    const r = parseTime('5 minutes ago', utc);
    expect(r.date.toISOString()).toBe('2026-11-21T13:55:02.123Z');
    expect(r.relative).toBe(true);
    expect(describeResolved(r)).toBe('resolved "5 minutes ago" to 2026-11-21T13:55:02.123Z');
  });

  it.each([
    ['now', '2026-11-21T14:00:02.123Z'],
    ['NOW', '2026-11-21T14:00:02.123Z'],
    ['30 seconds ago', '2026-11-21T13:59:32.123Z'],
    ['1 second ago', '2026-11-21T14:00:01.123Z'],
    ['10s ago', '2026-11-21T13:59:52.123Z'],
    ['5m ago', '2026-11-21T13:55:02.123Z'],
    ['5 min ago', '2026-11-21T13:55:02.123Z'],
    ['1 minute ago', '2026-11-21T13:59:02.123Z'],
    ['2h ago', '2026-11-21T12:00:02.123Z'],
    ['2 hours ago', '2026-11-21T12:00:02.123Z'],
    ['1.5 hours ago', '2026-11-21T12:30:02.123Z'],
    ['3 days ago', '2026-11-18T14:00:02.123Z'],
    ['3d ago', '2026-11-18T14:00:02.123Z'],
    ['1 week ago', '2026-11-14T14:00:02.123Z'],
    ['2w ago', '2026-11-07T14:00:02.123Z'],
    ['  5   minutes   ago ', '2026-11-21T13:55:02.123Z'],
  ])('%s → %s', (text, want) => {
    expect(iso(text)).toBe(want);
  });

  it.each([
    ['today', '2026-11-21T00:00:00.000Z'],
    ['today 09:30', '2026-11-21T09:30:00.000Z'],
    ['today at 09:30', '2026-11-21T09:30:00.000Z'],
    ['yesterday', '2026-11-20T00:00:00.000Z'],
    ['yesterday 17:00', '2026-11-20T17:00:00.000Z'],
    ['Yesterday 7:05:09', '2026-11-20T07:05:09.000Z'],
  ])('%s → %s (UTC calendar)', (text, want) => {
    expect(iso(text)).toBe(want);
  });

  it('uses the local calendar for today/yesterday by default', () => {
    const d = parseTime('yesterday 17:00', { now: NOW }).date;
    const local = new Date(NOW.getFullYear(), NOW.getMonth(), NOW.getDate() - 1, 17, 0, 0);
    expect(d.getTime()).toBe(local.getTime());
  });

  it('crosses month boundaries for yesterday', () => {
    expect(iso('yesterday 23:59', { now: new Date('2026-03-01T08:00:00Z'), zone: 'utc' })).toBe('2026-02-28T23:59:00.000Z');
  });

  it('defaults the clock to the current time', () => {
    const before = Date.now();
    const t = parseTime('now').date.getTime();
    expect(t).toBeGreaterThanOrEqual(before);
    expect(t).toBeLessThanOrEqual(Date.now());
  });
});

describe('parseTime: errors', () => {
  it.each(['', 'soon', '5 parsecs ago', 'ago', 'today 25:00', 'yesterday 10:61', '21/11/2026', 'tomorrow', '5 minutes'])('rejects %j with the accepted forms', (text) => {
    let err: unknown;
    try {
      parseTime(text, utc);
    } catch (e) {
      err = e;
    }
    expect(err).toMatchObject({ code: 'BAD_TIME', isUserError: true });
    expect((err as Error).message).toContain(JSON.stringify(text));
    expect((err as Error).message).toContain('RFC 3339');
  });

  it('names an unknown unit', () => {
    expect(() => parseTime('5 fortnights ago', utc)).toThrow("unknown unit 'fortnights'");
  });
});
