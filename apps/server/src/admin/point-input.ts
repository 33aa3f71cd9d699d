import { BadInputError } from '@argon/core';
import type { PointInput } from './admin-types.js';

/** A point resolved from {@link PointInput}: an LSN or a Date. */
export type ParsedPoint = { readonly lsn: number; readonly time?: undefined } | { readonly time: Date; readonly lsn?: undefined };

const ISO_RE = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/;

/** Parses an ISO 8601 time; throws BAD_INPUT naming `field`. */
export function parseIsoTime(text: unknown, field = 'time'): Date {
  const d = typeof text === 'string' && ISO_RE.test(text) ? new Date(text) : undefined;
  if (!d || Number.isNaN(d.getTime())) {
    throw new BadInputError(`${field} must be an ISO 8601 time such as 2026-11-21T10:00:00Z, got ${JSON.stringify(text)}`, { details: { field, value: text } });
  }
  return d;
}

/** Throws BAD_INPUT unless `lsn` is a non-negative safe integer. */
export function checkLsn(lsn: unknown, field = 'lsn'): number {
  if (typeof lsn !== 'number' || !Number.isSafeInteger(lsn) || lsn < 0) {
    throw new BadInputError(`${field} must be a non-negative integer LSN, got ${JSON.stringify(lsn)}`, { details: { field, value: lsn } });
  }
  return lsn;
}

/**
 * Reads a point (exactly one of `lsn` or `time`). Returns undefined when
 * neither is given and `required` is false; throws BAD_INPUT otherwise.
 */
export function parsePointInput(input: PointInput | undefined, opts: { required: boolean; what: string }): ParsedPoint | undefined {
  const hasLsn = input?.lsn !== undefined && input.lsn !== null;
  const hasTime = input?.time !== undefined && input.time !== null;
  if (hasLsn && hasTime) throw new BadInputError(`${opts.what}: give either lsn or time, not both`, { details: { field: 'lsn' } });
  if (hasLsn) return { lsn: checkLsn(input!.lsn) };
  if (hasTime) return { time: parseIsoTime(input!.time) };
  if (opts.required) throw new BadInputError(`${opts.what}: give the point as lsn (an LSN) or time (an ISO 8601 time)`, { details: { field: 'lsn' } });
  return undefined;
}

/** The database-name suffix of a point: `1200` or `2026-11-21T10:00:00.000Z`. */
export function pointSuffix(p: ParsedPoint): string {
  return p.lsn !== undefined ? String(p.lsn) : p.time.toISOString();
}
