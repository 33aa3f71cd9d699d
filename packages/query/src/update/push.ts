/**
 * `$push`: appends a value, or with `$each` several values, optionally at
 * `$position`, then sorts (`$sort`) and trims (`$slice`) the whole array.
 * A missing field becomes a new array; any other non-array is an error.
 */
import { ERROR_CODES, UpdateError } from '../errors.js';
import { isPlainObject } from '../values/bson-type.js';
import { typeName } from './format.js';
import { parseIntegerArgument } from './integer-argument.js';
import { modifierLeaf, NO_CHANGE } from './modifier.js';
import type { ElementComparator } from './sort-pattern.js';
import { compileSortClause } from './sort-pattern.js';
import type { LeafNode } from './tree.js';

const CLAUSES = new Set(['$each', '$slice', '$sort', '$position']);

interface PushSpec {
  readonly values: readonly unknown[];
  readonly position: bigint | undefined;
  readonly slice: bigint | undefined;
  readonly sort: ElementComparator | undefined;
}

function parsePushSpec(value: unknown): PushSpec {
  if (!isPlainObject(value) || value.$each === undefined) {
    return { values: [value], position: undefined, slice: undefined, sort: undefined };
  }
  for (const [clause, v] of Object.entries(value)) {
    if (v !== undefined && !CLAUSES.has(clause)) {
      throw new UpdateError(ERROR_CODES.BadValue, `Unrecognized clause in $push: ${clause}`);
    }
  }
  const each = value.$each;
  if (!Array.isArray(each)) {
    throw new UpdateError(
      ERROR_CODES.BadValue,
      `The argument to $each in $push must be an array but it was of type: ${typeName(each)}`,
    );
  }
  const integer = (name: string, message: string): bigint | undefined => {
    const v = value[name];
    if (v === undefined) return undefined;
    try {
      return parseIntegerArgument(name, v);
    } catch {
      throw new UpdateError(ERROR_CODES.BadValue, `${message}${typeName(v)}`);
    }
  };
  const slice = integer('$slice', 'The value for $slice must be an integer value but was given type: ');
  const sort = value.$sort === undefined ? undefined : compileSortClause(value.$sort);
  const position = integer('$position', 'The value for $position must be an integer value, not of type: ');
  return { values: each, position, slice, sort };
}

/** Inserts `values` into `array` (a private copy) at mongod's interpretation of `position`. */
function insertAt(array: unknown[], values: readonly unknown[], position: bigint | undefined): void {
  if (values.length === 0) return;
  const size = BigInt(array.length);
  let at: number;
  if (position === undefined || size === 0n || position >= size) at = array.length;
  else if (position > 0n) at = Number(position);
  else if (position < 0n && -position < size) at = Number(size + position);
  else at = 0;
  array.splice(at, 0, ...values);
}

function performPush(current: readonly unknown[], spec: PushSpec): unknown[] {
  const out = current.slice();
  insertAt(out, spec.values, spec.position);
  if (spec.sort) out.sort(spec.sort);
  if (spec.slice !== undefined) {
    const keep = spec.slice < 0n ? -spec.slice : spec.slice;
    if (BigInt(out.length) > keep) {
      const n = Number(keep);
      return spec.slice >= 0n ? out.slice(0, n) : out.slice(out.length - n);
    }
  }
  return out;
}

/** Compiles `{$push: {<path>: value | {$each, $position, $sort, $slice}}}` for one path. */
export function compilePush(value: unknown): LeafNode {
  const spec = parsePushSpec(value);
  return modifierLeaf({
    operator: '$push',
    create: () => performPush([], spec),
    update(current, path, ws) {
      if (!Array.isArray(current)) {
        throw new UpdateError(
          ERROR_CODES.BadValue,
          `The field '${path.join('.')}' must be an array but is of type ${typeName(current)} in document {${ws.idElement()}}`,
        );
      }
      const next = performPush(current, spec);
      if (spec.values.length === 0 && !spec.sort && next.length === current.length) return NO_CHANGE;
      return next;
    },
  });
}
