/**
 * Helpers for the Prometheus text exposition format (version 0.0.4):
 * label and help escaping, sample lines and number formatting.
 */

/** The Content-Type of a Prometheus text exposition. */
export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

/** Label values, by label name. */
export type Labels = Readonly<Record<string, string>>;

/** Metric and label names allowed by Prometheus. */
const METRIC_NAME_RE = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME_RE = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** Throws unless `name` is a valid Prometheus metric name. */
export function assertMetricName(name: string): void {
  if (!METRIC_NAME_RE.test(name)) throw new Error(`invalid metric name '${name}': use [a-zA-Z_:][a-zA-Z0-9_:]*`);
}

/** Throws unless every label name is valid (and not reserved). */
export function assertLabelNames(names: readonly string[]): void {
  for (const n of names) {
    if (!LABEL_NAME_RE.test(n) || n.startsWith('__') || n === 'le') throw new Error(`invalid label name '${n}'`);
  }
}

/** Escapes a HELP text: backslash and newline. */
export function escapeHelp(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

/** Escapes a label value: backslash, double quote and newline. */
export function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

/** Formats a sample value: integers as is, `+Inf`, `-Inf` and `NaN` as Prometheus spells them. */
export function formatValue(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  return String(v);
}

/** `{a="x",b="y"}` in the given label order, or the empty string without labels. */
export function formatLabels(labels: Labels, extra?: Labels): string {
  const parts: string[] = [];
  for (const [k, v] of Object.entries(labels)) parts.push(`${k}="${escapeLabelValue(v)}"`);
  if (extra) for (const [k, v] of Object.entries(extra)) parts.push(`${k}="${escapeLabelValue(v)}"`);
  return parts.length ? `{${parts.join(',')}}` : '';
}

/** A stable map key for a label set (values in the metric's label-name order). */
export function labelKey(labelNames: readonly string[], labels: Labels): string {
  return labelNames.map((n) => labels[n] ?? '').join('\u0000');
}

/** Picks the declared labels from `labels`, failing on unknown or missing names. */
export function checkLabels(metric: string, labelNames: readonly string[], labels: Labels): Labels {
  const out: Record<string, string> = {};
  for (const n of labelNames) {
    const v = labels[n];
    if (v === undefined) throw new Error(`metric ${metric}: missing label '${n}'`);
    out[n] = v;
  }
  for (const k of Object.keys(labels)) if (!labelNames.includes(k)) throw new Error(`metric ${metric}: unknown label '${k}'`);
  return out;
}

/** The `# HELP` and `# TYPE` header of a metric family. */
export function familyHeader(name: string, help: string, type: 'counter' | 'gauge' | 'histogram' | 'summary' | 'untyped'): string {
  return `# HELP ${name} ${escapeHelp(help)}\n# TYPE ${name} ${type}\n`;
}
