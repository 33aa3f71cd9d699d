/**
 * Running aggregates shared by `$group` accumulators and the array forms of
 * `$sum`, `$avg`, `$min`, `$max`, `$stdDevPop` and `$stdDevSamp` in
 * expressions, so both follow the same typing rules.
 */
import { Double } from 'bson';
import { compareValues, decodeNumber, encodeDecoded, toDouble } from '../values/index.js';
import type { DecodedNumber } from '../values/index.js';
import { addValues, decimalValue, divideExact, toExactDecimal } from './number-ops.js';
import type { NumericValue } from './number-ops.js';
import { isNullish } from './args.js';

/** Sums numbers, ignoring non-numeric values; int32 → long → double on overflow. */
export class SumState {
  private sum: DecodedNumber = { kind: 'int', value: 0 };
  /** Number of numeric values added. */
  count = 0;
  /** Adds a value (non-numbers are ignored). */
  add(v: unknown): void {
    const n = decodeNumber(v);
    if (!n) return;
    this.count++;
    this.sum = decodeNumber(addValues(this.sum, n))!;
  }
  /** The sum as a BSON number (Int32 0 when nothing was added). */
  result(): NumericValue {
    return encodeDecoded(this.sum);
  }
  /** The average of the numeric values, or null when there were none. */
  average(): unknown {
    if (this.count === 0) return null;
    if (this.sum.kind === 'decimal') {
      return decimalValue(divideExact(this.sum.value, toExactDecimal({ kind: 'int', value: this.count })));
    }
    return new Double(toDouble(encodeDecoded(this.sum)) / this.count);
  }
}

/** Keeps the smallest or largest non-null value in canonical BSON order. */
export class ExtremeState {
  private best: unknown = undefined;
  constructor(private readonly sign: 1 | -1) {}
  /** Adds a value (null and missing are ignored). */
  add(v: unknown): void {
    if (isNullish(v)) return;
    if (this.best === undefined || this.sign * compareValues(v, this.best) > 0) this.best = v;
  }
  /** The extreme value, or null when only null/missing values were seen. */
  result(): unknown {
    return this.best ?? null;
  }
}

/** Population / sample standard deviation over numeric values (Welford's method). */
export class StdDevState {
  private n = 0;
  private mean = 0;
  private m2 = 0;
  constructor(private readonly sample: boolean) {}
  /** Adds a value (non-numbers are ignored). */
  add(v: unknown): void {
    const d = decodeNumber(v);
    if (!d) return;
    const x = toDouble(v);
    this.n++;
    const delta = x - this.mean;
    this.mean += delta / this.n;
    this.m2 += delta * (x - this.mean);
  }
  /** The deviation as a double, or null without enough values. */
  result(): unknown {
    const denom = this.sample ? this.n - 1 : this.n;
    if (denom <= 0) return null;
    return new Double(Math.sqrt(this.m2 / denom));
  }
}
