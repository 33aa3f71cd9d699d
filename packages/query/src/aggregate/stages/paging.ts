/** `$skip` and `$limit`. */
import { BadQueryError } from '../../errors.js';
import { decodeNumber } from '../../values/index.js';
import { formatValue } from '../../expression/failures.js';
import { toInt64Exact } from '../../expression/number-ops.js';
import type { StageParser } from '../types.js';

function parseCount(name: string, spec: unknown, code: number): bigint {
  const n = decodeNumber(spec);
  if (!n) throw new BadQueryError(code, `invalid argument to ${name} stage: Expected a number in: ${name}: ${formatValue(spec)}`);
  const v = toInt64Exact(spec);
  if (v === undefined) {
    throw new BadQueryError(
      code,
      `invalid argument to ${name} stage: Cannot represent as a 64-bit integer: ${name}: ${formatValue(spec)}`,
    );
  }
  if (v < 0n) {
    throw new BadQueryError(code, `invalid argument to ${name} stage: Expected a non-negative number in: ${name}: ${formatValue(spec)}`);
  }
  return v;
}

/** `$skip: n` drops the first n documents. */
export const skipStage: StageParser = (spec, _ctx, name) => {
  const n = Number(parseCount(name, spec, 5107200));
  return function* (input) {
    let i = 0;
    for (const doc of input) {
      if (i++ >= n) yield doc;
    }
  };
};

/** `$limit: n` passes the first n documents (n must be positive). */
export const limitStage: StageParser = (spec, _ctx, name) => {
  const big = parseCount(name, spec, 5107201);
  if (big === 0n) throw new BadQueryError(15958, 'the limit must be positive');
  const n = Number(big);
  return function* (input) {
    if (n <= 0) return;
    let i = 0;
    for (const doc of input) {
      yield doc;
      if (++i >= n) return;
    }
  };
};
