/**
 * `$sum $avg $min $max $stdDevPop $stdDevSamp` as expressions: with one
 * operand that evaluates to an array they fold its elements; otherwise they
 * fold their operands.
 */
import { ExtremeState, StdDevState, SumState } from '../accumulation.js';
import { compileOperands, operandList } from '../args.js';
import type { Evaluator, OperatorParser, OperatorTable } from '../types.js';

function folding<S extends { add(v: unknown): void }>(make: () => S, finish: (s: S) => unknown): OperatorParser {
  return (args, ctx) => {
    const single = !Array.isArray(args) || operandList(args).length === 1;
    const evs: Evaluator[] = compileOperands(args, ctx);
    return (s) => {
      const state = make();
      if (single) {
        const v = evs[0]!(s);
        if (Array.isArray(v)) for (const x of v) state.add(x);
        else state.add(v);
      } else {
        for (const e of evs) state.add(e(s));
      }
      return finish(state);
    };
  };
}

/** The accumulator-style expression operators. */
export const accumulatorOperators: OperatorTable = {
  $sum: folding(
    () => new SumState(),
    (s) => s.result(),
  ),
  $avg: folding(
    () => new SumState(),
    (s) => s.average(),
  ),
  $min: folding(
    () => new ExtremeState(-1),
    (s) => s.result(),
  ),
  $max: folding(
    () => new ExtremeState(1),
    (s) => s.result(),
  ),
  $stdDevPop: folding(
    () => new StdDevState(false),
    (s) => s.result(),
  ),
  $stdDevSamp: folding(
    () => new StdDevState(true),
    (s) => s.result(),
  ),
};
