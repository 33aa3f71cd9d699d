/**
 * `compileSort`: a MongoDB sort specification compiled into a comparator.
 */
import { BadQueryError } from '../errors.js';
import { getField, parseFieldPath } from '../path/field-path.js';
import { sortKeyAt } from '../path/collect.js';
import { formatElement } from '../query/format.js';
import { isPlainObject, type Document } from '../values/bson-type.js';
import { compileCollation, type Collator } from '../values/collation.js';
import { compareStrings, compareValues } from '../values/compare.js';
import { decodeNumber, toDouble } from '../values/numeric.js';

interface SortField {
  readonly parts: readonly string[];
  readonly descending: boolean;
  /** The single field name of a top-level path, for the fast path. */
  readonly top: string | undefined;
}

// Keys are recomputed per comparison: a top-level scalar is one property read,
// which is cheaper than any per-document cache (a WeakMap lookup costs more).
function keyOf(doc: Document, f: SortField): unknown {
  if (f.top !== undefined) {
    const v = getField(doc, f.top);
    if (!Array.isArray(v)) return v === undefined ? null : v;
  }
  return sortKeyAt(doc, f.parts, f.descending, compareValues);
}

// compareValues with fast paths for the commonest keys (strings, int32/double).
function compareKeys(x: unknown, y: unknown): number {
  if (typeof x === 'string' && typeof y === 'string') return x === y ? 0 : compareStrings(x, y);
  const tx = (x as { _bsontype?: string } | null)?._bsontype;
  const ty = (y as { _bsontype?: string } | null)?._bsontype;
  if ((tx === 'Int32' || tx === 'Double') && (ty === 'Int32' || ty === 'Double')) {
    const a = (x as { value: number }).value;
    const b = (y as { value: number }).value;
    if (a < b) return -1;
    if (a > b) return 1;
    if (a === b) return 0;
  }
  return compareValues(x, y);
}

/** Compares two documents; negative when `a` sorts first. */
export type DocumentComparator = (a: Document, b: Document) => number;

/** Options of `compileSort`. */
export interface SortOptions {
  /** Collation of string keys: a collation document or a compiled collator; binary when absent. */
  readonly collation?: Document | Collator | null | undefined;
}

function parseDirection(key: string, value: unknown): boolean {
  if (isPlainObject(value)) {
    const keys = Object.keys(value);
    if (keys[0] !== '$meta') throw new BadQueryError(17312, '$meta is the only expression supported by $sort right now');
    if (keys.length !== 1) throw new BadQueryError(9, 'Cannot have additional keys in a $meta sort specification');
    throw new BadQueryError(
      2,
      `sort by ${formatElement(key, value)} is not supported by Argon (no text or search scores)`,
    );
  }
  if (!decodeNumber(value)) throw new BadQueryError(15974, `Illegal key in $sort specification: ${formatElement(key, value)}`);
  // MongoDB reads the direction as a (truncated) 64-bit integer: 1.5 means 1.
  const d = Math.trunc(toDouble(value));
  if (d !== 1 && d !== -1) {
    throw new BadQueryError(15975, '$sort key ordering must be 1 (for ascending) or -1 (for descending)');
  }
  return d === -1;
}

/**
 * Compiles a sort specification (`{a: 1, 'b.c': -1}`) into a comparator, or
 * returns `null` when there is nothing to sort by. Directions may be any
 * numeric BSON type that truncates to 1 or -1. Values compare in BSON order; an array
 * sorts by its smallest element ascending and its largest descending; a
 * missing field sorts as `null`. Ties compare as 0, so a stable sort
 * (`Array.prototype.sort`) keeps their input order. With
 * `options.collation`, strings (also inside documents and arrays) sort by
 * that collation.
 *
 * @example
 * docs.sort(compileSort({ age: -1, name: 1 })!);
 * docs.sort(compileSort({ name: 1 }, { collation: { locale: 'en', numericOrdering: true } })!);
 */
export function compileSort(sort: Document | undefined | null, options?: SortOptions): DocumentComparator | null {
  if (sort === undefined || sort === null) return null;
  if (!isPlainObject(sort)) throw new BadQueryError(2, 'sort must be a document');
  const fields: SortField[] = [];
  for (const key of Object.keys(sort)) {
    const value = sort[key];
    if (value === undefined) continue;
    const descending = parseDirection(key, value);
    const parts = parseFieldPath(key);
    fields.push({ parts, descending, top: parts.length === 1 ? parts[0] : undefined });
  }
  if (fields.length === 0) return null;
  const collator = compileCollation(options?.collation);
  if (collator) return collatedComparator(fields, collator);
  const n = fields.length;
  return (a, b) => {
    if (a === b) return 0;
    for (let i = 0; i < n; i++) {
      const f = fields[i]!;
      const c = compareKeys(keyOf(a, f), keyOf(b, f));
      if (c !== 0) return f.descending ? -c : c;
    }
    return 0;
  };
}

/** The comparator of a sort under a collation (no fast paths: strings need the collator). */
function collatedComparator(fields: readonly SortField[], collator: Collator): DocumentComparator {
  const compare = (x: unknown, y: unknown): number => compareValues(x, y, collator);
  const key = (doc: Document, f: SortField): unknown => {
    if (f.top !== undefined) {
      const v = getField(doc, f.top);
      if (!Array.isArray(v)) return v === undefined ? null : v;
    }
    return sortKeyAt(doc, f.parts, f.descending, compare);
  };
  return (a, b) => {
    if (a === b) return 0;
    for (const f of fields) {
      const c = compare(key(a, f), key(b, f));
      if (c !== 0) return f.descending ? -c : c;
    }
    return 0;
  };
}
