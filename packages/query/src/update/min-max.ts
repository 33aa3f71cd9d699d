/**
 * `$min` and `$max`: replace the field only when the operand sorts below
 * (`$min`) or above (`$max`) the current value, in BSON order across types.
 * Equal values (even of different numeric types) leave the field unchanged.
 */
import { compareValues } from '../values/compare.js';
import { modifierLeaf, NO_CHANGE } from './modifier.js';
import type { LeafNode } from './tree.js';

/** Compiles `{$min|$max: {<path>: value}}` for one path. */
export function compileMinMax(operator: '$min' | '$max', value: unknown): LeafNode {
  return modifierLeaf({
    operator,
    create: () => value,
    update(current) {
      const c = compareValues(current, value);
      if (c === 0) return NO_CHANGE;
      // Keep the current value when it already wins: for $max it is larger, for $min smaller.
      if (operator === '$max' ? c > 0 : c < 0) return NO_CHANGE;
      return value;
    },
  });
}
