/**
 * Comparison operators `$eq $ne $gt $gte $lt $lte $cmp`. They use MongoDB's
 * canonical BSON order across types; missing sorts below null, so
 * `{$eq: ['$absent', null]}` is false, as on the server. Strings compare
 * under the expression's collation when it has one.
 */
import { Int32 } from 'bson';
import { compareValues } from '../../values/index.js';
import { fixedArity } from '../args.js';
import type { Evaluator, OperatorParser, OperatorTable } from '../types.js';

function comparison(test: (c: number) => boolean): OperatorParser {
  return (args, ctx, name) => {
    const [a, b] = fixedArity(name, args, ctx, 2) as [Evaluator, Evaluator];
    const collator = ctx.collator;
    return (s) => test(compareValues(a(s), b(s), collator));
  };
}

/** The comparison operator family. */
export const comparisonOperators: OperatorTable = {
  $eq: comparison((c) => c === 0),
  $ne: comparison((c) => c !== 0),
  $gt: comparison((c) => c > 0),
  $gte: comparison((c) => c >= 0),
  $lt: comparison((c) => c < 0),
  $lte: comparison((c) => c <= 0),
  $cmp: (args, ctx, name) => {
    const [a, b] = fixedArity(name, args, ctx, 2) as [Evaluator, Evaluator];
    const collator = ctx.collator;
    return (s) => {
      const c = compareValues(a(s), b(s), collator);
      return new Int32(c < 0 ? -1 : c > 0 ? 1 : 0);
    };
  },
};
