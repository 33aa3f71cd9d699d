import { BadInputError } from '@argon/core';
import { EJSON, Long } from 'bson';

/** Replaces Longs that a JS number cannot hold exactly with `{$numberLong}` so relaxed EJSON stays lossless. */
function keepLargeLongs(v: unknown): unknown {
  if (v === null || typeof v !== 'object') return v;
  if (v instanceof Long) return Number.isSafeInteger(v.toNumber()) ? v : { $numberLong: v.toString() };
  if (Array.isArray(v)) {
    let out: unknown[] | undefined;
    for (let i = 0; i < v.length; i++) {
      const n = keepLargeLongs(v[i]);
      if (n !== v[i]) (out ??= v.slice())[i] = n;
    }
    return out ?? v;
  }
  if (Object.getPrototypeOf(v) !== Object.prototype && Object.getPrototypeOf(v) !== null) return v;
  let out: Record<string, unknown> | undefined;
  for (const [k, x] of Object.entries(v)) {
    const n = keepLargeLongs(x);
    if (n !== x) (out ??= { ...(v as Record<string, unknown>) })[k] = n;
  }
  return out ?? v;
}

/**
 * A document or BSON value as relaxed Extended JSON (`EJSON.serialize(x,
 * {relaxed: true})`): numbers stay numbers, ObjectIds become `{$oid}`,
 * dates `{$date}`. Longs beyond 2^53 stay `{$numberLong}` so no value is
 * silently rounded.
 */
export function toEjson(value: unknown): unknown {
  if (value === undefined) return null;
  return EJSON.serialize(keepLargeLongs(value), { relaxed: true });
}

/**
 * Reads an Extended JSON value from a request (`{"$oid": "..."}`,
 * `{"$date": "..."}`, `{"$numberLong": "..."}`...) into BSON values, keeping
 * the numeric types (canonical mode). Throws BAD_INPUT naming `field`.
 */
export function fromEjson(value: unknown, field: string): unknown {
  if (value === null || typeof value !== 'object') return value;
  try {
    return EJSON.deserialize(value as Record<string, unknown>, { relaxed: false });
  } catch (err) {
    throw new BadInputError(`${field} is not valid Extended JSON: ${(err as Error).message}`, { details: { field } });
  }
}

/** Like {@link fromEjson} for an optional document (filter, sort, projection): it must be an object. */
export function documentFromEjson(value: unknown, field: string): Record<string, unknown> | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new BadInputError(`${field} must be a JSON object (Extended JSON), got ${Array.isArray(value) ? 'an array' : typeof value}`, { details: { field } });
  }
  return fromEjson(value, field) as Record<string, unknown>;
}

/** Makes facts JSON-safe for status output: Dates become ISO strings, bigints numbers or strings, errors messages. */
export function jsonSafe(value: unknown): unknown {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  if (value instanceof Error) return value.message;
  if (typeof value === 'function' || typeof value === 'symbol') return undefined;
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(jsonSafe);
  if (ArrayBuffer.isView(value)) return `<${value.byteLength} bytes>`;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    const s = jsonSafe(v);
    if (s !== undefined) out[k] = s;
  }
  return out;
}
