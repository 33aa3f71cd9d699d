import { assertLabelNames, assertMetricName, checkLabels, familyHeader, formatLabels, formatValue, labelKey, type Labels } from './prometheus-text.js';

/** Default latency buckets in seconds: 0.5 ms to 10 s. */
export const DEFAULT_LATENCY_BUCKETS: readonly number[] = Object.freeze([0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]);

interface Series {
  readonly labels: Labels;
  /** Per-bucket (non-cumulative) counts; the last slot is +Inf. */
  readonly counts: number[];
  sum: number;
  count: number;
}

/** One label set of a {@link Histogram}, bound once so that hot paths skip label checks. */
export interface HistogramSeries {
  /** Records one observation (in the metric's unit, e.g. seconds). */
  observe(value: number): void;
}

/** A histogram with fixed upper bounds, rendered with cumulative `_bucket`, `_sum` and `_count`. */
export class Histogram {
  readonly buckets: readonly number[];
  private readonly values = new Map<string, Series>();

  constructor(
    readonly name: string,
    readonly help: string,
    readonly labelNames: readonly string[] = [],
    buckets: readonly number[] = DEFAULT_LATENCY_BUCKETS,
  ) {
    assertMetricName(name);
    assertLabelNames(labelNames);
    if (buckets.length === 0) throw new Error(`histogram ${name}: needs at least one bucket`);
    for (let i = 1; i < buckets.length; i++) if (!(buckets[i]! > buckets[i - 1]!)) throw new Error(`histogram ${name}: buckets must increase`);
    this.buckets = Object.freeze([...buckets]);
  }

  /** Records one observation (in the metric's unit, e.g. seconds). */
  observe(labels: Labels, value: number): void {
    const checked = checkLabels(this.name, this.labelNames, labels);
    this.record(this.seriesOf(labelKey(this.labelNames, checked), checked), value);
  }

  /**
   * The series of `labels`, checked now rather than on every observation. It
   * appears in the output at its first observation, as with {@link observe}.
   *
   * @example
   * const findLatency = latency.series({ command: 'find' });
   * findLatency.observe(0.002);
   */
  series(labels: Labels = {}): HistogramSeries {
    const checked = checkLabels(this.name, this.labelNames, labels);
    const key = labelKey(this.labelNames, checked);
    let s: Series | undefined;
    return { observe: (value) => this.record((s ??= this.seriesOf(key, checked)), value) };
  }

  private seriesOf(key: string, labels: Labels): Series {
    let s = this.values.get(key);
    if (!s) this.values.set(key, (s = { labels, counts: new Array<number>(this.buckets.length + 1).fill(0), sum: 0, count: 0 }));
    return s;
  }

  private record(s: Series, value: number): void {
    let i = 0;
    while (i < this.buckets.length && !(value <= this.buckets[i]!)) i++;
    s.counts[i]!++;
    s.sum += value;
    s.count++;
  }

  /** Count and sum of `labels` (zeros when never observed). */
  get(labels: Labels = {}): { count: number; sum: number } {
    const s = this.values.get(labelKey(this.labelNames, labels));
    return { count: s?.count ?? 0, sum: s?.sum ?? 0 };
  }

  /** The metric family in the text exposition format. */
  render(): string {
    let out = familyHeader(this.name, this.help, 'histogram');
    for (const s of this.values.values()) {
      let cumulative = 0;
      for (let i = 0; i <= this.buckets.length; i++) {
        cumulative += s.counts[i]!;
        const le = i < this.buckets.length ? formatValue(this.buckets[i]!) : '+Inf';
        out += `${this.name}_bucket${formatLabels(s.labels, { le })} ${cumulative}\n`;
      }
      out += `${this.name}_sum${formatLabels(s.labels)} ${formatValue(s.sum)}\n`;
      out += `${this.name}_count${formatLabels(s.labels)} ${s.count}\n`;
    }
    return out;
  }
}
