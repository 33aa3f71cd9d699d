/**
 * Operators over numbers: `$mod`, `$size` and the bitwise tests
 * (`$bitsAllSet`, `$bitsAnySet`, `$bitsAllClear`, `$bitsAnyClear`).
 */
import { BadQueryError } from '../errors.js';
import type { Binary } from '../values/bson-type.js';
import { bsonTypeOf } from '../values/bson-type.js';
import { decodeNumber, isIntegral, toBigIntExact, type DecodedNumber, type ExactDecimal } from '../values/numeric.js';
import { formatElement } from './format.js';
import type { ValueTest } from './types.js';

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const INT32_MIN = -(2n ** 31n);
const INT32_MAX = 2n ** 31n - 1n;
const MASK64 = 2n ** 64n - 1n;

/** Truncates a decimal toward zero to an integer. */
function truncateExact(d: Extract<ExactDecimal, { special: 'none' }>): bigint {
  const mag = d.exp >= 0 ? d.coeff * 10n ** BigInt(d.exp) : d.coeff / 10n ** BigInt(-d.exp);
  return d.neg ? -mag : mag;
}

/** A number truncated toward zero to an int64, or undefined when NaN, infinite or out of range. */
export function truncateToInt64(n: DecodedNumber): bigint | undefined {
  let b: bigint;
  switch (n.kind) {
    case 'int':
      return BigInt(n.value);
    case 'long':
      return n.value;
    case 'double':
      if (!Number.isFinite(n.value)) return undefined;
      b = BigInt(Math.trunc(n.value));
      break;
    case 'decimal':
      if (n.value.special !== 'none') return undefined;
      b = truncateExact(n.value);
      break;
  }
  return b >= INT64_MIN && b <= INT64_MAX ? b : undefined;
}

// ---------------------------------------------------------------- $mod

/** Parses `$mod: [divisor, remainder]` and builds its test. */
export function modTest(operand: unknown): ValueTest {
  if (!Array.isArray(operand)) throw new BadQueryError(2, 'malformed mod, needs to be an array');
  if (operand.length < 2) throw new BadQueryError(2, 'malformed mod, not enough elements');
  const d = decodeNumber(operand[0]);
  if (!d) throw new BadQueryError(2, 'malformed mod, divisor not a number');
  const r = decodeNumber(operand[1]);
  if (!r) throw new BadQueryError(2, 'malformed mod, remainder not a number');
  if (operand.length > 2) throw new BadQueryError(2, 'malformed mod, too many elements');
  const divisor = truncateToInt64(d);
  if (divisor === undefined) {
    throw new BadQueryError(2, 'malformed mod, divisor value is invalid :: caused by :: Unable to coerce NaN/Inf to integral type');
  }
  const remainder = truncateToInt64(r);
  if (remainder === undefined) {
    throw new BadQueryError(2, 'malformed mod, remainder value is invalid :: caused by :: Unable to coerce NaN/Inf to integral type');
  }
  if (divisor === 0n) throw new BadQueryError(2, 'divisor cannot be 0');
  return (v) => {
    const n = decodeNumber(v);
    if (!n) return false;
    const dividend = truncateToInt64(n);
    // Remainder of truncated division, as C++ computes it (sign of the dividend).
    return dividend !== undefined && dividend % divisor === remainder;
  };
}

// ---------------------------------------------------------------- $size

/** Parses the `$size` operand: a whole, non-negative number that fits in 32 bits. */
export function parseSize(operand: unknown): number {
  const n = decodeNumber(operand);
  if (!n) throw new BadQueryError(2, '$size needs a number');
  if (!isIntegral(n)) throw new BadQueryError(2, '$size must be a whole number');
  const b = toBigIntExact(n)!;
  if (b < INT32_MIN || b > INT32_MAX) throw new BadQueryError(2, '$size must be representable as a 32-bit integer');
  if (b < 0n) throw new BadQueryError(2, '$size may not be negative');
  return Number(b);
}

// ---------------------------------------------------------------- bit tests

/** The four bitwise query operators. */
export const BIT_OPS = Object.freeze({
  $bitsAllSet: 'allSet',
  $bitsAnySet: 'anySet',
  $bitsAllClear: 'allClear',
  $bitsAnyClear: 'anyClear',
} as const);

/** One bitwise test kind. */
export type BitKind = (typeof BIT_OPS)[keyof typeof BIT_OPS];

interface BitMask {
  /** The mask as an unsigned 64-bit value; positions above 63 test the sign bit. */
  mask: bigint;
  /** The positions tested in BinData values (which are zero-extended, not sign-extended). */
  positions: number[];
}

function binaryBytes(v: unknown): Uint8Array {
  if (v instanceof Uint8Array) return v;
  const b = v as Binary;
  return b.buffer.subarray(0, b.position);
}

function parseMask(op: string, operand: unknown): BitMask {
  if (Array.isArray(operand)) {
    const positions: number[] = [];
    let mask = 0n;
    for (let idx = 0; idx < operand.length; idx++) {
      const e: unknown = operand[idx];
      const n = decodeNumber(e);
      if (!n) throw new BadQueryError(2, `bit positions must be an integer but got: ${formatElement(String(idx), e)}`);
      if (n.kind === 'double' && Number.isNaN(n.value)) {
        throw new BadQueryError(2, `bit positions cannot take a NaN: ${formatElement(String(idx), e)}`);
      }
      if (!isIntegral(n)) throw new BadQueryError(2, `bit positions must be an integer but got: ${formatElement(String(idx), e)}`);
      const b = toBigIntExact(n)!;
      if (b < INT32_MIN || b > INT32_MAX) {
        throw new BadQueryError(2, `bit positions cannot be represented as a 32-bit signed integer: ${formatElement(String(idx), e)}`);
      }
      if (b < 0n) throw new BadQueryError(2, `bit positions must be >= 0 but got: ${formatElement(String(idx), e)}`);
      const p = Number(b);
      positions.push(p);
      mask |= 1n << BigInt(Math.min(p, 63));
    }
    return { mask, positions };
  }
  const n = decodeNumber(operand);
  if (n) {
    if (n.kind === 'double' && Number.isNaN(n.value)) {
      throw new BadQueryError(9, `Expected an integer, but found NaN in: ${formatElement(op, operand)}`);
    }
    if (!isIntegral(n)) throw new BadQueryError(9, `Expected an integer: ${formatElement(op, operand)}`);
    const b = toBigIntExact(n);
    if (b === undefined || b < INT64_MIN || b > INT64_MAX) {
      throw new BadQueryError(9, `Cannot represent as a 64-bit integer: ${formatElement(op, operand)}`);
    }
    if (b < 0n) throw new BadQueryError(9, `Expected a positive number in: ${formatElement(op, operand)}`);
    const positions: number[] = [];
    for (let i = 0; i < 64; i++) if ((b >> BigInt(i)) & 1n) positions.push(i);
    return { mask: b, positions };
  }
  if (bsonTypeOf(operand) === 'binData') {
    const bytes = binaryBytes(operand);
    const positions: number[] = [];
    let mask = 0n;
    for (let byte = 0; byte < bytes.length; byte++) {
      const v = bytes[byte]!;
      if (v === 0) continue;
      // Bytes beyond the eighth can only test the sign bit of a 64-bit number.
      mask |= byte < 8 ? BigInt(v) << BigInt(8 * byte) : 1n << 63n;
      for (let bit = 0; bit < 8; bit++) if (v & (1 << bit)) positions.push(8 * byte + bit);
    }
    return { mask, positions };
  }
  throw new BadQueryError(2, `${op} takes an Array, a number, or a BinData but received: ${formatElement(op, operand)}`);
}

// The value of a number as a two's-complement 64-bit pattern, if it is a whole int64.
function bitsOfNumber(n: DecodedNumber): bigint | undefined {
  let b: bigint | undefined;
  switch (n.kind) {
    case 'int':
      b = BigInt(n.value);
      break;
    case 'long':
      b = n.value;
      break;
    case 'double':
      if (!Number.isInteger(n.value)) return undefined;
      b = BigInt(n.value);
      if (b < INT64_MIN || b > INT64_MAX) return undefined;
      break;
    case 'decimal':
      b = isIntegral(n) ? toBigIntExact(n) : undefined;
      if (b === undefined || b < INT64_MIN || b > INT64_MAX) return undefined;
      break;
  }
  return BigInt.asUintN(64, b);
}

/** Parses a bitwise operator's mask and builds its test. */
export function bitTest(op: keyof typeof BIT_OPS, operand: unknown): ValueTest {
  const kind = BIT_OPS[op];
  const { mask, positions } = parseMask(op, operand);
  const testBits = (x: bigint): boolean => {
    switch (kind) {
      case 'allSet':
        return (x & mask) === mask;
      case 'anySet':
        return (x & mask) !== 0n;
      case 'allClear':
        return (~x & MASK64 & mask) === mask;
      case 'anyClear':
        return (~x & MASK64 & mask) !== 0n;
    }
  };
  return (v) => {
    const n = decodeNumber(v);
    if (n) {
      const bits = bitsOfNumber(n);
      return bits !== undefined && testBits(bits);
    }
    if (bsonTypeOf(v) !== 'binData') return false;
    const bytes = binaryBytes(v);
    const wantSet = kind === 'allSet' || kind === 'anySet';
    const all = kind === 'allSet' || kind === 'allClear';
    for (const p of positions) {
      const set = p < bytes.length * 8 ? (bytes[p >> 3]! & (1 << (p & 7))) !== 0 : false;
      if (set === wantSet) {
        if (!all) return true;
      } else if (all) {
        return false;
      }
    }
    return all;
  };
}
