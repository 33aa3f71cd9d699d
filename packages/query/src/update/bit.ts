/**
 * `$bit`: bitwise `and`, `or` and `xor` on int32/int64 fields, applied in the
 * order given. int32 with int32 stays int32; any int64 makes an int64. A
 * missing field starts from int32 0.
 */
import { ERROR_CODES, UpdateError } from '../errors.js';
import { Int32, isPlainObject, Long } from '../values/bson-type.js';
import { decodeNumber } from '../values/numeric.js';
import { formatElement, typeName } from './format.js';
import { identicalValues } from './identical.js';
import { modifierLeaf, NO_CHANGE } from './modifier.js';
import type { LeafNode } from './tree.js';

type BitOp = 'and' | 'or' | 'xor';

interface BitStep {
  readonly op: BitOp;
  readonly operand: bigint;
  readonly wide: boolean;
}

/** An integral value as (bigint, is int64). */
function integral(v: unknown): { value: bigint; wide: boolean } | undefined {
  const n = decodeNumber(v);
  if (n?.kind === 'int') return { value: BigInt(n.value), wide: false };
  if (n?.kind === 'long') return { value: n.value, wide: true };
  return undefined;
}

function run(start: { value: bigint; wide: boolean }, steps: readonly BitStep[]): Int32 | Long {
  let { value, wide } = start;
  for (const s of steps) {
    wide ||= s.wide;
    value = s.op === 'and' ? value & s.operand : s.op === 'or' ? value | s.operand : value ^ s.operand;
  }
  return wide ? Long.fromBigInt(BigInt.asIntN(64, value)) : new Int32(Number(BigInt.asIntN(32, value)));
}

/** Compiles `{$bit: {<path>: {and|or|xor: int}}}` for one path. */
export function compileBit(spec: unknown): LeafNode {
  if (!isPlainObject(spec)) {
    throw new UpdateError(
      ERROR_CODES.BadValue,
      `The $bit modifier is not compatible with a ${typeName(spec)}. You must pass in an embedded document: {$bit: {field: {and/or/xor: #}}`,
    );
  }
  const steps: BitStep[] = [];
  for (const [name, operand] of Object.entries(spec)) {
    if (operand === undefined) continue;
    if (name !== 'and' && name !== 'or' && name !== 'xor') {
      throw new UpdateError(
        ERROR_CODES.BadValue,
        `The $bit modifier only supports 'and', 'or', and 'xor', not '${name}' which is an unknown operator: {${formatElement(name, operand)}}`,
      );
    }
    const n = integral(operand);
    if (!n) {
      throw new UpdateError(
        ERROR_CODES.BadValue,
        `The $bit modifier field must be an Integer(32/64 bit); a '${typeName(operand)}' is not supported here: {${formatElement(name, operand)}}`,
      );
    }
    steps.push({ op: name, operand: n.value, wide: n.wide });
  }
  if (steps.length === 0) {
    throw new UpdateError(
      ERROR_CODES.BadValue,
      'You must pass in at least one bitwise operation. The format is: {$bit: {field: {and/or/xor: #}}',
    );
  }
  return modifierLeaf({
    operator: '$bit',
    create: () => run({ value: 0n, wide: false }, steps),
    update(current, path, ws) {
      const start = integral(current);
      if (!start) {
        throw new UpdateError(
          ERROR_CODES.BadValue,
          `Cannot apply $bit to a value of non-integral type.${ws.idElement()} has the field ${path[path.length - 1]} of non-integer type ${typeName(current)}`,
        );
      }
      const result = run(start, steps);
      return identicalValues(result, current) ? NO_CHANGE : result;
    },
  });
}
