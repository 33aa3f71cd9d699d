/**
 * Type operators: `$type $isNumber $convert $toString $toInt $toLong
 * $toDouble $toDecimal $toBool $toDate $toObjectId`. Conversion failures
 * raise code 241 (ConversionFailure) unless `$convert` has `onError`.
 */
import { Decimal128, Double, Int32, Long, ObjectId, Timestamp } from 'bson';
import { bsonTypeOf, decodeNumber, isNumeric, isPlainObject, toDouble } from '../../values/index.js';
import type { DecodedNumber } from '../../values/index.js';
import { ExpressionError } from '../../errors.js';
import { fixedArity, isNullish, operandList } from '../args.js';
import { formatDouble, formatIsoDate } from '../coerce.js';
import { constantOf } from '../constant.js';
import { evalError, formatValue, parseError } from '../failures.js';
import { decimalValue, doubleToDecimal15, toExactDecimal } from '../number-ops.js';
import { parseDateString } from '../date-time.js';
import type { Evaluator, OperatorParser, OperatorTable } from '../types.js';

/** Conversion targets supported by `$convert`. */
const TARGETS = ['double', 'string', 'objectId', 'bool', 'date', 'int', 'long', 'decimal'] as const;
type Target = (typeof TARGETS)[number];

const TYPE_CODES: Readonly<Record<number, string>> = {
  1: 'double',
  2: 'string',
  3: 'object',
  4: 'array',
  5: 'binData',
  6: 'undefined',
  7: 'objectId',
  8: 'bool',
  9: 'date',
  10: 'null',
  11: 'regex',
  13: 'javascript',
  14: 'symbol',
  16: 'int',
  17: 'timestamp',
  18: 'long',
  19: 'decimal',
  [-1]: 'minKey',
  127: 'maxKey',
};

const KNOWN_TYPE_NAMES = new Set([...Object.values(TYPE_CODES), 'dbPointer', 'javascriptWithScope']);

class ConversionFailure extends Error {}

function fail(message: string): never {
  throw new ConversionFailure(message);
}

function unsupported(from: string, to: string): never {
  fail(`Unsupported conversion from ${from} to ${to}`);
}

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

function parseNumberString(s: string, to: 'int' | 'long' | 'double'): DecodedNumber {
  if (to === 'int' || to === 'long') {
    if (!/^[-+]?\d+$/.test(s)) {
      const bad = /[^-+\d]/.exec(s);
      fail(`Failed to parse number '${s}' in $convert with no onError value: ${bad ? `Bad digit "${bad[0]}" while parsing ${s}` : 'Did not consume whole string.'}`);
    }
    const b = BigInt(s);
    if (to === 'int' && (b < BigInt(INT32_MIN) || b > BigInt(INT32_MAX))) fail(`Failed to parse number '${s}' in $convert with no onError value: Overflow`);
    if (b < INT64_MIN || b > INT64_MAX) fail(`Failed to parse number '${s}' in $convert with no onError value: Overflow`);
    return to === 'int' ? { kind: 'int', value: Number(b) } : { kind: 'long', value: b };
  }
  const special = /^([-+]?)(nan|inf|infinity)$/i.exec(s);
  const numeric = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(s);
  if (!numeric && !special) fail(`Failed to parse number '${s}' in $convert with no onError value: Did not consume whole string.`);
  const d = special ? (special[2]!.toLowerCase() === 'nan' ? Number.NaN : special[1] === '-' ? -Infinity : Infinity) : Number(s);
  if (!special && !Number.isFinite(d)) fail(`Failed to parse number '${s}' in $convert with no onError value: Out of range`);
  return { kind: 'double', value: d };
}

function toIntegerTarget(n: DecodedNumber, to: 'int' | 'long', original: unknown): Int32 | Long {
  let big: bigint;
  switch (n.kind) {
    case 'int':
      big = BigInt(n.value);
      break;
    case 'long':
      big = n.value;
      break;
    case 'double': {
      const x = n.value;
      if (Number.isNaN(x)) fail(`Attempt to convert NaN value to integer type in $convert with no onError value`);
      if (!Number.isFinite(x)) fail(`Attempt to convert infinity value to integer type in $convert with no onError value`);
      // The range check applies to the double before truncation, as on the server.
      const inRange = to === 'int' ? x >= INT32_MIN && x <= INT32_MAX : x >= -(2 ** 63) && x < 2 ** 63;
      if (!inRange) fail(`Conversion would overflow target type in $convert with no onError value: ${formatValue(original)}`);
      big = BigInt(Math.trunc(x));
      break;
    }
    case 'decimal': {
      const d = n.value;
      if (d.special === 'nan') fail(`Attempt to convert NaN value to integer type in $convert with no onError value`);
      if (d.special === 'inf') fail(`Attempt to convert infinity value to integer type in $convert with no onError value`);
      const mag = d.exp >= 0 ? d.coeff * 10n ** BigInt(d.exp) : d.coeff / 10n ** BigInt(-d.exp);
      big = d.neg ? -mag : mag;
      break;
    }
  }
  const [lo, hi] = to === 'int' ? [BigInt(INT32_MIN), BigInt(INT32_MAX)] : [INT64_MIN, INT64_MAX];
  if (big < lo || big > hi) fail(`Conversion would overflow target type in $convert with no onError value: ${formatValue(original)}`);
  return to === 'int' ? new Int32(Number(big)) : Long.fromBigInt(big);
}

function toDateTarget(v: unknown, from: string): Date {
  switch (from) {
    case 'date':
      return v as Date;
    case 'long':
    case 'double':
    case 'decimal': {
      const n = decodeNumber(v)!;
      if (n.kind === 'long') return new Date(Number(n.value));
      const d = toDouble(v);
      if (!Number.isFinite(d)) fail(`Cannot convert ${formatValue(v)} to a date in $convert with no onError value`);
      return new Date(Math.trunc(d));
    }
    case 'string': {
      const d = parseDateString(v as string);
      if (!d) fail(`Error parsing date string '${v as string}'; 0: passing a time zone identifier as part of the string is not allowed`);
      return d;
    }
    case 'objectId':
      return (v as ObjectId).getTimestamp();
    case 'timestamp':
      return new Date(((v as Timestamp).high >>> 0) * 1000);
    default:
      unsupported(from, 'date');
  }
}

/** Converts a non-null value to `to`, throwing ConversionFailure when impossible. */
function convertValue(v: unknown, to: Target): unknown {
  const from = bsonTypeOf(v);
  const n = decodeNumber(v);
  switch (to) {
    case 'double':
      if (n) {
        if (n.kind === 'decimal') {
          const d = toDouble(v);
          if (n.value.special === 'none' && !Number.isFinite(d)) {
            fail(`Conversion would overflow target type in $convert with no onError value: ${formatValue(v)}`);
          }
          return new Double(d);
        }
        return new Double(toDouble(v));
      }
      if (from === 'bool') return new Double(v ? 1 : 0);
      if (from === 'string') return new Double((parseNumberString(v as string, 'double') as { value: number }).value);
      if (from === 'date') return new Double((v as Date).getTime());
      return unsupported(from, to);
    case 'int':
    case 'long':
      if (n) return toIntegerTarget(n, to, v);
      if (from === 'bool') return to === 'int' ? new Int32(v ? 1 : 0) : Long.fromNumber(v ? 1 : 0);
      if (from === 'string') return toIntegerTarget(parseNumberString(v as string, to), to, v);
      if (from === 'date' && to === 'long') return Long.fromNumber((v as Date).getTime());
      return unsupported(from, to);
    case 'decimal':
      if (n) {
        if (n.kind === 'double') return decimalValue(doubleToDecimal15(n.value));
        return decimalValue(toExactDecimal(n));
      }
      if (from === 'bool') return Decimal128.fromString(v ? '1' : '0');
      if (from === 'string') {
        const str = v as string;
        if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(str) && !/^[-+]?(nan|inf|infinity)$/i.test(str)) {
          fail(`Failed to parse number '${str}' in $convert with no onError value: Did not consume whole string.`);
        }
        return Decimal128.fromStringWithRounding(normalizeDecimalString(str));
      }
      if (from === 'date') return Decimal128.fromString(String((v as Date).getTime()));
      return unsupported(from, to);
    case 'bool':
      if (n) {
        if (n.kind === 'decimal') return n.value.special !== 'none' || n.value.coeff !== 0n;
        if (n.kind === 'long') return n.value !== 0n;
        return n.value !== 0;
      }
      if (from === 'bool') return v;
      if (from === 'undefined') return false;
      return true;
    case 'string':
      switch (from) {
        case 'string':
          return v;
        case 'bool':
          return v ? 'true' : 'false';
        case 'int':
        case 'long':
          return n!.kind === 'int' ? String(n!.value) : (n!.value as bigint).toString();
        case 'double':
          return formatDouble(n!.value as number);
        case 'decimal':
          return (v as Decimal128).toString();
        case 'objectId':
          return (v as ObjectId).toHexString();
        case 'date':
          return formatIsoDate(v as Date);
        case 'symbol':
          return String(v);
        default:
          return unsupported(from, to);
      }
    case 'objectId':
      if (from === 'objectId') return v;
      if (from === 'string') {
        const s = v as string;
        if (s.length !== 24) {
          fail(`Failed to parse objectId '${s}' in $convert with no onError value: Invalid string length for parsing to OID, expected 24 but found ${s.length}`);
        }
        const bad = /[^0-9a-fA-F]/.exec(s);
        if (bad) fail(`Failed to parse objectId '${s}' in $convert with no onError value: Invalid character found in hex string: '${bad[0]}'`);
        return ObjectId.createFromHexString(s.toLowerCase());
      }
      return unsupported(from, to);
    case 'date':
      return toDateTarget(v, from);
  }
}

function normalizeDecimalString(s: string): string {
  const special = /^([-+]?)(nan|inf|infinity)$/i.exec(s);
  if (!special) return s;
  return special[2]!.toLowerCase() === 'nan' ? 'NaN' : `${special[1]}Infinity`;
}

/** Resolves a `to` value (type name or numeric code) to a conversion target. */
function resolveTarget(to: unknown): Target {
  let name: string | undefined;
  if (typeof to === 'string') {
    name = to;
    // "missing" is accepted (it is what $type returns) but nothing converts to it.
    if (!KNOWN_TYPE_NAMES.has(name) && name !== 'missing') throw evalError(2, `Unknown type name: ${to}`);
  } else if (isNumeric(to)) {
    const d = toDouble(to);
    if (!Number.isInteger(d)) throw evalError(9, "In $convert, numeric 'to' argument is not an integer");
    name = TYPE_CODES[d];
    if (name === undefined) throw evalError(9, `In $convert, numeric value for 'to' does not correspond to a BSON type: ${d}`);
  } else {
    throw evalError(9, `$convert's 'to' argument must be a string or number, but is ${bsonTypeOf(to)}`);
  }
  // Known types outside TARGETS fail at conversion time as unsupported conversions.
  return name as Target;
}

function runConversion(v: unknown, to: Target, onError: Evaluator | undefined, s: Parameters<Evaluator>[0]): unknown {
  try {
    if (!(TARGETS as readonly string[]).includes(to)) unsupported(bsonTypeOf(v), to);
    return convertValue(v, to);
  } catch (e) {
    if (!(e instanceof ConversionFailure)) throw e;
    if (onError) return onError(s);
    throw new ExpressionError(241, e.message.includes('in $convert') ? e.message : `${e.message} in $convert with no onError value`);
  }
}

const parseConvert: OperatorParser = (args, ctx) => {
  if (!isPlainObject(args)) throw parseError(9, `$convert expects an object of named arguments but found: ${bsonTypeOf(args)}`);
  for (const k of Object.keys(args)) {
    if (!['input', 'to', 'onError', 'onNull'].includes(k)) throw parseError(9, `$convert found an unknown argument: ${k}`);
  }
  if (args.input === undefined) throw parseError(9, "Missing 'input' parameter to $convert");
  if (args.to === undefined) throw parseError(9, "Missing 'to' parameter to $convert");
  const input = ctx.compile(args.input);
  const toE = ctx.compile(args.to);
  const onError = args.onError === undefined ? undefined : ctx.compile(args.onError);
  const onNull = args.onNull === undefined ? undefined : ctx.compile(args.onNull);
  const constTo = constantOf(toE);
  // A constant 'to' is resolved once, on first use (so an invalid one fails only when evaluated).
  let fixed: Target | undefined;
  return (s) => {
    let to = fixed;
    let toIsNull = false;
    if (!to) {
      const t = toE(s);
      if (isNullish(t)) toIsNull = true;
      else to = resolveTarget(isPlainObject(t) ? t.type : t);
      if (constTo) fixed = to;
    }
    const v = input(s);
    // A null input takes precedence over a null 'to'.
    if (isNullish(v)) return onNull ? onNull(s) : null;
    if (toIsNull || !to) return null;
    return runConversion(v, to, onError, s);
  };
};

function shorthand(to: Target): OperatorParser {
  return (args, ctx, name) => {
    const list = operandList(args);
    if (list.length !== 1) throw parseError(50723, `${name} requires a single argument, got ${list.length}`);
    const e = ctx.compile(list[0]);
    return (s) => {
      const v = e(s);
      if (isNullish(v)) return null;
      return runConversion(v, to, undefined, s);
    };
  };
}

/** The type operator family. */
export const typeOperators: OperatorTable = {
  $type: (args, ctx, name) => {
    const [e] = fixedArity(name, args, ctx, 1) as [Evaluator];
    return (s) => bsonTypeOf(e(s));
  },
  $isNumber: (args, ctx, name) => {
    const [e] = fixedArity(name, args, ctx, 1) as [Evaluator];
    return (s) => isNumeric(e(s));
  },
  $convert: parseConvert,
  $toString: shorthand('string'),
  $toInt: shorthand('int'),
  $toLong: shorthand('long'),
  $toDouble: shorthand('double'),
  $toDecimal: shorthand('decimal'),
  $toBool: shorthand('bool'),
  $toDate: shorthand('date'),
  $toObjectId: shorthand('objectId'),
};
