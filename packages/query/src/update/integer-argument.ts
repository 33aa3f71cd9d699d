/**
 * Integer arguments of update operators (`$pop`, `$push`'s `$slice` and
 * `$position`): any numeric type holding an integral value that fits in 64
 * bits, as mongod's `parseIntegerElementToLong` accepts.
 */
import { ERROR_CODES, UpdateError } from '../errors.js';
import { decodeNumber, isIntegral, toBigIntExact } from '../values/numeric.js';
import { formatElement } from './format.js';

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** Parses `value` (the element `name: value`) as a 64-bit integer or throws code 9 with mongod's message. */
export function parseIntegerArgument(name: string, value: unknown): bigint {
  const element = formatElement(name, value);
  const n = decodeNumber(value);
  if (!n) throw new UpdateError(ERROR_CODES.FailedToParse, `Expected a number in: ${element}`);
  if ((n.kind === 'double' && Number.isNaN(n.value)) || (n.kind === 'decimal' && n.value.special === 'nan')) {
    throw new UpdateError(ERROR_CODES.FailedToParse, `Expected an integer, but found NaN in: ${element}`);
  }
  if (n.kind === 'decimal' && n.value.special === 'inf') {
    throw new UpdateError(ERROR_CODES.FailedToParse, `Cannot represent as a 64-bit integer: ${element}`);
  }
  if (n.kind === 'double' && !Number.isFinite(n.value)) {
    throw new UpdateError(ERROR_CODES.FailedToParse, `Cannot represent as a 64-bit integer: ${element}`);
  }
  if (!isIntegral(n)) throw new UpdateError(ERROR_CODES.FailedToParse, `Expected an integer: ${element}`);
  const b = toBigIntExact(n)!;
  if (b < INT64_MIN || b > INT64_MAX) {
    throw new UpdateError(ERROR_CODES.FailedToParse, `Cannot represent as a 64-bit integer: ${element}`);
  }
  return b;
}
