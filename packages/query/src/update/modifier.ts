/**
 * The behaviour shared by all field operators except `$rename`: find the
 * element at the path; update it when it exists; otherwise create the path
 * (operators that create) or check it could have been created (operators
 * that only shrink arrays). Also enforces `_id` immutability and the ban on
 * top-level `$`-prefixed field names, as mongod does for each written element.
 */
import { ERROR_CODES, UpdateError } from '../errors.js';
import { isPlainObject } from '../values/bson-type.js';
import { formatElement } from './format.js';
import { arrayIndexOf } from './path.js';
import type { LeafNode } from './tree.js';
import type { UpdateWorkspace } from './workspace.js';

/** Returned by {@link ModifierSpec.update} when the element is left as it is. */
export const NO_CHANGE: unique symbol = Symbol('no change');
/** Returned by {@link ModifierSpec.update} to remove the element (null it, inside an array). */
export const REMOVE: unique symbol = Symbol('remove');

/** What an operator does to one element. */
export interface ModifierSpec {
  /** Operator name, e.g. `$inc`. */
  readonly operator: string;
  /** Only applies when the update inserts a new document (`$setOnInsert`). */
  readonly insertOnly?: boolean;
  /**
   * Builds the value for a missing path. Operators without it never create
   * paths; they are no-ops on missing paths.
   */
  readonly create?: (path: readonly string[], ws: UpdateWorkspace) => unknown;
  /** True when a missing path need not even be creatable (`$unset`). */
  readonly allowNonViablePath?: boolean;
  /** The new value of an existing element, or NO_CHANGE / REMOVE. */
  readonly update: (current: unknown, path: readonly string[], ws: UpdateWorkspace) => unknown;
}

/** Throws code 66 when a write to an existing element touches `_id`. */
export function checkImmutableExisting(path: readonly string[]): void {
  if (path[0] === '_id') {
    throw new UpdateError(
      ERROR_CODES.ImmutableField,
      `Performing an update on the path '${path.join('.')}' would modify the immutable field '_id'`,
    );
  }
}

/** Throws code 66 when creating `path` would add a field inside an existing `_id`. */
export function checkImmutableCreated(path: readonly string[], depth: number, parentValue: unknown): void {
  if (depth >= 1 && path[0] === '_id') {
    const taken = path.slice(0, depth);
    throw new UpdateError(
      ERROR_CODES.ImmutableField,
      `Updating the path '${taken.join('.')}' to ${formatElement(taken[taken.length - 1]!, parentValue)} would modify the immutable field '_id'`,
    );
  }
}

/** Throws code 52 when a write would leave a `$`-prefixed top-level field name. */
export function checkTopLevelName(path: readonly string[], writtenDepth: number): void {
  const first = path[0]!;
  // Only the element written at the top level is checked (nested `$` names are allowed since 5.0).
  if (writtenDepth === 1 && first.startsWith('$')) {
    throw new UpdateError(
      ERROR_CODES.DollarPrefixedFieldName,
      `The dollar ($) prefixed field '${first}' in '${first}' is not allowed in the context of an update's replacement document. Consider using an aggregation pipeline with $replaceWith.`,
    );
  }
}

/**
 * Throws code 28 when a missing path could not be created below the deepest
 * existing element (a scalar, or an array and a non-index component).
 */
export function checkViability(path: readonly string[], depth: number, parentValue: unknown): void {
  if (isPlainObject(parentValue)) return;
  if (Array.isArray(parentValue) && arrayIndexOf(path[depth]!) !== undefined) return;
  if (parentValue !== null && typeof parentValue === 'object' && !Array.isArray(parentValue) && (parentValue as { _bsontype?: string })._bsontype === 'DBRef') return;
  const taken = path.slice(0, depth).join('.');
  throw new UpdateError(
    ERROR_CODES.PathNotViable,
    `Cannot use the part (${path[depth]}) of (${taken}.${path.slice(depth).join('.')}) to traverse the element ({${formatElement(path[depth - 1] ?? '', parentValue)}})`,
  );
}

/** Builds the leaf node of a field operator. */
export function modifierLeaf(spec: ModifierSpec): LeafNode {
  return {
    kind: 'leaf',
    operator: spec.operator,
    apply(path, ws) {
      if (spec.insertOnly && !ws.isInsert) return;
      const found = ws.resolve(path);
      if (found.depth === path.length) {
        const next = spec.update(found.value, path, ws);
        if (next === NO_CHANGE) return;
        checkImmutableExisting(path);
        if (next === REMOVE) {
          ws.remove(path);
        } else {
          checkTopLevelName(path, path.length);
          ws.replace(path, next);
        }
      } else if (spec.create) {
        const value = spec.create(path, ws);
        ws.create(path, found.depth, found.value, value);
        checkTopLevelName(path, found.depth + 1);
        checkImmutableCreated(path, found.depth, found.value);
      } else if (!spec.allowNonViablePath) {
        checkViability(path, found.depth, found.value);
      }
    },
  };
}
