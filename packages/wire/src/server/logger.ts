/**
 * The logger the server writes to: the subset of pino's API it uses, so a pino
 * logger can be passed as is.
 */

/** One log method: `(fields, message)` or `(message)`, as in pino. */
export interface LogMethod {
  (fields: Record<string, unknown>, message?: string): void;
  (message: string): void;
}

/** A pino-compatible logger. */
export interface WireLogger {
  readonly error: LogMethod;
  readonly warn: LogMethod;
  readonly info: LogMethod;
  readonly debug: LogMethod;
}

const ignore: LogMethod = () => undefined;

/** A logger that discards everything; the default. */
export const SILENT_LOGGER: WireLogger = Object.freeze({ error: ignore, warn: ignore, info: ignore, debug: ignore });
