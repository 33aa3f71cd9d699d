/**
 * `$match`: a query filter over the stream, under the pipeline's collation.
 * Every `$expr` of the filter (also inside `$and`, `$or` and `$nor`) sees the
 * pipeline's variables, so `$lookup`'s `let` variables work in sub-pipelines.
 */
import { BadQueryError } from '../../errors.js';
import { compileFilter } from '../../query/index.js';
import { isPlainObject } from '../../values/index.js';
import type { StageParser } from '../types.js';

/** Parses `$match`. */
export const matchStage: StageParser = (spec, ctx) => {
  if (!isPlainObject(spec)) throw new BadQueryError(15959, 'the match filter must be an expression in an object');
  const filter = compileFilter(spec, { collation: ctx.collator });
  return function* (input, rt) {
    const f = filter.hasExpr ? filter.bind(rt.vars, rt.now) : filter;
    for (const doc of input) if (f.test(doc)) yield doc;
  };
};
