/** Constant evaluators: lets operators fold or validate arguments known at compile time. */
import type { Evaluator } from './types.js';

const CONSTANTS = new WeakMap<Evaluator, { value: unknown }>();

/** Wraps a constant value as an evaluator that remembers it is constant. */
export function constantEvaluator(value: unknown): Evaluator {
  const ev: Evaluator = () => value;
  CONSTANTS.set(ev, { value });
  return ev;
}

/** The value of an evaluator compiled from a constant, if it is one. */
export function constantOf(ev: Evaluator): { value: unknown } | undefined {
  return CONSTANTS.get(ev);
}
