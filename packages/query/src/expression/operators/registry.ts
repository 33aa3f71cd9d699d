/** Every expression operator, by name. */
import type { OperatorTable } from '../types.js';
import { accumulatorOperators } from './accumulator.js';
import { arithmeticOperators } from './arithmetic.js';
import { arrayOperators } from './array.js';
import { booleanOperators } from './boolean.js';
import { comparisonOperators } from './comparison.js';
import { conditionalOperators } from './conditional.js';
import { dateOperators } from './date.js';
import { miscOperators } from './misc.js';
import { objectOperators } from './object.js';
import { regexOperators } from './regex.js';
import { setOperators } from './set.js';
import { stringOperators } from './string.js';
import { typeOperators } from './type-conversion.js';
import { variableOperators } from './variable.js';

/** The operator table consulted by the compiler. */
export const OPERATORS: OperatorTable = Object.freeze({
  ...arithmeticOperators,
  ...comparisonOperators,
  ...booleanOperators,
  ...conditionalOperators,
  ...variableOperators,
  ...objectOperators,
  ...stringOperators,
  ...regexOperators,
  ...arrayOperators,
  ...setOperators,
  ...typeOperators,
  ...dateOperators,
  ...accumulatorOperators,
  ...miscOperators,
});
