/** `$sort`: a stable sort of the whole stream by a sort specification, under the pipeline's collation. */
import { BadQueryError } from '../../errors.js';
import { compileSort } from '../../sort/index.js';
import { isPlainObject } from '../../values/index.js';
import type { StageParser } from '../types.js';

/** Parses `$sort`. */
export const sortStage: StageParser = (spec, ctx) => {
  if (!isPlainObject(spec)) throw new BadQueryError(15973, 'the $sort key specification must be an object');
  const cmp = compileSort(spec, { collation: ctx.collator });
  if (!cmp) throw new BadQueryError(15976, '$sort stage must have at least one sort key');
  return function* (input) {
    yield* Array.from(input).sort(cmp);
  };
};
