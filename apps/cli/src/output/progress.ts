import { formatDuration } from './format.js';

/** Where a progress bar draws: a terminal stream. */
export interface ProgressStream {
  readonly isTTY?: boolean;
  readonly columns?: number;
  write(chunk: string): unknown;
}

/** Options of {@link createProgress}. */
export interface ProgressOptions {
  /** Text before the bar, e.g. `importing orders`. */
  readonly label: string;
  /** Units of work in all; unknown totals draw a spinner with a count. */
  readonly total?: number;
  /** Default `process.stderr`. */
  readonly stream?: ProgressStream;
  /** Default: the stream is a terminal. Never draws when false. */
  readonly enabled?: boolean;
  /** Draw only once the work has taken this long (default 1000 ms). */
  readonly delayMs?: number;
  /** Redraw at most this often (default 100 ms). */
  readonly intervalMs?: number;
  /** Clock in ms (tests inject one). */
  readonly clock?: () => number;
  /** Redraw from a timer even without updates (default true; tests turn it off). */
  readonly ticker?: boolean;
}

/** A progress bar on stderr; a no-op when not on a terminal. */
export interface Progress {
  /** Sets the work done (and optionally a new total or label). */
  update(done: number, opts?: { total?: number; label?: string }): void;
  /** Adds to the work done. */
  add(n: number): void;
  /** Stops drawing and erases the bar. */
  finish(): void;
  /** The line the bar would draw now (for tests). */
  render(): string;
  /** True once the bar has drawn at least once. */
  readonly drawn: boolean;
}

const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/**
 * A progress bar for work that may take longer than a second (import, export,
 * `wal verify`). It draws on stderr only when stderr is a terminal, only after
 * `delayMs`, and erases itself on `finish()`, so piped output stays clean.
 *
 * @example
 * ```ts
 * const bar = createProgress({ label: 'importing orders', total: 10_000 });
 * for (const batch of batches) { await insert(batch); bar.add(batch.length); }
 * bar.finish();
 * ```
 */
export function createProgress(opts: ProgressOptions): Progress {
  const stream = opts.stream ?? process.stderr;
  const enabled = opts.enabled ?? stream.isTTY === true;
  const clock = opts.clock ?? Date.now;
  const delayMs = opts.delayMs ?? 1000;
  const intervalMs = opts.intervalMs ?? 100;
  const started = clock();
  let label = opts.label;
  let total = opts.total;
  let done = 0;
  let lastDraw = -Infinity;
  let drawn = false;
  let finished = false;
  let frame = 0;

  const render = (): string => {
    const elapsed = formatDuration(clock() - started);
    if (total === undefined || total <= 0) {
      const spin = SPINNER[frame++ % SPINNER.length]!;
      return `${spin} ${label}${done > 0 ? ` ${done.toLocaleString('en-US')}` : ''} ${elapsed}`;
    }
    const ratio = Math.min(1, done / total);
    const cols = stream.columns ?? 80;
    const tail = ` ${Math.floor(ratio * 100)}% ${done.toLocaleString('en-US')}/${total.toLocaleString('en-US')} ${elapsed}`;
    const width = Math.max(10, Math.min(40, cols - label.length - tail.length - 4));
    const full = Math.round(ratio * width);
    return `${label} [${'█'.repeat(full)}${'░'.repeat(width - full)}]${tail}`;
  };

  const draw = (force = false): void => {
    if (!enabled || finished) return;
    const now = clock();
    if (now - started < delayMs) return;
    if (!force && now - lastDraw < intervalMs) return;
    lastDraw = now;
    drawn = true;
    stream.write(`\r${render()}\u001b[K`);
  };

  const timer = enabled && opts.ticker !== false ? setInterval(() => draw(), intervalMs) : undefined;
  timer?.unref();

  return {
    update(n, o) {
      done = n;
      if (o?.total !== undefined) total = o.total;
      if (o?.label !== undefined) label = o.label;
      draw();
    },
    add(n) {
      done += n;
      draw();
    },
    finish() {
      if (finished) return;
      if (timer) clearInterval(timer);
      if (drawn) stream.write('\r\u001b[K');
      finished = true;
    },
    render,
    get drawn() {
      return drawn;
    },
  };
}
