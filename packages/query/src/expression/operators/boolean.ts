/** Boolean operators `$and $or $not`, using aggregation truthiness. */
import { compileOperands, fixedArity } from '../args.js';
import { isTruthy } from '../truthy.js';
import type { Evaluator, OperatorTable } from '../types.js';

/** The boolean operator family. */
export const booleanOperators: OperatorTable = {
  $and: (args, ctx) => {
    const evs = compileOperands(args, ctx);
    return (s) => evs.every((e) => isTruthy(e(s)));
  },
  $or: (args, ctx) => {
    const evs = compileOperands(args, ctx);
    return (s) => evs.some((e) => isTruthy(e(s)));
  },
  $not: (args, ctx, name) => {
    const [e] = fixedArity(name, args, ctx, 1) as [Evaluator];
    return (s) => !isTruthy(e(s));
  },
};
