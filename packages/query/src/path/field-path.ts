/**
 * Dotted field paths: splitting, validation and single-step field access on
 * the in-memory document representation.
 */
import { BadQueryError } from '../errors.js';
import type { Document } from '../values/bson-type.js';

/** Splits a dotted path into its components (`'a.b.0'` → `['a', 'b', '0']`). */
export function splitPath(path: string): string[] {
  return path.split('.');
}

/**
 * The array index a path component names, or -1. Only canonical decimal
 * forms count: `'01'` never addresses element 1, as in MongoDB where the
 * component must equal the element's field name.
 */
export function arrayIndexOf(part: string): number {
  const n = part.length;
  if (n === 0 || n > 15) return -1;
  const c0 = part.charCodeAt(0);
  if (c0 < 48 || c0 > 57 || (c0 === 48 && n > 1)) return -1;
  for (let i = 1; i < n; i++) {
    const c = part.charCodeAt(i);
    if (c < 48 || c > 57) return -1;
  }
  return Number(part);
}

const hasOwn = Object.prototype.hasOwnProperty;

interface DBRefLike {
  collection: string;
  oid: unknown;
  db?: string;
  fields?: Record<string, unknown>;
}

/**
 * Reads one field of a document-like value: a plain document, a `DBRef`
 * (seen as `{$ref, $id, $db?, ...fields}`), or an array addressed by a
 * canonical index (BSON stores arrays as documents keyed `'0'`, `'1'`, …).
 * Returns `undefined` for a missing field or a non-container value.
 */
export function getField(container: unknown, key: string): unknown {
  if (container === null || typeof container !== 'object') return undefined;
  if (Array.isArray(container)) {
    const i = arrayIndexOf(key);
    return i >= 0 && i < container.length ? container[i] : undefined;
  }
  const tag = (container as { _bsontype?: string })._bsontype;
  if (tag === undefined) {
    const v = (container as Document)[key];
    // Guard against inherited properties such as `constructor` or `toString`.
    return v === undefined || !hasOwn.call(container, key) ? undefined : v;
  }
  if (tag === 'DBRef') {
    const ref = container as DBRefLike;
    if (key === '$ref') return ref.collection;
    if (key === '$id') return ref.oid;
    if (key === '$db') return ref.db || undefined;
    const fields = ref.fields;
    return fields && hasOwn.call(fields, key) ? fields[key] : undefined;
  }
  return undefined;
}

/**
 * Validates a field path used by a projection or a sort, with MongoDB's
 * FieldPath rules and error codes, and returns its components.
 */
export function parseFieldPath(path: string): string[] {
  if (path.length === 0) throw new BadQueryError(40352, 'FieldPath cannot be constructed with empty string');
  if (path.endsWith('.')) throw new BadQueryError(40353, "FieldPath must not end with a '.'.");
  const parts = splitPath(path);
  for (const part of parts) {
    if (part.length === 0) throw new BadQueryError(15998, 'FieldPath field names may not be empty strings.');
    if (part.startsWith('$')) {
      throw new BadQueryError(
        16410,
        `FieldPath field names may not start with '$'. Consider using $getField or $setField. (in '${path}')`,
      );
    }
    if (part.includes('\0')) throw new BadQueryError(16411, `FieldPath field names may not contain '\\0'. (in '${path}')`);
  }
  return parts;
}
