/** Value-to-string coercion as string operators apply it (`$toUpper`, `$substr`, `$strcasecmp`...). */
import type { BSONSymbol, Decimal128, Double, Int32, Long } from 'bson';
import { bsonTypeOf } from '../values/index.js';
import { evalError } from './failures.js';

/** Formats a double the way `$toString` prints it. */
export function formatDouble(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return 'Infinity';
  if (x === -Infinity) return '-Infinity';
  if (Object.is(x, -0)) return '-0';
  return String(x);
}

/** Formats a date as MongoDB's default `%Y-%m-%dT%H:%M:%S.%LZ`. */
export function formatIsoDate(d: Date): string {
  const t = d.getTime();
  if (Number.isNaN(t)) return 'invalid date';
  const y = d.getUTCFullYear();
  if (y >= 0 && y <= 9999) return d.toISOString();
  // Years outside 0..9999 keep MongoDB's plain year digits.
  const pad = (n: number, w = 2): string => String(n).padStart(w, '0');
  return `${y}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}Z`;
}

/**
 * Coerces a value to a string: numbers and dates are formatted, null and
 * missing become "", and arrays, documents and other types throw (code 16007).
 */
export function coerceToString(v: unknown): string {
  switch (bsonTypeOf(v)) {
    case 'string':
      return v as string;
    case 'symbol':
      return (v as BSONSymbol).value;
    case 'missing':
    case 'null':
    case 'undefined':
      return '';
    case 'int':
      return typeof v === 'number' ? String(v) : String((v as Int32).value);
    case 'double':
      return formatDouble(typeof v === 'number' ? v : (v as Double).value);
    case 'long':
      return typeof v === 'bigint' ? v.toString() : (v as Long).toString();
    case 'decimal':
      return (v as Decimal128).toString();
    case 'date':
      return formatIsoDate(v as Date);
    default:
      throw evalError(16007, `can't convert from BSON type ${bsonTypeOf(v)} to String`);
  }
}
