/** Metrics of an Argon server in the Prometheus text exposition format. */
export { MetricsRegistry } from './metrics-registry.js';
export { Counter } from './counter.js';
export { Histogram, DEFAULT_LATENCY_BUCKETS } from './histogram.js';
export { CollectedMetric, type Sample, type CollectedType } from './collected-metric.js';
export { PROMETHEUS_CONTENT_TYPE, type Labels } from './prometheus-text.js';
export { createArgonMetrics, watchEngine, type ArgonMetrics, type EngineWatchOptions } from './argon-metrics.js';
export { instrumentRunner, COMMAND_OUTCOMES, type RunnerLike } from './instrument-runner.js';
