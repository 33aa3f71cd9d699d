import { assertLabelNames, assertMetricName, checkLabels, familyHeader, formatLabels, formatValue, labelKey, type Labels } from './prometheus-text.js';

/** One label set of a {@link Counter}, bound once so that hot paths skip label checks. */
export interface CounterSeries {
  /** Adds `by` (default 1, never negative). */
  inc(by?: number): void;
}

/** A monotonically increasing counter, one value per label set. */
export class Counter {
  private readonly values = new Map<string, { labels: Labels; value: number }>();

  constructor(
    readonly name: string,
    readonly help: string,
    readonly labelNames: readonly string[] = [],
  ) {
    assertMetricName(name);
    assertLabelNames(labelNames);
  }

  /** Adds `by` (default 1, never negative) to the counter of `labels`. */
  inc(labels: Labels = {}, by = 1): void {
    if (!(by >= 0)) throw new Error(`counter ${this.name}: cannot add ${by}; counters only go up`);
    const checked = checkLabels(this.name, this.labelNames, labels);
    const key = labelKey(this.labelNames, checked);
    const cur = this.values.get(key);
    if (cur) cur.value += by;
    else this.values.set(key, { labels: checked, value: by });
  }

  /**
   * The series of `labels`, checked now rather than on every increment. It
   * appears in the output at its first increment, as with {@link inc}.
   *
   * @example
   * const okFinds = commands.series({ command: 'find', outcome: 'ok' });
   * okFinds.inc();
   */
  series(labels: Labels = {}): CounterSeries {
    const checked = checkLabels(this.name, this.labelNames, labels);
    const key = labelKey(this.labelNames, checked);
    let entry: { labels: Labels; value: number } | undefined;
    return {
      inc: (by = 1) => {
        if (!(by >= 0)) throw new Error(`counter ${this.name}: cannot add ${by}; counters only go up`);
        entry ??= this.values.get(key);
        if (entry === undefined) this.values.set(key, (entry = { labels: checked, value: 0 }));
        entry.value += by;
      },
    };
  }

  /** The current value of `labels` (0 when never incremented). */
  get(labels: Labels = {}): number {
    return this.values.get(labelKey(this.labelNames, labels))?.value ?? 0;
  }

  /** The metric family in the text exposition format. */
  render(): string {
    let out = familyHeader(this.name, this.help, 'counter');
    for (const { labels, value } of this.values.values()) out += `${this.name}${formatLabels(labels)} ${formatValue(value)}\n`;
    return out;
  }
}
