/**
 * The query language's walk along a dotted path.
 *
 * MongoDB does not read "the" value at a path: it enumerates every value a
 * predicate may be tested against. Walking `a.b` through `{a: [{b: 1}, {c: 2}]}`
 * yields `1` and a missing value; an array at the end of the path yields each
 * element and then the array itself. This module reproduces that enumeration
 * (MongoDB's `BSONElementIterator`), including numeric components that index
 * arrays (`a.0.b`) and the index of the outermost array element traversed,
 * which the positional `$` operator needs.
 */
import { isDocumentLike } from '../values/compare.js';
import { arrayIndexOf, getField } from './field-path.js';

/** How a walk treats the arrays it meets, as an `as const` table. */
export const WALK_MODES = Object.freeze({
  /** Predicates: yield each element of a leaf array, then the array itself. */
  query: 0,
  /** Array predicates (`$size`, `$elemMatch`): yield a leaf array whole. */
  queryArrays: 1,
  /**
   * Index and sort keys: yield leaf-array elements but not the array, let an
   * in-range numeric component select only that element, and report an empty
   * leaf array through `EMPTY_ARRAY`.
   */
  keys: 2,
} as const);

/** One of `WALK_MODES`. */
export type WalkMode = (typeof WALK_MODES)[keyof typeof WALK_MODES];

/** Value reported in `keys` mode for an empty array at the end of the path. */
export const EMPTY_ARRAY: unique symbol = Symbol('argon.emptyArray');

/**
 * Receives each value found at a path. `value` is `undefined` for a missing
 * field. `arrayIndex` is the index within the outermost array traversed
 * implicitly (not through a numeric component), if any. Returning `true` stops
 * the walk.
 */
export type PathVisitor = (value: unknown, arrayIndex: number | undefined) => boolean;

/**
 * Enumerates the values at `parts` in `root` (a document, or an array seen as
 * a document). Returns `true` when the visitor stopped the walk.
 */
export function walkPath(root: unknown, parts: readonly string[], mode: WalkMode, visit: PathVisitor): boolean {
  return walkFrom(root, parts, 0, mode, visit, undefined);
}

// Follows embedded documents from `container` until the path ends or an array
// is met (MongoDB's getFieldDottedOrArray), then hands over to walkArray.
function walkFrom(
  container: unknown,
  parts: readonly string[],
  start: number,
  mode: WalkMode,
  visit: PathVisitor,
  outer: number | undefined,
): boolean {
  let cur = container;
  let i = start;
  for (;;) {
    const v = getField(cur, parts[i]!);
    i++;
    if (Array.isArray(v)) return walkArray(v, parts, i, mode, visit, outer);
    if (i === parts.length) return visit(v, outer);
    // A scalar (or missing) value before the end of the path: the rest is missing.
    if (!isDocumentLike(v)) return visit(undefined, outer);
    cur = v;
  }
}

function walkArray(
  arr: readonly unknown[],
  parts: readonly string[],
  i: number,
  mode: WalkMode,
  visit: PathVisitor,
  outer: number | undefined,
): boolean {
  if (i === parts.length) {
    if (mode === WALK_MODES.queryArrays) return visit(arr, outer);
    if (mode === WALK_MODES.keys && arr.length === 0) return visit(EMPTY_ARRAY, outer);
    for (let k = 0; k < arr.length; k++) if (visit(arr[k], outer ?? k)) return true;
    return mode === WALK_MODES.keys ? false : visit(arr, outer);
  }
  const pos = arrayIndexOf(parts[i]!);
  const last = i + 1 === parts.length;
  if (mode === WALK_MODES.keys && pos >= 0 && pos < arr.length) {
    // Key generation treats an in-range numeric component as positional only.
    return walkElementAt(arr[pos], parts, i, last, mode, visit, outer);
  }
  for (let k = 0; k < arr.length; k++) {
    const elt = arr[k];
    if (isDocumentLike(elt)) {
      // Implicit traversal: report this element's index unless an outer array already did.
      if (walkFrom(elt, parts, i, mode, visit, outer ?? k)) return true;
      if (pos === k && (last ? visit(elt, outer) : walkFrom(elt, parts, i + 1, mode, visit, outer))) return true;
    } else if (pos === k && walkElementAt(elt, parts, i, last, mode, visit, outer)) {
      return true;
    }
  }
  return false;
}

// The element addressed by the numeric component parts[i]. This is explicit
// addressing, not implicit traversal, so it reports no index of its own.
function walkElementAt(
  elt: unknown,
  parts: readonly string[],
  i: number,
  last: boolean,
  mode: WalkMode,
  visit: PathVisitor,
  outer: number | undefined,
): boolean {
  if (last) return visit(elt, outer);
  if (Array.isArray(elt)) return walkArray(elt, parts, i + 1, mode, visit, outer);
  if (isDocumentLike(elt)) return walkFrom(elt, parts, i + 1, mode, visit, outer);
  return false;
}
