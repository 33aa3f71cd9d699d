import { ARGON_CODES, type ArgonError } from '@argon/core';
import { describe, expect, it } from 'vitest';
import { checkLsn, parseIsoTime, parsePointInput, pointSuffix } from '../../src/admin/point-input.js';

function code(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    return (err as ArgonError).argonCode;
  }
  return 'none';
}

describe('point input', () => {
  it('reads exactly one of lsn and time', () => {
    expect(parsePointInput({ lsn: 5 }, { required: true, what: 'x' })).toEqual({ lsn: 5 });
    expect(parsePointInput({ time: '2026-01-01T10:00:00Z' }, { required: true, what: 'x' })).toEqual({ time: new Date('2026-01-01T10:00:00Z') });
    expect(parsePointInput({}, { required: false, what: 'x' })).toBeUndefined();
    expect(code(() => parsePointInput({}, { required: true, what: 'x' }))).toBe(ARGON_CODES.BAD_INPUT);
    expect(code(() => parsePointInput({ lsn: 1, time: '2026-01-01T10:00:00Z' }, { required: false, what: 'x' }))).toBe(ARGON_CODES.BAD_INPUT);
  });

  it('rejects negative, fractional and non-numeric LSNs', () => {
    expect(checkLsn(0)).toBe(0);
    for (const bad of [-1, 1.5, '3', Number.MAX_SAFE_INTEGER + 2]) expect(code(() => checkLsn(bad))).toBe(ARGON_CODES.BAD_INPUT);
  });

  it('accepts ISO 8601 times only', () => {
    expect(parseIsoTime('2026-11-21T10:00:00+01:00').toISOString()).toBe('2026-11-21T09:00:00.000Z');
    for (const bad of ['yesterday', '1 hour ago', '2026-13-45T99:00:00Z', 42]) expect(code(() => parseIsoTime(bad))).toBe(ARGON_CODES.BAD_INPUT);
  });

  it('formats database-name suffixes', () => {
    expect(pointSuffix({ lsn: 12 })).toBe('12');
    expect(pointSuffix({ time: new Date('2026-01-01T00:00:00Z') })).toBe('2026-01-01T00:00:00.000Z');
  });
});
