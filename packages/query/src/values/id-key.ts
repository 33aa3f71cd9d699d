/**
 * Canonical string keys for `_id` values and index keys: two values get the
 * same key exactly when MongoDB considers them equal (so `1`, `1.0` and
 * `NumberLong(1)` collide, as they do in a unique index).
 */
import type { Binary, BSONRegExp, ObjectId, Timestamp } from 'bson';
import { bsonTypeOf } from './bson-type.js';
import { documentEntries } from './compare.js';
import { decodeNumber, numericKey } from './numeric.js';

/** Returns a string that identifies the value up to MongoDB equality. */
export function valueKey(v: unknown): string {
  switch (bsonTypeOf(v)) {
    case 'missing':
    case 'undefined':
      return 'u';
    case 'null':
      return 'z';
    case 'minKey':
      return '<';
    case 'maxKey':
      return '>';
    case 'int':
    case 'long':
    case 'double':
    case 'decimal':
      return `n${fastIntegerKey(v) ?? numericKey(decodeNumber(v)!)}`;
    case 'string':
    case 'symbol':
      return `s${String(v)}`;
    case 'objectId':
      return `o${(v as ObjectId).toHexString()}`;
    case 'bool':
      return v ? 'T' : 'F';
    case 'date':
      return `d${(v as Date).getTime()}`;
    case 'timestamp': {
      const t = v as Timestamp;
      return `t${t.high >>> 0}.${t.low >>> 0}`;
    }
    case 'binData': {
      if (v instanceof Uint8Array) return `b0:${Buffer.from(v).toString('base64')}`;
      const b = v as Binary;
      return `b${b.sub_type}:${Buffer.from(b.buffer.subarray(0, b.position)).toString('base64')}`;
    }
    case 'regex': {
      const r = v as BSONRegExp | RegExp;
      return r instanceof RegExp ? `r/${r.source}/${r.flags}` : `r/${r.pattern}/${r.options}`;
    }
    case 'array':
      return `a[${(v as unknown[]).map(valueKey).join(',')}]`;
    case 'object':
      return `{${documentEntries(v as object)
        .map(([k, x]) => `${JSON.stringify(k)}:${valueKey(x)}`)
        .join(',')}}`;
    default:
      return `x${String(v)}`;
  }
}

/**
 * The numeric key of a safe integer without BigInt arithmetic (the common
 * `_id` case); identical to `numericKey` for those values, else undefined.
 */
function fastIntegerKey(v: unknown): string | undefined {
  let x: number;
  if (typeof v === 'number') x = v;
  else {
    const tag = (v as { _bsontype?: string })._bsontype;
    if (tag === 'Int32' || tag === 'Double') x = (v as { value: number }).value;
    else return undefined;
  }
  if (!Number.isSafeInteger(x)) return undefined;
  if (x === 0) return '0';
  let e = 0;
  while (x % 10 === 0) {
    x /= 10;
    e++;
  }
  return `${x}e${e}`;
}
