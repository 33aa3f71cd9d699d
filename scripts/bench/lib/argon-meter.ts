/**
 * Watches what the Argon engine logs during a benchmark: background
 * checkpoints (count and milliseconds, from the engine's "checkpoint of …"
 * lines) and any warning or error, so the tables can say when a checkpoint
 * ran inside a measurement and misbehaviour is reported instead of hidden.
 */
import type { ArgonEngine, Logger } from '@argon/core';

/** A {@link Logger} that counts checkpoints and keeps warnings and errors. */
export class ArgonMeter implements Logger {
  checkpoints = 0;
  checkpointMs = 0;
  readonly problems: string[] = [];

  info(obj: unknown, msg?: string): void {
    if (typeof msg === 'string' && msg.startsWith('checkpoint of ')) {
      this.checkpoints++;
      const ms = (obj as { ms?: unknown } | null)?.ms;
      if (typeof ms === 'number') this.checkpointMs += ms;
    }
  }

  warn(obj: unknown, msg?: string): void {
    this.keep('warn', obj, msg);
  }

  error(obj: unknown, msg?: string): void {
    this.keep('error', obj, msg);
  }

  debug(): void {}

  /** Checkpoint count and ms so far, to diff around a measurement. */
  mark(): { checkpoints: number; ms: number } {
    return { checkpoints: this.checkpoints, ms: this.checkpointMs };
  }

  private keep(level: string, obj: unknown, msg?: string): void {
    const err = (obj as { err?: unknown } | null)?.err;
    const detail = err instanceof Error ? `: ${err.message}` : '';
    const text = typeof obj === 'string' ? obj : (msg ?? JSON.stringify(obj));
    if (this.problems.length < 50) this.problems.push(`${level}: ${text}${detail}`);
  }
}

/** Checkpoints the engine is encoding or writing right now (reads private state: a benchmark-only peek). */
export function checkpointsInFlight(engine: ArgonEngine): number {
  return (engine as unknown as { checkpointing?: Map<string, unknown> }).checkpointing?.size ?? 0;
}

/** Waits until the engine has no checkpoint in flight. */
export async function waitForCheckpoints(engine: ArgonEngine): Promise<void> {
  while (checkpointsInFlight(engine) > 0) await new Promise((r) => setTimeout(r, 10));
}
