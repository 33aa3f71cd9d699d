/** The logging surface the engine needs; pino loggers satisfy it. */
export interface Logger {
  info(obj: unknown, msg?: string): void;
  warn(obj: unknown, msg?: string): void;
  error(obj: unknown, msg?: string): void;
  debug(obj: unknown, msg?: string): void;
}

/** A logger that drops everything (library default). */
export const silentLogger: Logger = Object.freeze({
  info() {},
  warn() {},
  error() {},
  debug() {},
});
