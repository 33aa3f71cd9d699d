/**
 * `$match`: a query filter over the stream. A top-level `$expr` is evaluated
 * here, with the pipeline's variables in scope (so `$lookup`'s `let`
 * variables work in sub-pipelines); the rest goes to the filter compiler.
 */
import { BadQueryError } from '../../errors.js';
import { compileEvaluator, isTruthy } from '../../expression/index.js';
import type { Evaluator } from '../../expression/index.js';
import { compileFilter } from '../../query/index.js';
import { isPlainObject } from '../../values/index.js';
import type { Document } from '../../values/index.js';
import { scopeFor } from '../types.js';
import type { StageParser } from '../types.js';

/** Parses `$match`. */
export const matchStage: StageParser = (spec) => {
  if (!isPlainObject(spec)) throw new BadQueryError(15959, 'the match filter must be an expression in an object');
  let expr: Evaluator | undefined;
  let rest: Document = spec;
  if (spec.$expr !== undefined) {
    expr = compileEvaluator(spec.$expr);
    rest = { ...spec };
    delete rest.$expr;
  }
  const filter = Object.keys(rest).length > 0 ? compileFilter(rest) : undefined;
  return function* (input, rt) {
    for (const doc of input) {
      if (expr && !isTruthy(expr(scopeFor(doc, rt)))) continue;
      if (filter && !filter.test(doc)) continue;
      yield doc;
    }
  };
};
