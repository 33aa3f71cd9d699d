/**
 * Error construction and value formatting for expression messages.
 * Parse-time problems raise `BadQueryError`, evaluation-time ones
 * `ExpressionError`; both carry MongoDB's numeric codes.
 */
import { BadQueryError, ExpressionError } from '../errors.js';
import { bsonTypeOf, documentEntries, isPlainObject } from '../values/index.js';
import type { Binary, BSONRegExp, Decimal128, Double, Int32, Long, ObjectId, Timestamp } from 'bson';

/** An error found while compiling an expression. */
export function parseError(code: number, message: string): BadQueryError {
  return new BadQueryError(code, message);
}

/** An error found while evaluating an expression. */
export function evalError(code: number, message: string): ExpressionError {
  return new ExpressionError(code, message);
}

/** MongoDB's type name of a value, as used in error messages (`missing` for absent). */
export function typeName(v: unknown): string {
  return bsonTypeOf(v);
}

/** Formats a value roughly the way the server prints values in error messages. */
export function formatValue(v: unknown, depth = 0): string {
  if (v === undefined) return 'MISSING';
  if (v === null) return 'null';
  if (typeof v === 'string') return depth === 0 ? v : JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  if (Array.isArray(v)) return v.length === 0 ? '[]' : `[ ${v.map((x) => formatValue(x, depth + 1)).join(', ')} ]`;
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? 'invalid date' : v.toISOString();
  if (v instanceof RegExp) return `/${v.source}/${v.flags}`;
  if (isPlainObject(v) || bsonTypeOf(v) === 'object') {
    const entries = documentEntries(v as object);
    if (entries.length === 0) return '{}';
    return `{ ${entries.map(([k, x]) => `${k}: ${formatValue(x, depth + 1)}`).join(', ')} }`;
  }
  switch (bsonTypeOf(v)) {
    case 'int':
      return String((v as Int32).value);
    case 'double': {
      const d = (v as Double).value;
      return Number.isInteger(d) ? d.toFixed(1) : String(d);
    }
    case 'long':
      return (v as Long).toString();
    case 'decimal':
      return (v as Decimal128).toString();
    case 'objectId':
      return `ObjectId('${(v as ObjectId).toHexString()}')`;
    case 'timestamp': {
      const t = v as Timestamp;
      return `Timestamp(${t.high >>> 0}, ${t.low >>> 0})`;
    }
    case 'regex': {
      const r = v as BSONRegExp;
      return `/${r.pattern}/${r.options}`;
    }
    case 'binData':
      return `BinData(${(v as Binary).sub_type ?? 0}, ...)`;
    case 'minKey':
      return 'MinKey';
    case 'maxKey':
      return 'MaxKey';
    default:
      return String(v);
  }
}
