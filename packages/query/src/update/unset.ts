/**
 * `$unset`: removes a field; inside an array the element becomes null so
 * that later indexes do not shift. Missing or non-viable paths are no-ops.
 */
import { modifierLeaf, REMOVE } from './modifier.js';
import type { LeafNode } from './tree.js';

/** Compiles `{$unset: {<path>: <ignored>}}` for one path. */
export function compileUnset(): LeafNode {
  return modifierLeaf({
    operator: '$unset',
    allowNonViablePath: true,
    update: () => REMOVE,
  });
}
