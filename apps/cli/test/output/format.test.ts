import { describe, expect, it } from 'vitest';
import { formatAge, formatBytes, formatDuration, formatValue } from '../../src/output/format.js';

const NOW = new Date('2026-11-21T14:00:00Z');
const ago = (ms: number): Date => new Date(NOW.getTime() - ms);

describe('formatAge', () => {
  it.each([
    [0, 'just now'],
    [4_000, 'just now'],
    [30_000, '30 seconds ago'],
    [60_000, '1 minute ago'],
    [3 * 60_000 + 59_000, '3 minutes ago'],
    [3_600_000, '1 hour ago'],
    [5 * 3_600_000, '5 hours ago'],
    [86_400_000, '1 day ago'],
    [8 * 86_400_000, '1 week ago'],
    [40 * 86_400_000, '1 month ago'],
    [400 * 86_400_000, '1 year ago'],
    [-5 * 60_000, 'in 5 minutes'],
  ])('%i ms → %s', (ms, want) => {
    expect(formatAge(ago(ms), NOW)).toBe(want);
  });

  it('accepts ISO strings and tolerates missing values', () => {
    expect(formatAge('2026-11-21T13:57:00Z', NOW)).toBe('3 minutes ago');
    expect(formatAge(null, NOW)).toBe('-');
    expect(formatAge('not a date', NOW)).toBe('-');
  });
});

describe('formatBytes / formatDuration', () => {
  it.each([
    [512, '512 B'],
    [1536, '1.5 KiB'],
    [20 * 1024 * 1024, '20.0 MiB'],
  ])('%i → %s', (n, want) => expect(formatBytes(n)).toBe(want));
  it('formats durations', () => {
    expect(formatDuration(850)).toBe('850 ms');
    expect(formatDuration(1250)).toBe('1.3 s');
    expect(formatDuration(185_000)).toBe('3 min 5 s');
  });
});

describe('formatValue', () => {
  it('shows relaxed Extended JSON the way mongosh does', () => {
    expect(formatValue({ $oid: '65a1b2c3d4e5f6a7b8c9d0e1' })).toBe("ObjectId('65a1b2c3d4e5f6a7b8c9d0e1')");
    expect(formatValue({ $date: '2026-11-21T10:00:00Z' })).toBe("ISODate('2026-11-21T10:00:00Z')");
    expect(formatValue({ $date: { $numberLong: '0' } })).toBe("ISODate('1970-01-01T00:00:00.000Z')");
    expect(formatValue({ $numberLong: '9007199254740993' })).toBe("Long('9007199254740993')");
    expect(formatValue('abc')).toBe("'abc'");
    expect(formatValue(42)).toBe('42');
    expect(formatValue(null)).toBe('null');
    expect(formatValue({ a: 1 })).toBe('{"a":1}');
  });
});
