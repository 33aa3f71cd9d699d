import { CollectedMetric, type CollectedType, type Sample } from './collected-metric.js';
import { Counter } from './counter.js';
import { Histogram } from './histogram.js';

/** Anything the registry can render. */
type Metric = Counter | Histogram | CollectedMetric;

/**
 * A small metrics registry: counters, histograms with fixed buckets, and
 * metrics read at scrape time, rendered in the Prometheus text exposition
 * format by {@link MetricsRegistry.render}.
 *
 * @example
 * const reg = new MetricsRegistry();
 * const hits = reg.counter('argon_hits_total', 'Hits.', ['route']);
 * hits.inc({ route: '/status' });
 * await reg.render(); // "# HELP argon_hits_total Hits.\n# TYPE argon_hits_total counter\nargon_hits_total{route=\"/status\"} 1\n"
 */
export class MetricsRegistry {
  private readonly metrics = new Map<string, Metric>();

  private add<M extends Metric>(m: M): M {
    if (this.metrics.has(m.name)) throw new Error(`metric ${m.name} is already registered`);
    this.metrics.set(m.name, m);
    return m;
  }

  /** Registers a counter. */
  counter(name: string, help: string, labelNames: readonly string[] = []): Counter {
    return this.add(new Counter(name, help, labelNames));
  }

  /** Registers a histogram with fixed bucket upper bounds. */
  histogram(name: string, help: string, labelNames: readonly string[] = [], buckets?: readonly number[]): Histogram {
    return this.add(new Histogram(name, help, labelNames, buckets));
  }

  /** Registers a gauge (or externally kept counter) whose samples `read` returns at scrape time. */
  collected(name: string, help: string, type: CollectedType, labelNames: readonly string[], read: () => readonly Sample[] | Promise<readonly Sample[]>): CollectedMetric {
    return this.add(new CollectedMetric(name, help, type, labelNames, read));
  }

  /** Names of the registered metrics, in registration order. */
  names(): string[] {
    return [...this.metrics.keys()];
  }

  /** Collects the scrape-time metrics and renders every family. */
  async render(): Promise<string> {
    const parts = await Promise.all([...this.metrics.values()].map((m) => m.render()));
    return parts.join('');
  }
}
