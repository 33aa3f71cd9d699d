/**
 * Binary identity of BSON values: same type and same bytes, as mongod's
 * `binaryEqualValues`. Update operators use it to decide that a write is a
 * no-op (`$set: {a: 1}` on `a: Int32(1)` changes nothing, but on
 * `a: Double(1)` it changes the type, so it is a modification).
 */
import type { Binary, BSONRegExp, Code, Decimal128, ObjectId, Timestamp } from '../values/bson-type.js';
import { bsonTypeOf } from '../values/bson-type.js';
import { documentEntries } from '../values/compare.js';
import { decodeNumber } from '../values/numeric.js';

function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function binaryBytes(v: unknown): [number, Uint8Array] {
  if (v instanceof Uint8Array) return [0, v];
  const b = v as Binary;
  return [b.sub_type, b.buffer.subarray(0, b.position)];
}

/** True when `a` and `b` would serialize to the same BSON bytes (type, value, field order). */
export function identicalValues(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  const ta = bsonTypeOf(a);
  if (ta !== bsonTypeOf(b)) return false;
  switch (ta) {
    case 'missing':
    case 'undefined':
    case 'null':
    case 'minKey':
    case 'maxKey':
      return true;
    case 'int':
    case 'long': {
      const x = decodeNumber(a)!;
      const y = decodeNumber(b)!;
      return x.value === y.value;
    }
    case 'double': {
      const x = decodeNumber(a)!.value as number;
      const y = decodeNumber(b)!.value as number;
      // Object.is separates 0 from -0 (different bytes) and equates NaN with NaN.
      return Object.is(x, y);
    }
    case 'decimal':
      return bytesEqual((a as Decimal128).bytes, (b as Decimal128).bytes);
    case 'string':
    case 'bool':
      return a === b;
    case 'symbol':
      return String(a) === String(b);
    case 'objectId':
      return bytesEqual((a as ObjectId).id, (b as ObjectId).id);
    case 'date':
      return Object.is((a as Date).getTime(), (b as Date).getTime());
    case 'timestamp': {
      const x = a as Timestamp;
      const y = b as Timestamp;
      return x.high >>> 0 === y.high >>> 0 && x.low >>> 0 === y.low >>> 0;
    }
    case 'regex': {
      const [pa, fa] = a instanceof RegExp ? [a.source, a.flags] : [(a as BSONRegExp).pattern, (a as BSONRegExp).options];
      const [pb, fb] = b instanceof RegExp ? [b.source, b.flags] : [(b as BSONRegExp).pattern, (b as BSONRegExp).options];
      return pa === pb && fa === fb;
    }
    case 'binData': {
      const [sa, ba] = binaryBytes(a);
      const [sb, bb] = binaryBytes(b);
      return sa === sb && bytesEqual(ba, bb);
    }
    case 'array': {
      const x = a as unknown[];
      const y = b as unknown[];
      if (x.length !== y.length) return false;
      for (let i = 0; i < x.length; i++) if (!identicalValues(x[i], y[i])) return false;
      return true;
    }
    case 'object': {
      const ea = documentEntries(a as object);
      const eb = documentEntries(b as object);
      if (ea.length !== eb.length) return false;
      for (let i = 0; i < ea.length; i++) {
        const [ka, va] = ea[i]!;
        const [kb, vb] = eb[i]!;
        if (ka !== kb || !identicalValues(va, vb)) return false;
      }
      return true;
    }
    case 'javascript':
    case 'javascriptWithScope': {
      const x = a as Code;
      const y = b as Code;
      return String(x.code) === String(y.code) && identicalValues(x.scope ?? undefined, y.scope ?? undefined);
    }
    default:
      return false;
  }
}
