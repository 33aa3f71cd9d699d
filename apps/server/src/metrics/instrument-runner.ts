import type { CommandRunner } from '@argon/core';
import type { ArgonMetrics } from './argon-metrics.js';

/** The part of {@link CommandRunner} that the wire server and the admin API use. */
export type RunnerLike = Pick<CommandRunner, 'engine' | 'cursors' | 'execute' | 'has' | 'connectionClosed' | 'close'>;

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
  const execute: CommandRunner['execute'] = async (dbName, cmd, ctx) => {
    const name = Object.keys(cmd)[0];
    const command = name !== undefined && runner.has(name) ? name : 'unknown';
    const started = process.hrtime.bigint();
    let outcome: string = COMMAND_OUTCOMES.error;
    try {
      const reply = await runner.execute(dbName, cmd, ctx);
      outcome = COMMAND_OUTCOMES.ok;
      return reply;
    } finally {
      metrics.commands.inc({ command, outcome });
      metrics.commandDuration.observe({ command }, Number(process.hrtime.bigint() - started) / 1e9);
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
