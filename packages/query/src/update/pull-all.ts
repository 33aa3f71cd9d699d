/**
 * `$pullAll`: removes every element equal (BSON equality) to one of the
 * operand's values.
 */
import { ERROR_CODES, UpdateError } from '../errors.js';
import { compareValues } from '../values/compare.js';
import { typeName } from './format.js';
import { cullArray } from './pull.js';
import type { LeafNode } from './tree.js';

/** Compiles `{$pullAll: {<path>: [values]}}` for one path. */
export function compilePullAll(value: unknown): LeafNode {
  if (!Array.isArray(value)) {
    throw new UpdateError(ERROR_CODES.BadValue, `$pullAll requires an array argument but was given a ${typeName(value)}`);
  }
  const values = value;
  return cullArray('$pullAll', (element) => values.some((v) => compareValues(element, v) === 0));
}
