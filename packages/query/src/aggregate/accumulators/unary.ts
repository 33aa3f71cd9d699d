/**
 * The unary accumulators: `$sum $avg $min $max $first $last $push $addToSet
 * $mergeObjects $stdDevPop $stdDevSamp`, each fed one expression per document.
 */
import { compileEvaluator } from '../../expression/index.js';
import type { Evaluator, Scope } from '../../expression/index.js';
import { ExtremeState, StdDevState, SumState } from '../../expression/accumulation.js';
import { mergeInto } from '../../expression/operators/object.js';
import { valueKey } from '../../values/index.js';
import type { Document } from '../../values/index.js';
import { BadQueryError } from '../../errors.js';
import type { Accumulator, AccumulatorParser } from './types.js';

function compileUnary(arg: unknown, name: string): Evaluator {
  if (Array.isArray(arg)) throw new BadQueryError(40237, `The ${name} accumulator is a unary operator`);
  return compileEvaluator(arg);
}

/** Builds a parser for an accumulator that folds each evaluated value into a state. */
function folding<S extends { add(v: unknown): void }>(
  make: () => S,
  finish: (s: S) => unknown,
): AccumulatorParser {
  return (arg, name) => {
    const ev = compileUnary(arg, name);
    return () => {
      const state = make();
      return {
        add: (scope: Scope) => state.add(ev(scope)),
        result: () => finish(state),
      };
    };
  };
}

class FirstState {
  private seen = false;
  private value: unknown = null;
  add(v: unknown): void {
    if (this.seen) return;
    this.seen = true;
    this.value = v ?? null;
  }
  result(): unknown {
    return this.value;
  }
}

class LastState {
  private value: unknown = null;
  add(v: unknown): void {
    this.value = v ?? null;
  }
  result(): unknown {
    return this.value;
  }
}

class PushState {
  readonly items: unknown[] = [];
  add(v: unknown): void {
    if (v !== undefined) this.items.push(v);
  }
}

class AddToSetState {
  private readonly seen = new Set<string>();
  readonly items: unknown[] = [];
  add(v: unknown): void {
    if (v === undefined) return;
    const k = valueKey(v);
    if (this.seen.has(k)) return;
    this.seen.add(k);
    this.items.push(v);
  }
}

class MergeState {
  doc: Document = {};
  add(v: unknown): void {
    this.doc = mergeInto(this.doc, v);
  }
}

/** `$count: {}`: the number of documents in the group. */
const countAccumulator: AccumulatorParser = (arg, name) => {
  if (arg === null || typeof arg !== 'object' || Array.isArray(arg) || Object.keys(arg).length !== 0) {
    throw new BadQueryError(40237, `${name} takes no arguments, i.e. ${name}:{}`);
  }
  return () => {
    const state = new SumState();
    return { add: () => state.add(1), result: () => state.result() } satisfies Accumulator;
  };
};

/** The unary accumulators by name. */
export const unaryAccumulators: Readonly<Record<string, AccumulatorParser>> = {
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
  $first: folding(
    () => new FirstState(),
    (s) => s.result(),
  ),
  $last: folding(
    () => new LastState(),
    (s) => s.result(),
  ),
  $push: folding(
    () => new PushState(),
    (s) => s.items,
  ),
  $addToSet: folding(
    () => new AddToSetState(),
    (s) => s.items,
  ),
  $mergeObjects: folding(
    () => new MergeState(),
    (s) => s.doc,
  ),
  $stdDevPop: folding(
    () => new StdDevState(false),
    (s) => s.result(),
  ),
  $stdDevSamp: folding(
    () => new StdDevState(true),
    (s) => s.result(),
  ),
  $count: countAccumulator,
};
