import type { CommandRunner } from '@argon/core';
import type { ArgonMetrics } from './argon-metrics.js';
import type { CounterSeries } from './counter.js';
import type { HistogramSeries } from './histogram.js';

/** The part of {@link CommandRunner} that the wire server and the admin API use. */
export type RunnerLike = Pick<CommandRunner, 'engine' | 'cursors' | 'execute' | 'has' | 'connectionClosed' | 'close'>;

interface CommandSeries {
  readonly ok: CounterSeries;
  readonly error: CounterSeries;
  readonly duration: HistogramSeries;
}

// The command name (the first key) without building the array of all keys.
function firstKey(cmd: Record<string, unknown>): string | undefined {
  for (const key in cmd) return key;
  return undefined;
}

/** Outcome label values of `argon_commands_total`. */
export const COMMAND_OUTCOMES = Object.freeze({ ok: 'ok', error: 'error' } as const);

/**
 * Wraps a command runner so that every command is counted in
 * `argon_commands_total{command,outcome}` and timed in
 * `argon_command_duration_seconds{command}`. Unknown command names are
 * labelled `unknown` so clients cannot grow the label set without bound.
 *
 * @example
 * const metrics = createArgonMetrics();
 * const runner = instrumentRunner(new CommandRunner(engine), metrics);
 * await runner.execute('shop', { find: 'orders', filter: {} });
 */
export function instrumentRunner(runner: RunnerLike, metrics: Pick<ArgonMetrics, 'commands' | 'commandDuration'>): RunnerLike {
  // Series bound per command name on first use: label checks and keys once, not per command.
  const bound = new Map<string, CommandSeries>();
  const seriesOf = (command: string): CommandSeries => {
    let series = bound.get(command);
    if (series === undefined) {
      series = {
        ok: metrics.commands.series({ command, outcome: COMMAND_OUTCOMES.ok }),
        error: metrics.commands.series({ command, outcome: COMMAND_OUTCOMES.error }),
        duration: metrics.commandDuration.series({ command }),
      };
      bound.set(command, series);
    }
    return series;
  };
  const execute: CommandRunner['execute'] = async (dbName, cmd, ctx) => {
    const name = firstKey(cmd);
    const series = seriesOf(name !== undefined && runner.has(name) ? name : 'unknown');
    const started = performance.now();
    let ok = false;
    try {
      const reply = await runner.execute(dbName, cmd, ctx);
      ok = true;
      return reply;
    } finally {
      (ok ? series.ok : series.error).inc();
      series.duration.observe((performance.now() - started) / 1000);
    }
  };
  return {
    engine: runner.engine,
    get cursors() {
      return runner.cursors;
    },
    execute,
    has: (name) => runner.has(name),
    connectionClosed: (id) => runner.connectionClosed(id),
    close: () => runner.close(),
  };
}
