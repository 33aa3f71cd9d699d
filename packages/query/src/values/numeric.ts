/**
 * Exact comparison and type-preserving arithmetic across BSON's four numeric
 * types (int32, int64, double, decimal128).
 *
 * MongoDB compares numbers by value whatever their type, and arithmetic keeps
 * the "widest" operand type: int32 < int64 < double < decimal128. int32
 * overflow widens to int64; int64 overflow is an error in updates.
 */
import { Decimal128, Double, Int32, Long } from 'bson';
import { isInt32Number } from './bson-type.js';

/** The numeric kinds in widening order. */
export const NUMERIC_KINDS = Object.freeze({ int: 0, long: 1, double: 2, decimal: 3 } as const);
export type NumericKind = keyof typeof NUMERIC_KINDS;

/** A decoded number: JS number for int/double, bigint for long, parsed decimal. */
export type DecodedNumber =
  | { kind: 'int'; value: number }
  | { kind: 'long'; value: bigint }
  | { kind: 'double'; value: number }
  | { kind: 'decimal'; value: ExactDecimal };

/** An exact decimal: (-1)^neg × coeff × 10^exp, or a special value. */
export type ExactDecimal =
  | { special: 'none'; neg: boolean; coeff: bigint; exp: number }
  | { special: 'nan' }
  | { special: 'inf'; neg: boolean };

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** Decodes any numeric value; returns undefined for non-numbers. */
export function decodeNumber(v: unknown): DecodedNumber | undefined {
  if (typeof v === 'number') return isInt32Number(v) ? { kind: 'int', value: v } : { kind: 'double', value: v };
  if (typeof v === 'bigint') return { kind: 'long', value: v };
  if (v === null || typeof v !== 'object') return undefined;
  switch ((v as { _bsontype?: string })._bsontype) {
    case 'Int32':
      return { kind: 'int', value: (v as Int32).value };
    case 'Double':
      return { kind: 'double', value: (v as Double).value };
    case 'Long':
      return { kind: 'long', value: (v as Long).toBigInt() };
    case 'Decimal128':
      return { kind: 'decimal', value: parseDecimal((v as Decimal128).toString()) };
    default:
      return undefined;
  }
}

/** Parses a decimal string (as printed by Decimal128) into an exact decimal. */
export function parseDecimal(s: string): ExactDecimal {
  const t = s.trim();
  if (/^[-+]?nan$/i.test(t)) return { special: 'nan' };
  const infMatch = /^([-+]?)(inf|infinity)$/i.exec(t);
  if (infMatch) return { special: 'inf', neg: infMatch[1] === '-' };
  const m = /^([-+]?)(\d*)(?:\.(\d*))?(?:[eE]([-+]?\d+))?$/.exec(t);
  if (!m) return { special: 'nan' };
  const intPart = m[2] ?? '';
  const frac = m[3] ?? '';
  const digits = (intPart + frac).replace(/^0+(?=\d)/, '') || '0';
  const exp = Number(m[4] ?? '0') - frac.length;
  return { special: 'none', neg: m[1] === '-', coeff: BigInt(digits), exp };
}

/** Converts a finite double to its exact decimal expansion. */
export function doubleToExact(d: number): ExactDecimal {
  if (Number.isNaN(d)) return { special: 'nan' };
  if (!Number.isFinite(d)) return { special: 'inf', neg: d < 0 };
  const neg = d < 0 || Object.is(d, -0);
  let x = Math.abs(d);
  if (x === 0) return { special: 'none', neg, coeff: 0n, exp: 0 };
  // Scale to an integer mantissa by powers of two; doubles have finite binary expansions.
  let e2 = 0;
  while (!Number.isInteger(x)) {
    x *= 2;
    e2 -= 1;
  }
  let coeff = BigInt(x);
  if (e2 === 0) return { special: 'none', neg, coeff, exp: 0 };
  // m × 2^-k = m × 5^k × 10^-k
  coeff *= 5n ** BigInt(-e2);
  return { special: 'none', neg, coeff, exp: e2 };
}

function toExact(n: DecodedNumber): ExactDecimal {
  switch (n.kind) {
    case 'int':
    case 'double':
      return doubleToExact(n.value);
    case 'long':
      return { special: 'none', neg: n.value < 0n, coeff: n.value < 0n ? -n.value : n.value, exp: 0 };
    case 'decimal':
      return n.value;
  }
}

function compareExact(a: ExactDecimal, b: ExactDecimal): number {
  // NaN sorts below every other number and equals itself, as in MongoDB.
  if (a.special === 'nan') return b.special === 'nan' ? 0 : -1;
  if (b.special === 'nan') return 1;
  if (a.special === 'inf') {
    if (b.special === 'inf' && a.neg === b.neg) return 0;
    return a.neg ? -1 : 1;
  }
  if (b.special === 'inf') return b.neg ? 1 : -1;
  const sa = a.coeff === 0n ? 0 : a.neg ? -1 : 1;
  const sb = b.coeff === 0n ? 0 : b.neg ? -1 : 1;
  if (sa !== sb) return sa < sb ? -1 : 1;
  if (sa === 0) return 0;
  // Align exponents and compare magnitudes.
  let ca = a.coeff;
  let cb = b.coeff;
  if (a.exp > b.exp) ca *= 10n ** BigInt(a.exp - b.exp);
  else if (b.exp > a.exp) cb *= 10n ** BigInt(b.exp - a.exp);
  const mag = ca === cb ? 0 : ca < cb ? -1 : 1;
  return sa * mag;
}

/** Compares two numeric values by value across types. NaN is smallest and equals NaN. */
export function compareNumbers(a: DecodedNumber, b: DecodedNumber): number {
  // Fast path: both fit in JS numbers exactly.
  if ((a.kind === 'int' || a.kind === 'double') && (b.kind === 'int' || b.kind === 'double')) {
    const x = a.value;
    const y = b.value;
    if (Number.isNaN(x)) return Number.isNaN(y) ? 0 : -1;
    if (Number.isNaN(y)) return 1;
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (a.kind === 'long' && b.kind === 'long') return a.value < b.value ? -1 : a.value > b.value ? 1 : 0;
  return compareExact(toExact(a), toExact(b));
}

/** Returns the value as a JS double (lossy for big longs and decimals). */
export function toDouble(v: unknown): number {
  const n = decodeNumber(v);
  if (!n) return Number.NaN;
  switch (n.kind) {
    case 'int':
    case 'double':
      return n.value;
    case 'long':
      return Number(n.value);
    case 'decimal':
      return exactToDouble(n.value);
  }
}

function exactToDouble(d: ExactDecimal): number {
  if (d.special === 'nan') return Number.NaN;
  if (d.special === 'inf') return d.neg ? -Infinity : Infinity;
  const v = Number(`${d.neg ? '-' : ''}${d.coeff}e${d.exp}`);
  return v;
}

function formatExact(d: ExactDecimal): string {
  if (d.special === 'nan') return 'NaN';
  if (d.special === 'inf') return d.neg ? '-Infinity' : 'Infinity';
  return `${d.neg ? '-' : ''}${d.coeff}E${d.exp}`;
}

function exactToDecimal128(d: ExactDecimal): Decimal128 {
  if (d.special !== 'none') return Decimal128.fromString(formatExact(d));
  // Round to 34 significant digits, as decimal128 does.
  let { coeff, exp } = d;
  const neg = d.neg;
  let digits = coeff.toString();
  if (digits.length > 34) {
    const drop = digits.length - 34;
    const divisor = 10n ** BigInt(drop);
    const q = coeff / divisor;
    const r = coeff % divisor;
    const half = divisor / 2n;
    let rounded = q;
    if (r > half || (r === half && q % 2n === 1n)) rounded += 1n;
    coeff = rounded;
    exp += drop;
    digits = coeff.toString();
  }
  return Decimal128.fromStringWithRounding(`${neg ? '-' : ''}${digits}E${exp}`);
}

function addExact(a: ExactDecimal, b: ExactDecimal): ExactDecimal {
  if (a.special === 'nan' || b.special === 'nan') return { special: 'nan' };
  if (a.special === 'inf' || b.special === 'inf') {
    if (a.special === 'inf' && b.special === 'inf' && a.neg !== b.neg) return { special: 'nan' };
    return a.special === 'inf' ? a : b;
  }
  const exp = Math.min(a.exp, b.exp);
  const ca = (a.neg ? -a.coeff : a.coeff) * 10n ** BigInt(a.exp - exp);
  const cb = (b.neg ? -b.coeff : b.coeff) * 10n ** BigInt(b.exp - exp);
  const sum = ca + cb;
  return { special: 'none', neg: sum < 0n, coeff: sum < 0n ? -sum : sum, exp };
}

function mulExact(a: ExactDecimal, b: ExactDecimal): ExactDecimal {
  if (a.special === 'nan' || b.special === 'nan') return { special: 'nan' };
  const neg = (a.special === 'inf' || a.special === 'none' ? a.neg : false) !== (b.special === 'inf' || b.special === 'none' ? b.neg : false);
  if (a.special === 'inf' || b.special === 'inf') {
    const other = a.special === 'inf' ? b : a;
    if (other.special === 'none' && other.coeff === 0n) return { special: 'nan' };
    return { special: 'inf', neg };
  }
  return { special: 'none', neg, coeff: a.coeff * b.coeff, exp: a.exp + b.exp };
}

/** The wider of two numeric kinds. */
export function widerKind(a: NumericKind, b: NumericKind): NumericKind {
  return NUMERIC_KINDS[a] >= NUMERIC_KINDS[b] ? a : b;
}

/** Result of type-preserving arithmetic: a BSON wrapper, or an overflow marker. */
export type ArithmeticResult = { ok: true; value: Int32 | Long | Double | Decimal128 } | { ok: false; reason: 'overflow' };

function arith(a: DecodedNumber, b: DecodedNumber, op: 'add' | 'mul'): ArithmeticResult {
  const kind = widerKind(a.kind, b.kind);
  switch (kind) {
    case 'int': {
      const x = a.value as number;
      const y = b.value as number;
      const r = op === 'add' ? x + y : x * y;
      if (isInt32Number(r) || r === 0) return { ok: true, value: new Int32(r) };
      // int32 overflow widens to int64.
      return arith({ kind: 'long', value: BigInt(x) }, { kind: 'long', value: BigInt(y) }, op);
    }
    case 'long': {
      const x = a.kind === 'long' ? a.value : BigInt(a.value as number);
      const y = b.kind === 'long' ? b.value : BigInt(b.value as number);
      const r = op === 'add' ? x + y : x * y;
      if (r < INT64_MIN || r > INT64_MAX) return { ok: false, reason: 'overflow' };
      return { ok: true, value: Long.fromBigInt(r) };
    }
    case 'double': {
      const x = toDouble(encodeDecoded(a));
      const y = toDouble(encodeDecoded(b));
      return { ok: true, value: new Double(op === 'add' ? x + y : x * y) };
    }
    case 'decimal': {
      const r = op === 'add' ? addExact(toExact(a), toExact(b)) : mulExact(toExact(a), toExact(b));
      return { ok: true, value: exactToDecimal128(r) };
    }
  }
}

/** Re-encodes a decoded number as a BSON wrapper of the same kind. */
export function encodeDecoded(n: DecodedNumber): Int32 | Long | Double | Decimal128 {
  switch (n.kind) {
    case 'int':
      return new Int32(n.value);
    case 'long':
      return Long.fromBigInt(n.value);
    case 'double':
      return new Double(n.value);
    case 'decimal':
      return exactToDecimal128(n.value);
  }
}

/** Adds two numbers keeping MongoDB's result type (int32 overflow → int64). */
export function addNumbers(a: DecodedNumber, b: DecodedNumber): ArithmeticResult {
  return arith(a, b, 'add');
}

/** Multiplies two numbers keeping MongoDB's result type (int32 overflow → int64). */
export function multiplyNumbers(a: DecodedNumber, b: DecodedNumber): ArithmeticResult {
  return arith(a, b, 'mul');
}

/** Builds the BSON wrapper for an integer result: int32 when it fits, else int64. */
export function integerValue(n: number | bigint): Int32 | Long {
  if (typeof n === 'number' && isInt32Number(n)) return new Int32(n);
  const b = typeof n === 'bigint' ? n : BigInt(n);
  if (b >= -2147483648n && b <= 2147483647n) return new Int32(Number(b));
  return Long.fromBigInt(b);
}

/** True when a decoded number is an integral value (any kind). */
export function isIntegral(n: DecodedNumber): boolean {
  switch (n.kind) {
    case 'int':
    case 'long':
      return true;
    case 'double':
      return Number.isInteger(n.value);
    case 'decimal': {
      const d = n.value;
      if (d.special !== 'none') return false;
      if (d.exp >= 0) return true;
      return d.coeff % 10n ** BigInt(-d.exp) === 0n;
    }
  }
}

/** Returns the exact integer value of an integral number as bigint, if it is one. */
export function toBigIntExact(n: DecodedNumber): bigint | undefined {
  if (!isIntegral(n)) return undefined;
  switch (n.kind) {
    case 'int':
    case 'double':
      return BigInt(n.value);
    case 'long':
      return n.value;
    case 'decimal': {
      const d = n.value;
      if (d.special !== 'none') return undefined;
      const mag = d.exp >= 0 ? d.coeff * 10n ** BigInt(d.exp) : d.coeff / 10n ** BigInt(-d.exp);
      return d.neg ? -mag : mag;
    }
  }
}

/** Canonical string of a number's value, equal for equal values of any type. */
export function numericKey(n: DecodedNumber): string {
  const e = toExact(n);
  if (e.special === 'nan') return 'NaN';
  if (e.special === 'inf') return e.neg ? '-Inf' : 'Inf';
  if (e.coeff === 0n) return '0';
  // Strip trailing zeros so 1, 1.0 and 10E-1 give the same key.
  let { coeff, exp } = e;
  while (coeff % 10n === 0n) {
    coeff /= 10n;
    exp += 1;
  }
  return `${e.neg ? '-' : ''}${coeff}e${exp}`;
}
