/**
 * Arithmetic operators: `$add $subtract $multiply $divide $mod $abs $ceil
 * $floor $round $trunc $sqrt $pow $exp $ln $log $log10`. Results keep BSON
 * numeric types the way MongoDB does (int32 → long on overflow, any double
 * → double, any decimal → decimal).
 */
import { Double, Int32, Long } from 'bson';
import { decodeNumber, encodeDecoded, integerValue, toBigIntExact, toDouble } from '../../values/index.js';
import type { DecodedNumber } from '../../values/index.js';
import { AddState } from '../add-state.js';
import { compileOperands, fixedArity, isNullish, rangeArity } from '../args.js';
import { evalError, formatValue, typeName } from '../failures.js';
import {
  decimalValue,
  divideValues,
  doubleToDecimal15,
  isZero,
  mathResult,
  modValues,
  multiplyValues,
  roundValue,
  subtractValues,
  toInt64Exact,
} from '../number-ops.js';
import type { RoundMode } from '../number-ops.js';
import type { Evaluator, OperatorTable, ParseContext } from '../types.js';

function parseAdd(args: unknown, ctx: ParseContext): Evaluator {
  const evs = compileOperands(args, ctx);
  return (s) => {
    // Fast path: int32 and double operands only (exact in JS numbers for int32 sums).
    const values: unknown[] = [];
    let fast = true;
    let anyDouble = false;
    let sum = 0;
    for (const e of evs) {
      const v = e(s);
      // The first null or missing operand short-circuits, as on the server.
      if (isNullish(v)) return null;
      values.push(v);
      if (fast) {
        const n = decodeNumber(v);
        if (n && (n.kind === 'int' || n.kind === 'double')) {
          sum += n.value;
          if (n.kind === 'double') anyDouble = true;
        } else {
          fast = false;
          if (!n && !(v instanceof Date)) throw evalError(14, `$add only supports numeric or date types, not ${typeName(v)}`);
        }
      } else if (!(v instanceof Date) && !decodeNumber(v)) {
        throw evalError(14, `$add only supports numeric or date types, not ${typeName(v)}`);
      }
    }
    if (fast) return anyDouble ? new Double(sum) : integerValue(sum);
    const state = new AddState();
    for (const v of values) state.add(v instanceof Date ? v : decodeNumber(v)!);
    return state.value();
  };
}

function parseSubtract(args: unknown, ctx: ParseContext, name: string): Evaluator {
  const [ea, eb] = fixedArity(name, args, ctx, 2) as [Evaluator, Evaluator];
  return (s) => {
    const a = ea(s);
    const b = eb(s);
    const na = decodeNumber(a);
    const nb = decodeNumber(b);
    if (na && nb) return subtractValues(na, nb);
    if (isNullish(a) || isNullish(b)) return null;
    if (a instanceof Date) {
      if (b instanceof Date) return Long.fromNumber(a.getTime() - b.getTime());
      // The server truncates the amount to whole milliseconds.
      if (nb) return new Date(a.getTime() - Math.trunc(toDouble(b)));
      throw evalError(14, `can't $subtract ${typeName(b)} from Date`);
    }
    throw evalError(14, `can't $subtract ${typeName(b)} from ${typeName(a)}`);
  };
}

function parseMultiply(args: unknown, ctx: ParseContext): Evaluator {
  const evs = compileOperands(args, ctx);
  return (s) => {
    let product: DecodedNumber = { kind: 'int', value: 1 };
    for (const e of evs) {
      const v = e(s);
      if (isNullish(v)) return null;
      const n = decodeNumber(v);
      if (!n) throw evalError(14, `$multiply only supports numeric types, not ${typeName(v)}`);
      product = decodeNumber(multiplyValues(product, n))!;
    }
    return encodeDecoded(product);
  };
}

function parseDivide(args: unknown, ctx: ParseContext, name: string): Evaluator {
  const [ea, eb] = fixedArity(name, args, ctx, 2) as [Evaluator, Evaluator];
  return (s) => {
    const a = ea(s);
    const b = eb(s);
    const na = decodeNumber(a);
    const nb = decodeNumber(b);
    if (na && nb) {
      if (isZero(nb)) throw evalError(2, "can't $divide by zero");
      return divideValues(na, nb);
    }
    if (isNullish(a) || isNullish(b)) return null;
    throw evalError(14, `$divide only supports numeric types, not ${typeName(a)} and ${typeName(b)}`);
  };
}

function parseMod(args: unknown, ctx: ParseContext, name: string): Evaluator {
  const [ea, eb] = fixedArity(name, args, ctx, 2) as [Evaluator, Evaluator];
  return (s) => {
    const a = ea(s);
    const b = eb(s);
    const na = decodeNumber(a);
    const nb = decodeNumber(b);
    if (na && nb) {
      if (isZero(nb)) {
        throw evalError(na.kind === 'decimal' || nb.kind === 'decimal' ? 5733415 : 16610, "can't $mod by zero");
      }
      return modValues(na, nb);
    }
    if (isNullish(a) || isNullish(b)) return null;
    throw evalError(16611, `$mod only supports numeric types, not ${typeName(a)} and ${typeName(b)}`);
  };
}

/** A one-argument numeric function; `fn` returns the result for a decoded input. */
function unaryNumeric(
  name: string,
  typeCode: number,
  fn: (n: DecodedNumber) => unknown,
): (args: unknown, ctx: ParseContext) => Evaluator {
  return (args, ctx) => {
    const [e] = fixedArity(name, args, ctx, 1) as [Evaluator];
    return (s) => {
      const v = e(s);
      if (isNullish(v)) return null;
      const n = decodeNumber(v);
      if (!n) throw evalError(typeCode, `${name} only supports numeric types, not ${typeName(v)}`);
      return fn(n);
    };
  };
}

function abs(n: DecodedNumber): unknown {
  switch (n.kind) {
    case 'int':
      return integerValue(Math.abs(n.value));
    case 'long':
      if (n.value === -(2n ** 63n)) throw evalError(28680, "can't take $abs of long long min");
      return Long.fromBigInt(n.value < 0n ? -n.value : n.value);
    case 'double':
      return new Double(Math.abs(n.value));
    case 'decimal': {
      const d = n.value;
      return decimalValue(d.special === 'nan' ? d : { ...d, neg: false });
    }
  }
}

function isNegative(n: DecodedNumber): boolean {
  if (n.kind === 'decimal') return n.value.special !== 'nan' && n.value.neg && !(n.value.special === 'none' && n.value.coeff === 0n);
  return n.kind === 'long' ? n.value < 0n : n.value < 0;
}

function isNaNNumber(n: DecodedNumber): boolean {
  return (n.kind === 'double' && Number.isNaN(n.value)) || (n.kind === 'decimal' && n.value.special === 'nan');
}

function logOf(n: DecodedNumber, name: string, code: number, fn: (x: number) => number): unknown {
  if (isNaNNumber(n)) return n.kind === 'decimal' ? decimalValue(n.value) : new Double(Number.NaN);
  if (isNegative(n) || isZero(n)) {
    throw evalError(code, `${name}'s argument must be a positive number, but is ${formatValue(encodeDecoded(n))}`);
  }
  return mathResult(n, fn(toDouble(encodeDecoded(n))));
}

function parseLog(args: unknown, ctx: ParseContext, name: string): Evaluator {
  const [ea, eb] = fixedArity(name, args, ctx, 2) as [Evaluator, Evaluator];
  return (s) => {
    const a = ea(s);
    const b = eb(s);
    if (isNullish(a) || isNullish(b)) return null;
    const na = decodeNumber(a);
    const nb = decodeNumber(b);
    if (!na) throw evalError(28756, `$log's argument must be numeric, not ${typeName(a)}`);
    if (!nb) throw evalError(28757, `$log's base must be numeric, not ${typeName(b)}`);
    const x = toDouble(a);
    const base = toDouble(b);
    if (isNaNNumber(na) || isNaNNumber(nb)) return mathResult(na.kind === 'decimal' ? na : nb, Number.NaN);
    if (x <= 0) throw evalError(28758, `$log's argument must be a positive number, but is ${formatValue(a)}`);
    if (base <= 0 || base === 1) {
      throw evalError(28759, `$log's base must be a positive number not equal to 1, but is ${formatValue(b)}`);
    }
    const r = Math.log(x) / Math.log(base);
    return na.kind === 'decimal' || nb.kind === 'decimal' ? decimalValue(doubleToDecimal15(r)) : new Double(r);
  };
}

function parsePow(args: unknown, ctx: ParseContext, name: string): Evaluator {
  const [ea, eb] = fixedArity(name, args, ctx, 2) as [Evaluator, Evaluator];
  return (s) => {
    const a = ea(s);
    const b = eb(s);
    if (isNullish(a) || isNullish(b)) return null;
    const base = decodeNumber(a);
    const exp = decodeNumber(b);
    if (!base) throw evalError(28762, `$pow's base must be numeric, not ${typeName(a)}`);
    if (!exp) throw evalError(28763, `$pow's exponent must be numeric, not ${typeName(b)}`);
    if (isZero(base) && isNegative(exp)) throw evalError(28764, '$pow cannot take a base of 0 and a negative exponent');
    if (base.kind === 'decimal' || exp.kind === 'decimal') {
      return decimalValue(doubleToDecimal15(Math.pow(toDouble(a), toDouble(b))));
    }
    if (base.kind === 'double' || exp.kind === 'double') return new Double(Math.pow(toDouble(a), toDouble(b)));
    // Integral base and exponent: exact integer result while it fits, else double.
    const bb = toBigIntExact(base)!;
    const eb2 = toBigIntExact(exp)!;
    if (eb2 < 0n) {
      if (bb === 1n) return encodeDecoded(base);
      if (bb === -1n) return integerValueOfKind(eb2 % 2n === 0n ? 1n : -1n, base.kind === 'long' || exp.kind === 'long');
      return new Double(Math.pow(Number(bb), Number(eb2)));
    }
    const wantLong = base.kind === 'long' || exp.kind === 'long';
    // |base| >= 2 with an exponent of 64 or more cannot fit in 64 bits.
    const small = bb === 0n || bb === 1n || bb === -1n;
    if (small || eb2 < 64n) {
      let r: bigint;
      if (!small) r = bb ** eb2;
      else if (bb === 0n) r = eb2 === 0n ? 1n : 0n;
      else if (bb === 1n) r = 1n;
      else r = eb2 % 2n === 0n ? 1n : -1n;
      if (r >= -(2n ** 63n) && r < 2n ** 63n) return integerValueOfKind(r, wantLong);
    }
    return new Double(Math.pow(Number(bb), Number(eb2)));
  };
}

function integerValueOfKind(v: bigint, wantLong: boolean): Int32 | Long {
  return wantLong ? Long.fromBigInt(v) : integerValue(v);
}

function parseRoundLike(mode: RoundMode) {
  return (args: unknown, ctx: ParseContext, name: string): Evaluator => {
    const [ev, ep] = rangeArity(name, args, ctx, 1, 2) as [Evaluator, Evaluator | undefined];
    return (s) => {
      const v = ev(s);
      const p = ep ? ep(s) : new Int32(0);
      if (isNullish(v) || isNullish(p)) return null;
      const n = decodeNumber(v);
      if (!n) throw evalError(51081, `${name} only supports numeric types, not ${typeName(v)}`);
      const pn = decodeNumber(p);
      const place = pn ? toInt64Exact(p) : undefined;
      if (!pn || place === undefined) {
        throw evalError(51082, `precision argument to ${name} must be a integral value, but was ${formatValue(p)}`);
      }
      if (place < -20n || place > 100n) {
        throw evalError(51083, `cannot apply ${name} with precision value ${place} value must be in [-20, 100]`);
      }
      const r = roundValue(n, Number(place), mode);
      if (r === undefined) throw evalError(51080, `invalid conversion from Decimal128 result in ${name} resulting from arguments: [${formatValue(v)}, ${formatValue(p)}]`);
      return r;
    };
  };
}

function ceilFloor(mode: RoundMode) {
  return (n: DecodedNumber): unknown => roundValue(n, 0, mode);
}

/** The arithmetic operator family. */
export const arithmeticOperators: OperatorTable = {
  $add: parseAdd,
  $subtract: parseSubtract,
  $multiply: parseMultiply,
  $divide: parseDivide,
  $mod: parseMod,
  $abs: unaryNumeric('$abs', 28765, abs),
  $ceil: unaryNumeric('$ceil', 28765, ceilFloor('ceil')),
  $floor: unaryNumeric('$floor', 28765, ceilFloor('floor')),
  $sqrt: unaryNumeric('$sqrt', 28765, (n) => {
    if (isNaNNumber(n)) return mathResult(n, Number.NaN);
    if (isNegative(n)) throw evalError(28714, "$sqrt's argument must be greater than or equal to 0");
    return mathResult(n, Math.sqrt(toDouble(encodeDecoded(n))));
  }),
  $exp: unaryNumeric('$exp', 28765, (n) => mathResult(n, Math.exp(toDouble(encodeDecoded(n))))),
  $ln: unaryNumeric('$ln', 28765, (n) => logOf(n, '$ln', 28766, Math.log)),
  $log10: unaryNumeric('$log10', 28765, (n) => logOf(n, '$log10', 28761, Math.log10)),
  $log: parseLog,
  $pow: parsePow,
  $round: parseRoundLike('halfEven'),
  $trunc: parseRoundLike('trunc'),
};
