/**
 * `$addToSet`: appends each value (or each of `$each`) that the array does
 * not already hold, membership being BSON equality (numbers equal across
 * types; embedded documents must match field order too).
 */
import { ERROR_CODES, UpdateError } from '../errors.js';
import { isPlainObject } from '../values/bson-type.js';
import { compareValues } from '../values/compare.js';
import { formatValue, typeName } from './format.js';
import { modifierLeaf, NO_CHANGE } from './modifier.js';
import type { LeafNode } from './tree.js';

const contains = (array: readonly unknown[], v: unknown) => array.some((x) => compareValues(x, v) === 0);

function parseElements(value: unknown): unknown[] {
  let elements: unknown[] = [value];
  // Only an object whose first field is $each is the $each form.
  if (isPlainObject(value)) {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    if (entries[0]?.[0] === '$each') {
      const each = entries[0][1];
      if (!Array.isArray(each)) {
        throw new UpdateError(
          ERROR_CODES.TypeMismatch,
          `The argument to $each in $addToSet must be an array but it was of type ${typeName(each)}`,
        );
      }
      if (entries.length > 1) {
        throw new UpdateError(ERROR_CODES.BadValue, `Found unexpected fields after $each in $addToSet: ${formatValue(value)}`);
      }
      elements = each;
    }
  }
  // Deduplicate the operand itself, keeping first occurrences in order.
  const unique: unknown[] = [];
  for (const e of elements) if (!contains(unique, e)) unique.push(e);
  return unique;
}

/** Compiles `{$addToSet: {<path>: value | {$each: [...]}}}` for one path. */
export function compileAddToSet(value: unknown): LeafNode {
  const elements = parseElements(value);
  return modifierLeaf({
    operator: '$addToSet',
    create: () => elements.slice(),
    update(current, path) {
      if (!Array.isArray(current)) {
        throw new UpdateError(
          ERROR_CODES.BadValue,
          `Cannot apply $addToSet to non-array field. Field named '${path[path.length - 1]}' has non-array type ${typeName(current)}`,
        );
      }
      const added = elements.filter((e) => !contains(current, e));
      return added.length === 0 ? NO_CHANGE : [...current, ...added];
    },
  });
}
