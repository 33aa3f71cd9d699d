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
