/**
 * `$inc` and `$mul`: type-preserving arithmetic. int32 results that overflow
 * widen to int64; an int64 overflow is an error (code 2); a double operand
 * gives a double and a decimal operand a decimal. A missing field is set to
 * the increment (`$inc`) or to zero of the operand's type (`$mul`).
 */
import { ERROR_CODES, UpdateError } from '../errors.js';
import type { DecodedNumber } from '../values/numeric.js';
import { addNumbers, decodeNumber, encodeDecoded, multiplyNumbers } from '../values/numeric.js';
import { formatElement, typeName } from './format.js';
import { identicalValues } from './identical.js';
import { modifierLeaf, NO_CHANGE } from './modifier.js';
import type { LeafNode } from './tree.js';

/** The two arithmetic operators. */
export type ArithmeticOperator = '$inc' | '$mul';

const VERB: Record<ArithmeticOperator, string> = { $inc: 'increment', $mul: 'multiply' };

/** mongod's SafeNum debug notation, used in the overflow message. */
function debugNumber(n: DecodedNumber): string {
  switch (n.kind) {
    case 'int':
      return `(NumberInt)${n.value}`;
    case 'long':
      return `(NumberLong)${n.value}`;
    case 'double':
      return `(NumberDouble)${n.value}`;
    case 'decimal':
      return `(NumberDecimal)${String(encodeDecoded(n))}`;
  }
}

/** Compiles `{$inc|$mul: {<field>: operand}}`; `field` is the path as written, for messages. */
export function compileArithmetic(operator: ArithmeticOperator, field: string, operand: unknown): LeafNode {
  const by = decodeNumber(operand);
  if (!by) {
    throw new UpdateError(
      ERROR_CODES.TypeMismatch,
      `Cannot ${VERB[operator]} with non-numeric argument: {${formatElement(field, operand)}}`,
    );
  }
  const combine = operator === '$inc' ? addNumbers : multiplyNumbers;
  return modifierLeaf({
    operator,
    create() {
      if (operator === '$inc') return encodeDecoded(by);
      // Zero of the operand's type (multiplying by int32 0 cannot overflow).
      const zero = multiplyNumbers(by, { kind: 'int', value: 0 });
      return zero.ok ? zero.value : encodeDecoded(by);
    },
    update(current, path, ws) {
      const value = decodeNumber(current);
      if (!value) {
        throw new UpdateError(
          ERROR_CODES.TypeMismatch,
          `Cannot apply ${operator} to a value of non-numeric type. {${ws.idElement()}} has the field '${path[path.length - 1]}' of non-numeric type ${typeName(current)}`,
        );
      }
      const result = combine(by, value);
      if (!result.ok) {
        throw new UpdateError(
          ERROR_CODES.BadValue,
          `Failed to apply ${operator} operations to current value (${debugNumber(value)}) for document {${ws.idElement()}}`,
        );
      }
      return identicalValues(result.value, current) ? NO_CHANGE : result.value;
    },
  });
}
