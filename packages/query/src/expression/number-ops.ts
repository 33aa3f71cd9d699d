/**
 * Numeric helpers used by arithmetic operators and accumulators, on top of
 * `values/numeric.ts`: subtraction, division, modulo, rounding and the
 * conversions MongoDB applies when mixing doubles with decimals.
 */
import { Decimal128, Double, Int32, Long } from 'bson';
import {
  addNumbers,
  decodeNumber,
  doubleToExact,
  encodeDecoded,
  integerValue,
  isInt32Number,
  multiplyNumbers,
  parseDecimal,
  toBigIntExact,
  toDouble,
} from '../values/index.js';
import type { DecodedNumber, ExactDecimal } from '../values/index.js';

/** Any BSON numeric wrapper. */
export type NumericValue = Int32 | Long | Double | Decimal128;

const INT32_MIN = -2147483648;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/**
 * A double as a decimal, rounded to 15 significant digits: MongoDB's
 * `Decimal128(double)` conversion, used whenever a double meets a decimal.
 */
export function doubleToDecimal15(x: number): ExactDecimal {
  if (Number.isNaN(x)) return { special: 'nan' };
  if (!Number.isFinite(x)) return { special: 'inf', neg: x < 0 };
  return parseDecimal(x.toPrecision(15));
}

/** Decodes a number and, when `asDecimal`, converts it to an exact decimal. */
export function toExactDecimal(n: DecodedNumber): ExactDecimal {
  switch (n.kind) {
    case 'decimal':
      return n.value;
    case 'double':
      return doubleToDecimal15(n.value);
    case 'int':
      return parseDecimal(String(n.value));
    case 'long':
      return parseDecimal(n.value.toString());
  }
}

/** Prepares a pair for decimal arithmetic: doubles meeting a decimal use 15-digit conversion. */
function harmonize(a: DecodedNumber, b: DecodedNumber): [DecodedNumber, DecodedNumber] {
  if (a.kind === 'decimal' && b.kind === 'double') return [a, { kind: 'decimal', value: doubleToDecimal15(b.value) }];
  if (b.kind === 'decimal' && a.kind === 'double') return [{ kind: 'decimal', value: doubleToDecimal15(a.value) }, b];
  return [a, b];
}

/** Builds a decimal wrapper from an exact decimal (rounded to 34 digits). */
export function decimalValue(d: ExactDecimal): Decimal128 {
  return encodeDecoded({ kind: 'decimal', value: d }) as Decimal128;
}

/** `a + b` as `$add` computes it: int32 overflow → long, long overflow → double. */
export function addValues(a: DecodedNumber, b: DecodedNumber): NumericValue {
  const [x, y] = harmonize(a, b);
  const r = addNumbers(x, y);
  return r.ok ? r.value : new Double(toDouble(encodeDecoded(x)) + toDouble(encodeDecoded(y)));
}

/** `a × b` as `$multiply` computes it: int32 overflow → long, long overflow → double. */
export function multiplyValues(a: DecodedNumber, b: DecodedNumber): NumericValue {
  const [x, y] = harmonize(a, b);
  const r = multiplyNumbers(x, y);
  return r.ok ? r.value : new Double(toDouble(encodeDecoded(x)) * toDouble(encodeDecoded(y)));
}

/** The negation of a number, widening where the negation does not fit. */
export function negate(n: DecodedNumber): DecodedNumber {
  switch (n.kind) {
    case 'int':
      return n.value === INT32_MIN ? { kind: 'long', value: 2147483648n } : { kind: 'int', value: n.value === 0 ? 0 : -n.value };
    case 'long':
      return n.value === INT64_MIN ? { kind: 'double', value: 2 ** 63 } : { kind: 'long', value: -n.value };
    case 'double':
      return { kind: 'double', value: -n.value };
    case 'decimal': {
      const d = n.value;
      if (d.special === 'nan') return n;
      return { kind: 'decimal', value: { ...d, neg: !d.neg } };
    }
  }
}

/** `a - b` as `$subtract` computes it. */
export function subtractValues(a: DecodedNumber, b: DecodedNumber): NumericValue {
  if (a.kind === 'int' && b.kind === 'int') return integerValue(a.value - b.value);
  if ((a.kind === 'int' || a.kind === 'long') && (b.kind === 'int' || b.kind === 'long')) {
    const r = BigInt(a.value) - BigInt(b.value);
    if (r < INT64_MIN || r > INT64_MAX) return new Double(Number(r));
    return Long.fromBigInt(r);
  }
  return addValues(a, negate(b));
}

function digits(c: bigint): number {
  return c === 0n ? 1 : c.toString().length;
}

/** Exact decimal division rounded to 34 digits, with the IEEE preferred exponent when exact. */
export function divideExact(a: ExactDecimal, b: ExactDecimal): ExactDecimal {
  if (a.special === 'nan' || b.special === 'nan') return { special: 'nan' };
  if (a.special === 'inf') {
    if (b.special === 'inf') return { special: 'nan' };
    return { special: 'inf', neg: a.neg !== b.neg };
  }
  if (b.special === 'inf') return { special: 'none', neg: a.neg !== b.neg, coeff: 0n, exp: 0 };
  const neg = a.neg !== b.neg;
  if (b.coeff === 0n) {
    if (a.coeff === 0n) return { special: 'nan' };
    return { special: 'inf', neg };
  }
  const ideal = a.exp - b.exp;
  if (a.coeff === 0n) return { special: 'none', neg, coeff: 0n, exp: ideal };
  let k = Math.max(0, 36 + digits(b.coeff) - digits(a.coeff));
  const num = a.coeff * 10n ** BigInt(k);
  let q = num / b.coeff;
  const r = num % b.coeff;
  if (r !== 0n) {
    // A sticky digit makes the later 34-digit rounding correct.
    q = q * 10n + 1n;
    k += 1;
    return { special: 'none', neg, coeff: q, exp: ideal - k };
  }
  let exp = ideal - k;
  while (exp < ideal && q % 10n === 0n) {
    q /= 10n;
    exp += 1;
  }
  return { special: 'none', neg, coeff: q, exp };
}

/** True when a number is zero (of any type). */
export function isZero(n: DecodedNumber): boolean {
  if (n.kind === 'decimal') return n.value.special === 'none' && n.value.coeff === 0n;
  if (n.kind === 'long') return n.value === 0n;
  return n.value === 0;
}

/** `a / b` as `$divide` computes it: double, or decimal when either side is decimal. */
export function divideValues(a: DecodedNumber, b: DecodedNumber): Double | Decimal128 {
  if (a.kind === 'decimal' || b.kind === 'decimal') return decimalValue(divideExact(toExactDecimal(a), toExactDecimal(b)));
  return new Double(toDouble(encodeDecoded(a)) / toDouble(encodeDecoded(b)));
}

function alignExact(a: ExactDecimal & { special: 'none' }, b: ExactDecimal & { special: 'none' }): [bigint, bigint, number] {
  const exp = Math.min(a.exp, b.exp);
  const ca = (a.neg ? -a.coeff : a.coeff) * 10n ** BigInt(a.exp - exp);
  const cb = (b.neg ? -b.coeff : b.coeff) * 10n ** BigInt(b.exp - exp);
  return [ca, cb, exp];
}

/**
 * `a mod b` with the dividend's sign. Result type as on the server: decimal
 * if either is decimal; double if the dividend is a double or the divisor a
 * non-integral double; else long if either is long; else int.
 */
export function modValues(a: DecodedNumber, b: DecodedNumber): NumericValue {
  if (a.kind === 'decimal' || b.kind === 'decimal') {
    const x = toExactDecimal(a);
    const y = toExactDecimal(b);
    if (x.special === 'nan' || y.special === 'nan' || x.special === 'inf') return decimalValue({ special: 'nan' });
    if (y.special === 'inf') return decimalValue(x);
    const [ca, cb, exp] = alignExact(x, y);
    const r = ca % cb;
    return decimalValue({ special: 'none', neg: r < 0n || (r === 0n && x.neg), coeff: r < 0n ? -r : r, exp });
  }
  if (a.kind === 'double' || (b.kind === 'double' && !Number.isInteger(b.value))) {
    return new Double(toDouble(encodeDecoded(a)) % toDouble(encodeDecoded(b)));
  }
  const x = toBigIntExact(a) ?? BigInt(Math.trunc(toDouble(encodeDecoded(a))));
  const y = toBigIntExact(b)!;
  const r = x % y;
  if (a.kind === 'long' || b.kind === 'long') return Long.fromBigInt(r);
  return new Int32(Number(r));
}

/** Rounding modes for `$round`, `$trunc`, `$ceil` and `$floor`. */
export type RoundMode = 'halfEven' | 'trunc' | 'floor' | 'ceil';

/** Rounds an exact decimal to `place` digits after the point. */
export function roundExact(d: ExactDecimal, place: number, mode: RoundMode): ExactDecimal {
  if (d.special !== 'none') return d;
  const target = -place;
  if (d.exp >= target) return d;
  const divisor = 10n ** BigInt(target - d.exp);
  let q = d.coeff / divisor;
  const r = d.coeff % divisor;
  if (r !== 0n) {
    switch (mode) {
      case 'halfEven':
        if (2n * r > divisor || (2n * r === divisor && q % 2n === 1n)) q += 1n;
        break;
      case 'floor':
        if (d.neg) q += 1n;
        break;
      case 'ceil':
        if (!d.neg) q += 1n;
        break;
      case 'trunc':
        break;
    }
  }
  return { special: 'none', neg: d.neg, coeff: q, exp: target };
}

function exactToNumber(d: ExactDecimal): number {
  if (d.special === 'nan') return Number.NaN;
  if (d.special === 'inf') return d.neg ? -Infinity : Infinity;
  return Number(`${d.neg ? '-' : ''}${d.coeff}e${d.exp}`);
}

/** Rounds any number to `place` decimal places, keeping its type (int overflow → long). */
export function roundValue(n: DecodedNumber, place: number, mode: RoundMode): NumericValue | undefined {
  switch (n.kind) {
    case 'int':
    case 'long': {
      if (place >= 0) return encodeDecoded(n);
      const r = roundExact(parseDecimal(n.value.toString()), place, mode);
      const big = toBigIntExact({ kind: 'decimal', value: r })!;
      if (n.kind === 'int') return integerValue(big);
      if (big < INT64_MIN || big > INT64_MAX) return undefined;
      return Long.fromBigInt(big);
    }
    case 'double': {
      const x = n.value;
      if (!Number.isFinite(x)) return new Double(x);
      // The server converts the double to a 34-digit decimal, quantizes, and converts back.
      const d34 = (decodeNumber(decimalValue(doubleToExact(x))) as { value: ExactDecimal }).value;
      const r = exactToNumber(roundExact(d34, place, mode));
      return new Double(r === 0 && (x < 0 || Object.is(x, -0)) ? -0 : r);
    }
    case 'decimal':
      return decimalValue(roundExact(n.value, place, mode));
  }
}

/** The exact int32 value of a number, if it is integral and fits. */
export function toInt32Exact(v: unknown): number | undefined {
  const n = decodeNumber(v);
  if (!n) return undefined;
  const b = toBigIntExact(n);
  if (b === undefined || b < -2147483648n || b > 2147483647n) return undefined;
  return Number(b);
}

/** The exact int64 value of a number, if it is integral and fits. */
export function toInt64Exact(v: unknown): bigint | undefined {
  const n = decodeNumber(v);
  if (!n) return undefined;
  const b = toBigIntExact(n);
  if (b === undefined || b < INT64_MIN || b > INT64_MAX) return undefined;
  return b;
}

/** A JS number as MongoDB would store it from an integral count (int32, else long). */
export function countValue(n: number): Int32 | Long {
  return isInt32Number(n) ? new Int32(n) : Long.fromNumber(n);
}

/** Result of an inexact math function on a number: double, or decimal for decimal input. */
export function mathResult(input: DecodedNumber, value: number): Double | Decimal128 {
  return input.kind === 'decimal' ? decimalValue(doubleToDecimal15(value)) : new Double(value);
}
