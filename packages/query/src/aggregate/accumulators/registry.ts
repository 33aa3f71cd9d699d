/** Every `$group` accumulator, by name. */
import type { AccumulatorParser } from './types.js';
import { rankedAccumulators } from './ranked.js';
import { unaryAccumulators } from './unary.js';

/** The accumulator table consulted by `$group`, `$bucket` and `$bucketAuto`. */
export const ACCUMULATORS: Readonly<Record<string, AccumulatorParser>> = Object.freeze({
  ...unaryAccumulators,
  ...rankedAccumulators,
});
