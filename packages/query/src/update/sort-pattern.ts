/**
 * The `$sort` clause of `$push`: `1`/`-1` sorts whole elements in BSON order;
 * `{field: 1, …}` sorts by fields of embedded documents, a missing field (or
 * a non-document element) sorting as null.
 */
import { ERROR_CODES, UpdateError } from '../errors.js';
import { isPlainObject } from '../values/bson-type.js';
import { compareValues, documentEntries, isDocumentLike } from '../values/compare.js';
import { decodeNumber, toDouble } from '../values/numeric.js';

/** A compiled `$sort` clause: a comparator over array elements. */
export type ElementComparator = (a: unknown, b: unknown) => number;

function direction(v: unknown): 1 | -1 | undefined {
  if (!decodeNumber(v)) return undefined;
  const d = toDouble(v);
  return d === 1 ? 1 : d === -1 ? -1 : undefined;
}

/** Reads a dotted path the way `BSONObj::getFieldDotted` does: documents by name, arrays by index. */
function valueAtPath(v: unknown, parts: readonly string[]): unknown {
  let cur = v;
  for (const part of parts) {
    if (Array.isArray(cur)) {
      if (!/^(0|[1-9][0-9]*)$/.test(part)) return undefined;
      cur = cur[Number(part)];
    } else if (isPlainObject(cur)) {
      cur = Object.hasOwn(cur, part) ? cur[part] : undefined;
    } else if (isDocumentLike(cur)) {
      cur = documentEntries(cur).find(([k]) => k === part)?.[1];
    } else {
      return undefined;
    }
    if (cur === undefined) return undefined;
  }
  return cur;
}

/** Compiles a `$sort` clause of `$push`, throwing code 2 with mongod's messages when invalid. */
export function compileSortClause(spec: unknown): ElementComparator {
  if (isPlainObject(spec)) {
    const fields = Object.entries(spec).filter(([, v]) => v !== undefined);
    if (fields.length === 0) {
      throw new UpdateError(ERROR_CODES.BadValue, 'The $sort pattern is empty when it should be a set of fields.');
    }
    const keys = fields.map(([name, v]) => {
      const dir = direction(v);
      if (dir === undefined) throw new UpdateError(ERROR_CODES.BadValue, 'The $sort element value must be either 1 or -1');
      if (name.length === 0) throw new UpdateError(ERROR_CODES.BadValue, 'The $sort field cannot be empty');
      const parts = name.split('.');
      if (parts.some((p) => p.length === 0)) {
        throw new UpdateError(ERROR_CODES.BadValue, `The $sort field is a dotted field but has an empty part: ${name}`);
      }
      return { parts, dir };
    });
    return (a, b) => {
      for (const { parts, dir } of keys) {
        const c = compareValues(valueAtPath(a, parts) ?? null, valueAtPath(b, parts) ?? null);
        if (c !== 0) return dir * c;
      }
      return 0;
    };
  }
  if (decodeNumber(spec)) {
    const dir = direction(spec);
    if (dir === undefined) throw new UpdateError(ERROR_CODES.BadValue, 'The $sort element value must be either 1 or -1');
    return (a, b) => dir * compareValues(a, b);
  }
  throw new UpdateError(
    ERROR_CODES.BadValue,
    'The $sort is invalid: use 1/-1 to sort the whole element, or {field:1/-1} to sort embedded fields',
  );
}
