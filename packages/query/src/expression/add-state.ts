/**
 * The running state of `$add`, mirroring the server's algorithm so that
 * result types match it exactly: integers accumulate as int64 (int32 result
 * while it fits), int64 overflow switches to double, and widening a double
 * total to decimal keeps 34 digits while double operands added to a decimal
 * total keep 15, as MongoDB does.
 */
import { Decimal128, Double, Long } from 'bson';
import { addNumbers, decodeNumber, doubleToExact, integerValue, toBigIntExact, toDouble, widerKind } from '../values/index.js';
import type { DecodedNumber, ExactDecimal, NumericKind } from '../values/index.js';
import { evalError } from './failures.js';
import { decimalValue, toExactDecimal } from './number-ops.js';

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

function roundHalfAway(x: number): number {
  return x < 0 ? -Math.round(-x) : Math.round(x);
}

/** Accumulates `$add` operands (numbers and at most one date). */
export class AddState {
  private widest: NumericKind = 'int';
  private longTotal = 0n;
  private doubleTotal = 0;
  private decimalTotal: ExactDecimal = { special: 'none', neg: false, coeff: 0n, exp: 0 };
  private isDate = false;

  /** Adds one non-null operand. */
  add(operand: DecodedNumber | Date): void {
    const old = this.widest;
    let val: DecodedNumber;
    if (operand instanceof Date) {
      if (this.isDate) throw evalError(16612, 'only one date allowed in an $add expression');
      this.isDate = true;
      val = { kind: 'long', value: BigInt(operand.getTime()) };
    } else {
      this.widest = widerKind(this.widest, operand.kind);
      val = operand;
    }
    if (old !== this.widest) {
      if (this.widest === 'double') {
        this.doubleTotal = Number(this.longTotal);
      } else if (this.widest === 'decimal') {
        this.decimalTotal =
          old === 'double' ? this.round34(doubleToExact(this.doubleTotal)) : toExactDecimal({ kind: 'long', value: this.longTotal });
      }
    }
    switch (this.widest) {
      case 'int':
      case 'long': {
        const r = this.longTotal + toBigIntExact(val)!;
        if (r < INT64_MIN || r > INT64_MAX) {
          this.widest = 'double';
          this.doubleTotal = Number(this.longTotal) + toDouble(encode(val));
        } else {
          this.longTotal = r;
        }
        break;
      }
      case 'double':
        this.doubleTotal += toDouble(encode(val));
        break;
      case 'decimal': {
        const sum = addNumbers({ kind: 'decimal', value: this.decimalTotal }, { kind: 'decimal', value: toExactDecimal(val) });
        if (sum.ok) this.decimalTotal = (decodeNumber(sum.value) as { value: ExactDecimal }).value;
        break;
      }
    }
  }

  private round34(d: ExactDecimal): ExactDecimal {
    return (decodeNumber(decimalValue(d)) as { value: ExactDecimal }).value;
  }

  /** The sum, typed as the server types it (a Date when a date was added). */
  value(): Date | ReturnType<typeof integerValue> | Long | Double | Decimal128 {
    if (this.isDate) {
      switch (this.widest) {
        case 'int':
        case 'long':
          return new Date(Number(this.longTotal));
        case 'double':
          if (!(this.doubleTotal >= -(2 ** 63) && this.doubleTotal < 2 ** 63)) throw evalError(15, 'date overflow in $add');
          return new Date(roundHalfAway(this.doubleTotal));
        case 'decimal':
          return new Date(Number(toBigIntExact({ kind: 'decimal', value: roundToInteger(this.decimalTotal) }) ?? 0n));
      }
    }
    switch (this.widest) {
      case 'int':
        return integerValue(this.longTotal);
      case 'long':
        return Long.fromBigInt(this.longTotal);
      case 'double':
        return new Double(this.doubleTotal);
      case 'decimal':
        return decimalValue(this.decimalTotal);
    }
  }
}

function encode(n: DecodedNumber): unknown {
  switch (n.kind) {
    case 'int':
    case 'double':
      return n.value;
    case 'long':
      return Long.fromBigInt(n.value);
    case 'decimal':
      return decimalValue(n.value);
  }
}

function roundToInteger(d: ExactDecimal): ExactDecimal {
  if (d.special !== 'none' || d.exp >= 0) return d;
  const divisor = 10n ** BigInt(-d.exp);
  let q = d.coeff / divisor;
  const r = d.coeff % divisor;
  if (2n * r > divisor || (2n * r === divisor && q % 2n === 1n)) q += 1n;
  return { special: 'none', neg: d.neg, coeff: q, exp: 0 };
}
