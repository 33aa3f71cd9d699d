/**
 * `$set` and `$setOnInsert`: store a value at a path, creating missing
 * documents along it. Writing a value identical to the current one (same
 * type and bytes) is a no-op.
 */
import { identicalValues } from './identical.js';
import { modifierLeaf, NO_CHANGE } from './modifier.js';
import type { LeafNode } from './tree.js';

/** Compiles `{$set: {<path>: value}}` for one path. */
export function compileSet(value: unknown): LeafNode {
  return modifierLeaf({
    operator: '$set',
    create: () => value,
    update: (current) => (identicalValues(current, value) ? NO_CHANGE : value),
  });
}

/** Compiles `{$setOnInsert: {<path>: value}}`: a `$set` that only applies when an upsert inserts. */
export function compileSetOnInsert(value: unknown): LeafNode {
  return modifierLeaf({
    operator: '$setOnInsert',
    insertOnly: true,
    create: () => value,
    update: (current) => (identicalValues(current, value) ? NO_CHANGE : value),
  });
}
