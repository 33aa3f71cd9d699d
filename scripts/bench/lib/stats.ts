/** Summary statistics of repeated timings. */
export interface Summary {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly p95: number;
  /** Relative spread: (p95 - min) / median. */
  readonly spread: number;
  readonly n: number;
}

/** Summarizes samples (any unit). */
export function summarize(samples: readonly number[]): Summary {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * (s.length - 1)))]!;
  const median = s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
  return { median, min: s[0]!, max: s[s.length - 1]!, p95: at(0.95), spread: median ? (at(0.95) - s[0]!) / median : 0, n: s.length };
}

/** Times `fn` `rounds` times after `warmup` untimed runs; returns milliseconds per run. */
export async function timeRounds(fn: () => unknown | Promise<unknown>, rounds: number, warmup = 1): Promise<Summary> {
  for (let i = 0; i < warmup; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const t0 = performance.now();
    await fn();
    samples.push(performance.now() - t0);
  }
  return summarize(samples);
}

/** Formats a duration in ms with a sensible unit. */
export function fmtMs(ms: number): string {
  if (ms < 0.001) return `${(ms * 1e6).toFixed(0)} ns`;
  if (ms < 1) return `${(ms * 1000).toFixed(1)} µs`;
  if (ms < 1000) return `${ms.toFixed(2)} ms`;
  return `${(ms / 1000).toFixed(2)} s`;
}

/** Formats a rate. */
export function fmtRate(perSecond: number, unit = 'ops/s'): string {
  if (perSecond >= 1e6) return `${(perSecond / 1e6).toFixed(2)}M ${unit}`;
  if (perSecond >= 1e3) return `${(perSecond / 1e3).toFixed(1)}k ${unit}`;
  return `${perSecond.toFixed(0)} ${unit}`;
}

/** Result of one closed-loop run of concurrent clients. */
export interface LoopResult {
  readonly ops: number;
  readonly elapsedMs: number;
  readonly opsPerSec: number;
  /** Per-operation latency percentiles in ms (from a sample of up to 100,000 ops). */
  readonly p50: number;
  readonly p99: number;
}

const MAX_LATENCY_SAMPLES = 100_000;

/**
 * Runs `clients` closed-loop clients for `durationMs`: each awaits `op(client)`
 * and starts the next one until the deadline. Synchronous peers (whose `op`
 * returns a plain value) still work; they simply never overlap.
 */
export async function runClients(clients: number, durationMs: number, op: (client: number) => unknown): Promise<LoopResult> {
  const lat = new Float64Array(MAX_LATENCY_SAMPLES);
  let n = 0;
  let ops = 0;
  const start = performance.now();
  const deadline = start + durationMs;
  const one = async (c: number): Promise<void> => {
    for (;;) {
      const t0 = performance.now();
      if (t0 >= deadline) return;
      const r = op(c);
      // Await promises and other thenables (NeDB's cursors run only when awaited).
      if (r !== null && typeof r === 'object' && typeof (r as PromiseLike<unknown>).then === 'function') await r;
      ops++;
      if (n < MAX_LATENCY_SAMPLES) lat[n++] = performance.now() - t0;
    }
  };
  await Promise.all(Array.from({ length: clients }, (_, c) => one(c)));
  const elapsedMs = performance.now() - start;
  const sorted = lat.subarray(0, n).sort();
  const q = (x: number) => (n ? sorted[Math.min(n - 1, Math.floor(x * (n - 1)))]! : 0);
  return { ops, elapsedMs, opsPerSec: ops / (elapsedMs / 1000), p50: q(0.5), p99: q(0.99) };
}

/** Throughput over rounds: the ops/s summary plus the latencies of the median round. */
export interface RateSummary extends Summary {
  readonly p50: number;
  readonly p99: number;
  readonly ops: number;
}

/**
 * A warm-up run followed by `rounds` timed runs of {@link runClients};
 * summarizes ops/s across rounds.
 */
export async function rateRounds(opts: { clients: number; warmupMs: number; roundMs: number; rounds: number }, op: (client: number) => unknown): Promise<RateSummary> {
  if (opts.warmupMs > 0) await runClients(opts.clients, opts.warmupMs, op);
  const runs: LoopResult[] = [];
  for (let i = 0; i < opts.rounds; i++) runs.push(await runClients(opts.clients, opts.roundMs, op));
  const s = summarize(runs.map((r) => r.opsPerSec));
  const mid = [...runs].sort((a, b) => a.opsPerSec - b.opsPerSec)[Math.floor((runs.length - 1) / 2)]!;
  return { ...s, p50: mid.p50, p99: mid.p99, ops: runs.reduce((a, r) => a + r.ops, 0) };
}

/** Formats the relative spread, (p95 − min) / median, as a percentage. */
export function fmtSpread(s: Summary): string {
  return `${(s.spread * 100).toFixed(0)}%`;
}

/** Formats a ratio as `1.23×`. */
export function fmtRatio(x: number): string {
  if (!Number.isFinite(x)) return '—';
  if (x >= 100) return `${x.toFixed(0)}×`;
  if (x >= 10) return `${x.toFixed(1)}×`;
  return `${x.toFixed(2)}×`;
}

/** Formats a byte count. */
export function fmtBytes(b: number): string {
  if (b >= 1024 * 1024 * 1024) return `${(b / 1024 / 1024 / 1024).toFixed(2)} GiB`;
  if (b >= 1024 * 1024) return `${(b / 1024 / 1024).toFixed(1)} MiB`;
  if (b >= 1024) return `${(b / 1024).toFixed(1)} KiB`;
  return `${b.toFixed(0)} B`;
}

/** Formats an integer count with thousands separators. */
export function fmtCount(n: number): string {
  return n.toLocaleString('en-US');
}

/** Runs exactly `total` operations over `clients` closed-loop clients; returns the elapsed ms. */
export async function runCount(clients: number, total: number, op: (i: number) => unknown): Promise<number> {
  let next = 0;
  const t0 = performance.now();
  const one = async (): Promise<void> => {
    while (next < total) {
      const r = op(next++);
      if (r !== null && typeof r === 'object' && typeof (r as PromiseLike<unknown>).then === 'function') await r;
    }
  };
  await Promise.all(Array.from({ length: clients }, () => one()));
  return performance.now() - t0;
}
