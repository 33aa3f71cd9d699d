/** `$sample: {size}`: a uniform random sample without replacement. */
import { BadQueryError } from '../../errors.js';
import { typeName } from '../../expression/failures.js';
import { toInt64Exact } from '../../expression/number-ops.js';
import { decodeNumber, isPlainObject } from '../../values/index.js';
import type { StageParser } from '../types.js';

/** Parses `$sample`. */
export const sampleStage: StageParser = (spec) => {
  if (!isPlainObject(spec)) throw new BadQueryError(28745, 'the $sample stage specification must be an object');
  for (const k of Object.keys(spec)) {
    if (k !== 'size') throw new BadQueryError(28748, `unrecognized option to $sample: ${k}`);
  }
  if (spec.size === undefined) throw new BadQueryError(28749, '$sample stage must specify a size');
  if (!decodeNumber(spec.size)) throw new BadQueryError(28746, `size argument to $sample must be a number, found ${typeName(spec.size)}`);
  const size = toInt64Exact(spec.size) ?? BigInt(Math.trunc(Number(spec.size)));
  if (size < 0n) throw new BadQueryError(28747, 'size argument to $sample must not be negative');
  const n = Number(size);
  return function* (input) {
    const docs = Array.from(input);
    // Partial Fisher-Yates: the first n slots become the sample.
    const k = Math.min(n, docs.length);
    for (let i = 0; i < k; i++) {
      const j = i + Math.floor(Math.random() * (docs.length - i));
      const t = docs[i]!;
      docs[i] = docs[j]!;
      docs[j] = t;
    }
    yield* docs.slice(0, k);
  };
};
