/**
 * Comparison predicates (`$eq`, `$lt`, `$lte`, `$gt`, `$gte`) and `$in`.
 *
 * Comparisons only match values of the same canonical type bracket ("type
 * bracketing"): `{a: {$gt: 1}}` never matches a string. The exceptions follow
 * MongoDB: a `null` operand also matches a missing field for `$eq`, `$lte` and
 * `$gte`, and `MinKey`/`MaxKey` operands compare below/above every other type.
 */
import { canonicalRank } from '../values/bson-type.js';
import type { Collator } from '../values/collation.js';
import { compareValues, valuesEqual } from '../values/compare.js';
import { valueKey } from '../values/id-key.js';
import { decodeNumber } from '../values/numeric.js';
import type { ValueTest } from './types.js';

/** The comparison operators, as an `as const` table of their names. */
export const COMPARISON_OPS = Object.freeze({ $eq: 'eq', $lt: 'lt', $lte: 'lte', $gt: 'gt', $gte: 'gte' } as const);

/** One comparison kind. */
export type ComparisonKind = (typeof COMPARISON_OPS)[keyof typeof COMPARISON_OPS];

const RANK_MISSING = 0;
const RANK_NULL = 5;
const RANK_MINKEY = -1;
const RANK_MAXKEY = 127;

/** True for a double or decimal NaN. */
export function isNaNValue(v: unknown): boolean {
  if (typeof v === 'number') return Number.isNaN(v);
  if (v === null || typeof v !== 'object') return false;
  const n = decodeNumber(v);
  if (!n) return false;
  if (n.kind === 'double') return Number.isNaN(n.value);
  return n.kind === 'decimal' && n.value.special === 'nan';
}

/**
 * Builds the test for `{$op: rhs}` applied to one value (`undefined` =
 * missing). With a `collator`, strings (also inside documents and arrays)
 * compare under that collation.
 */
export function comparisonTest(kind: ComparisonKind, rhs: unknown, collator?: Collator): ValueTest {
  const rhsRank = canonicalRank(rhs);
  const includesEqual = kind === 'eq' || kind === 'lte' || kind === 'gte';
  if (kind === 'eq') {
    // Fast paths for the commonest equality operands.
    if (rhs === null) return (v) => v === null || v === undefined;
    if (typeof rhs === 'string') {
      if (collator) {
        const compare = collator.compare;
        return (v) => v === rhs || (canonicalRank(v) === 15 && compare(String(v), rhs) === 0);
      }
      return (v) => v === rhs || (typeof v !== 'string' && canonicalRank(v) === 15 && String(v) === rhs);
    }
    if (typeof rhs === 'boolean') return (v) => v === rhs;
  }
  const rhsNaN = kind !== 'eq' && isNaNValue(rhs);
  const general: ValueTest = (v) => {
    const rank = canonicalRank(v);
    if (rank !== rhsRank) {
      // null and missing (or BSON undefined) form one bracket for these operators.
      if (rank === RANK_MISSING && rhsRank === RANK_NULL) return includesEqual;
      if (rhsRank === RANK_MAXKEY) return kind === 'lt' || kind === 'lte';
      if (rhsRank === RANK_MINKEY) return kind === 'gt' || kind === 'gte';
      return false;
    }
    if (kind !== 'eq') {
      // NaN equals NaN but is neither smaller nor greater than any number.
      const lhsNaN = rank === 10 && isNaNValue(v);
      if (lhsNaN || rhsNaN) return lhsNaN && rhsNaN && kind !== 'lt' && kind !== 'gt';
    }
    const c = compareValues(v, rhs, collator);
    switch (kind) {
      case 'eq':
        return c === 0;
      case 'lt':
        return c < 0;
      case 'lte':
        return c <= 0;
      case 'gt':
        return c > 0;
      case 'gte':
        return c >= 0;
    }
  };
  const r = plainDouble(rhs);
  if (r === undefined) return general;
  // Fast path: int32/double values against an int32/double operand compare as JS numbers.
  return (v, details) => {
    const tag = (v as { _bsontype?: string } | null | undefined)?._bsontype;
    if (tag === 'Int32' || tag === 'Double') {
      const x = (v as { value: number }).value;
      if (x === x) {
        switch (kind) {
          case 'eq':
            return x === r;
          case 'lt':
            return x < r;
          case 'lte':
            return x <= r;
          case 'gt':
            return x > r;
          case 'gte':
            return x >= r;
        }
      }
    }
    return general(v, details);
  };
}

// The value of a non-NaN int32 or double operand, else undefined.
function plainDouble(v: unknown): number | undefined {
  let x: number;
  if (typeof v === 'number') x = v;
  else {
    const tag = (v as { _bsontype?: string } | null | undefined)?._bsontype;
    if (tag !== 'Int32' && tag !== 'Double') return undefined;
    x = (v as { value: number }).value;
  }
  return Number.isNaN(x) ? undefined : x;
}

/** Above this many operands `$in` looks values up by canonical key instead of scanning. */
const IN_SET_THRESHOLD = 8;

/**
 * Builds the test for `$in`: equal to one of `values`, or matched by one of
 * `regexes`. A `null` among the values also matches a missing field. With a
 * `collator`, strings are equal when the collation says so.
 */
export function inTest(values: readonly unknown[], regexes: readonly ValueTest[], collator?: Collator): ValueTest {
  const hasNull = values.some((v) => v === null);
  const equalities = values.filter((v) => v !== null);
  if (collator) return collatedInTest(equalities, regexes, hasNull, collator);
  let eq: (v: unknown) => boolean;
  if (equalities.length > IN_SET_THRESHOLD) {
    const keys = new Set(equalities.map(valueKey));
    eq = (v) => v !== undefined && keys.has(valueKey(v));
  } else {
    eq = (v) => {
      for (const e of equalities) if (valuesEqual(v, e)) return true;
      return false;
    };
  }
  // Strings are the commonest $in operands: answer them from a set.
  const strings = new Set<string>();
  for (const e of equalities) if (canonicalRank(e) === 15) strings.add(String(e));
  return (v, details) => {
    if (v === null || v === undefined) return hasNull;
    if (typeof v === 'string') {
      if (strings.has(v)) return true;
    } else if (eq(v)) {
      return true;
    }
    for (const r of regexes) if (r(v, details)) return true;
    return false;
  };
}

/** `$in` under a collation: string operands are found by binary search in collation order. */
function collatedInTest(equalities: readonly unknown[], regexes: readonly ValueTest[], hasNull: boolean, collator: Collator): ValueTest {
  const compare = collator.compare;
  const strings = equalities.filter((e) => canonicalRank(e) === 15).map(String).sort(compare);
  const others = equalities.filter((e) => canonicalRank(e) !== 15);
  const hasString = (s: string): boolean => {
    let lo = 0;
    let hi = strings.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const c = compare(strings[mid]!, s);
      if (c === 0) return true;
      if (c < 0) lo = mid + 1;
      else hi = mid;
    }
    return false;
  };
  return (v, details) => {
    if (v === null || v === undefined) return hasNull;
    if (canonicalRank(v) === 15) {
      if (hasString(String(v))) return true;
    } else {
      for (const e of others) if (valuesEqual(v, e, collator)) return true;
    }
    for (const r of regexes) if (r(v, details)) return true;
    return false;
  };
}
