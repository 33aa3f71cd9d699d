/** Shared types of `$group` accumulators. */
import type { Scope } from '../../expression/index.js';

/** The running state of one accumulator for one group. */
export interface Accumulator {
  /** Feeds one input document of the group. */
  add(scope: Scope): void;
  /** The accumulated value for the group's output document. */
  result(): unknown;
}

/** Parses an accumulator's argument once and returns a factory of per-group states. */
export type AccumulatorParser = (arg: unknown, name: string) => () => Accumulator;
