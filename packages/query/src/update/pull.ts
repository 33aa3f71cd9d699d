/**
 * `$pull`: removes the array elements that match a condition.
 *
 * How the condition is read follows mongod:
 * - a document whose first field is not a query operator (`{score: 8}`,
 *   `{$and: […]}`, `{}`) is a query on each element that is itself a
 *   document; other elements never match;
 * - a document led by a query operator (`{$gte: 6}`, `{$in: […]}`) or a
 *   regex is a condition on the element's value (arrays elements included);
 * - anything else matches elements equal to it (BSON equality).
 */
import { ERROR_CODES, UpdateError } from '../errors.js';
import { compileFilter } from '../query/index.js';
import type { Document } from '../values/bson-type.js';
import { bsonTypeOf, isPlainObject } from '../values/bson-type.js';
import { compareValues, documentEntries, isDocumentLike } from '../values/compare.js';
import { modifierLeaf, NO_CHANGE } from './modifier.js';
import type { LeafNode } from './tree.js';

/** Operators that may lead a condition on a value (mongod's path-accepting keywords). */
const VALUE_OPERATORS = new Set([
  '$eq', '$ne', '$gt', '$gte', '$lt', '$lte', '$in', '$nin', '$exists', '$type', '$mod', '$regex', '$options',
  '$elemMatch', '$size', '$all', '$not', '$bitsAllSet', '$bitsAllClear', '$bitsAnySet', '$bitsAnyClear',
  '$near', '$nearSphere', '$geoWithin', '$geoIntersects', '$within', '$maxDistance', '$minDistance',
  '$geometry', '$box', '$center', '$centerSphere', '$polygon', '$uniqueDocs', '$jsonSchema',
]);

/** Field name used to wrap a value so that a document filter can test it. */
const WRAP = 'v';

function asDocument(v: object): Document {
  if (isPlainObject(v)) return v;
  const out: Document = {};
  for (const [k, x] of documentEntries(v)) out[k] = x;
  return out;
}

/** Compiles a `$pull` condition into a predicate over array elements. */
export function compilePullMatcher(condition: unknown): (element: unknown) => boolean {
  if (isPlainObject(condition)) {
    const first = Object.keys(condition).find((k) => condition[k] !== undefined);
    if (first === undefined || !VALUE_OPERATORS.has(first)) {
      const filter = compileFilter(condition);
      return (element) => isDocumentLike(element) && filter.test(asDocument(element));
    }
    const filter = compileFilter({ [WRAP]: condition });
    return (element) => filter.test({ [WRAP]: element });
  }
  if (bsonTypeOf(condition) === 'regex') {
    const filter = compileFilter({ [WRAP]: condition });
    return (element) => filter.test({ [WRAP]: element });
  }
  return (element) => compareValues(element, condition) === 0;
}

/** A leaf that removes the elements `matches` selects; shared by `$pull` and `$pullAll`. */
export function cullArray(operator: string, matches: (element: unknown) => boolean): LeafNode {
  return modifierLeaf({
    operator,
    update(current) {
      if (!Array.isArray(current)) throw new UpdateError(ERROR_CODES.BadValue, 'Cannot apply $pull to a non-array value');
      const kept = current.filter((e) => !matches(e));
      return kept.length === current.length ? NO_CHANGE : kept;
    },
  });
}

/** Compiles `{$pull: {<path>: value | condition}}` for one path. */
export function compilePull(condition: unknown): LeafNode {
  return cullArray('$pull', compilePullMatcher(condition));
}
