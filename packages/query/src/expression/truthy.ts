/** Aggregation truthiness (`$cond`, `$and`, `$filter`, `$match`'s `$expr`...). */
import { bsonTypeOf } from '../values/index.js';
import { decodeNumber } from '../values/index.js';

/**
 * Aggregation truthiness: `false`, `null`, missing and numeric zero of any type
 * are false; everything else (including NaN, empty strings, arrays and
 * documents) is true.
 */
export function isTruthy(v: unknown): boolean {
  if (v === undefined || v === null || v === false) return false;
  if (v === true) return true;
  switch (bsonTypeOf(v)) {
    case 'int':
    case 'long':
    case 'double':
    case 'decimal': {
      const n = decodeNumber(v)!;
      if (n.kind === 'decimal') return n.value.special !== 'none' || n.value.coeff !== 0n;
      if (n.kind === 'long') return n.value !== 0n;
      return n.value !== 0;
    }
    case 'undefined':
      return false;
    default:
      return true;
  }
}
