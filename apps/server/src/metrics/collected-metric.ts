import { assertLabelNames, assertMetricName, checkLabels, familyHeader, formatLabels, formatValue, type Labels } from './prometheus-text.js';

/** One sample produced at scrape time. */
export interface Sample {
  readonly labels?: Labels;
  readonly value: number;
  /** For summaries: `_sum` or `_count` (appended to the metric name). */
  readonly suffix?: '_sum' | '_count';
}

/** The kinds of metric whose values are read at scrape time. */
export type CollectedType = 'gauge' | 'counter' | 'summary';

/**
 * A metric whose samples are read from elsewhere when scraped: a gauge
 * (open cursors, connections), a counter kept by another component (fsyncs
 * counted by the storage backend) or a summary given as `_sum` and `_count`.
 */
export class CollectedMetric {
  constructor(
    readonly name: string,
    readonly help: string,
    readonly type: CollectedType,
    readonly labelNames: readonly string[],
    private readonly read: () => readonly Sample[] | Promise<readonly Sample[]>,
  ) {
    assertMetricName(name);
    assertLabelNames(labelNames);
  }

  /** Reads the current samples. A failing reader yields no samples rather than failing the scrape. */
  async collect(): Promise<readonly Sample[]> {
    try {
      return (await this.read()).filter((s) => Number.isFinite(s.value));
    } catch {
      return [];
    }
  }

  /** Collects and renders the family; the empty string when there are no samples. */
  async render(): Promise<string> {
    const samples = await this.collect();
    if (samples.length === 0) return '';
    let out = familyHeader(this.name, this.help, this.type);
    for (const s of samples) out += `${this.name}${s.suffix ?? ''}${formatLabels(checkLabels(this.name, this.labelNames, s.labels ?? {}))} ${formatValue(s.value)}\n`;
    return out;
  }
}
