/** `$count: 'name'`: one document holding the number of inputs, or none for no inputs. */
import { BadQueryError } from '../../errors.js';
import { countValue } from '../../expression/number-ops.js';
import type { StageParser } from '../types.js';

/** Parses `$count`. */
export const countStage: StageParser = (spec) => {
  if (typeof spec !== 'string' || spec === '') throw new BadQueryError(40156, 'the count field must be a non-empty string');
  if (spec.startsWith('$')) throw new BadQueryError(40158, 'the count field cannot be a $-prefixed path');
  if (spec.includes('.')) throw new BadQueryError(40160, "the count field cannot contain '.'");
  if (spec.includes('\0')) throw new BadQueryError(40159, 'the count field cannot contain a null byte');
  return function* (input) {
    let n = 0;
    for (const _ of input) n++;
    if (n > 0) yield { [spec]: countValue(n) };
  };
};
