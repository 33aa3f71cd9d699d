import { calculateObjectSize } from 'bson';

/**
 * Whether a document's BSON encoding fits in `limit` bytes, without encoding
 * it. Every write checks its post-image against MongoDB's 16 MiB limit, and
 * `calculateObjectSize` costs about as much as serializing (it measures the
 * UTF-8 length of every string natively). An upper bound (a UTF-16 unit is
 * at most 3 UTF-8 bytes) is a cheap walk and settles nearly every document;
 * only one whose bound is over the limit is measured exactly.
 */
export function fitsInBson(doc: Record<string, unknown>, limit: number): boolean {
  return documentBound(doc, false, limit, 0) <= limit || calculateObjectSize(doc) <= limit;
}

/** Deeper nesting is measured exactly (which also rejects cycles). */
const MAX_DEPTH = 150;

// Upper bound of a document's size; Infinity when unsure (the caller then measures exactly).
// Stops early once `limit` is passed.
function documentBound(doc: object, isArray: boolean, limit: number, depth: number): number {
  if (depth > MAX_DEPTH) return Infinity;
  let size = 5;
  if (isArray) {
    const arr = doc as unknown[];
    // Index keys: at most 10 digits, plus type byte and NUL.
    for (let i = 0; i < arr.length && size <= limit; i++) size += 12 + valueBound(arr[i], limit, depth);
  } else {
    const keys = Object.keys(doc);
    for (let i = 0; i < keys.length && size <= limit; i++) {
      const key = keys[i]!;
      size += 2 + key.length * 3 + valueBound((doc as Record<string, unknown>)[key], limit, depth);
    }
  }
  return size;
}

function valueBound(value: unknown, limit: number, depth: number): number {
  switch (typeof value) {
    case 'string':
      return 5 + value.length * 3;
    case 'number':
      return 8;
    case 'boolean':
    case 'undefined':
      return 1;
    case 'object':
      break;
    default:
      return Infinity;
  }
  if (value === null) return 0;
  const tag = (value as { _bsontype?: unknown })._bsontype;
  if (tag === undefined) {
    if (Array.isArray(value)) return documentBound(value, true, limit, depth + 1);
    if (value instanceof Date) return 8;
    if (value instanceof Uint8Array) return 5 + value.length;
    if (value instanceof RegExp || value instanceof Map) return Infinity;
    return documentBound(value, false, limit, depth + 1);
  }
  switch (tag) {
    case 'Int32':
      return 4;
    case 'Double':
    case 'Long':
    case 'Timestamp':
      return 8;
    case 'ObjectId':
      return 12;
    case 'Decimal128':
      return 16;
    case 'MinKey':
    case 'MaxKey':
      return 0;
    case 'Binary':
      return 9 + (value as { position: number }).position;
    case 'BSONRegExp': {
      const r = value as { pattern: string; options: string };
      return 2 + (r.pattern.length + r.options.length) * 3;
    }
    default:
      return Infinity;
  }
}
