/**
 * Multikey values at a path, for index keys and sort keys.
 */
import type { Document } from '../values/bson-type.js';
import { splitPath } from './field-path.js';
import { EMPTY_ARRAY, WALK_MODES, walkPath } from './traverse.js';

/** Options of `collectPathValues`. */
export interface CollectPathOptions {
  /**
   * Also return each array found at the end of the path as a whole value, as
   * the query language sees it (`{a: [1, 2]}` at `a` → `[1, 2, [1, 2]]`).
   * Useful for a non-unique index that must answer equality on whole arrays;
   * MongoDB's own index keys (the default) do not contain them.
   */
  includeArrays?: boolean;
}

/**
 * All values at a dotted path, expanding arrays as MongoDB does for multikey
 * index keys.
 *
 * - `{a: [{b: 1}, {b: 2}]}` at `a.b` → `[1, 2]`; `{a: [1, [2]]}` at `a` → `[1, [2]]`
 *   (only one level of a leaf array is expanded).
 * - A path missing from the document → `[]`. An embedded document inside a
 *   traversed array that lacks the rest of the path contributes `null`
 *   (`{a: [{b: 1}, {c: 1}]}` at `a.b` → `[1, null]`), so that an index can
 *   answer `{'a.b': null}`. Scalars inside a traversed array contribute nothing.
 * - An empty array at the end of the path contributes nothing.
 * - A numeric component addresses an array element (`a.0`).
 */
export function collectPathValues(doc: Document, path: string, options?: CollectPathOptions): unknown[] {
  const out: unknown[] = [];
  const parts = splitPath(path);
  if (options?.includeArrays) {
    walkPath(doc, parts, WALK_MODES.query, (v, arrayIndex) => {
      if (v !== undefined) out.push(v);
      else if (arrayIndex !== undefined) out.push(null);
      return false;
    });
    return out;
  }
  walkPath(doc, parts, WALK_MODES.keys, (v, arrayIndex) => {
    if (v === EMPTY_ARRAY) return false;
    if (v !== undefined) out.push(v);
    else if (arrayIndex !== undefined) out.push(null);
    return false;
  });
  return out;
}

/**
 * The value a document sorts by on one path: the smallest value at the path
 * for ascending order, the largest for descending. A missing path sorts as
 * `null`; an empty array as `undefined`, which sorts before `null` (as
 * MongoDB orders `{a: []}` before `{}`).
 */
export function sortKeyAt(
  doc: Document,
  parts: readonly string[],
  descending: boolean,
  compare: (a: unknown, b: unknown) => number,
): unknown {
  let found = false;
  let best: unknown;
  walkPath(doc, parts, WALK_MODES.keys, (v) => {
    const key = v === EMPTY_ARRAY ? undefined : v === undefined ? null : v;
    if (!found) {
      found = true;
      best = key;
    } else {
      const c = compare(key, best);
      if (descending ? c > 0 : c < 0) best = key;
    }
    return false;
  });
  return found ? best : null;
}
