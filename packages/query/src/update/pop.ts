/**
 * `$pop`: removes the first (`-1`) or last (`1`) element of an array. A
 * missing field or an empty array is a no-op; a non-array is code 14.
 */
import { ERROR_CODES, UpdateError } from '../errors.js';
import { typeName } from './format.js';
import { parseIntegerArgument } from './integer-argument.js';
import { modifierLeaf, NO_CHANGE } from './modifier.js';
import type { LeafNode } from './tree.js';

/** Compiles `{$pop: {<field>: 1 | -1}}`; `field` is the path as written, for messages. */
export function compilePop(field: string, value: unknown): LeafNode {
  const n = parseIntegerArgument(field, value);
  if (n !== 1n && n !== -1n) throw new UpdateError(ERROR_CODES.FailedToParse, `$pop expects 1 or -1, found: ${n}`);
  const fromFront = n === -1n;
  return modifierLeaf({
    operator: '$pop',
    update(current, path) {
      if (!Array.isArray(current)) {
        throw new UpdateError(
          ERROR_CODES.TypeMismatch,
          `Path '${path.join('.')}' contains an element of non-array type '${typeName(current)}'`,
        );
      }
      if (current.length === 0) return NO_CHANGE;
      return fromFront ? current.slice(1) : current.slice(0, -1);
    },
  });
}
