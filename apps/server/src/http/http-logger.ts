import type { Logger } from '@argon/core';
import type { FastifyBaseLogger } from 'fastify';

/** Log paths that are censored whatever a serializer puts there. */
export const REDACTED_LOG_PATHS: readonly string[] = Object.freeze([
  'req.headers.authorization',
  'request.headers.authorization',
  'headers.authorization',
  'authorization',
  'token',
]);

type LogMethod = 'info' | 'warn' | 'error' | 'debug';

/** True when `logger` is a pino logger (fastify can use it directly). */
function isPinoLike(logger: unknown): logger is FastifyBaseLogger {
  const l = logger as Record<string, unknown>;
  return ['info', 'error', 'debug', 'fatal', 'warn', 'trace', 'child'].every((m) => typeof l[m] === 'function') && typeof l.level === 'string';
}

/** Reduces what fastify logs (`req`, `res`, `err`) to plain, header-free facts. */
function sanitize(obj: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) {
    if (k === 'authorization' || k === 'headers' || k === 'token') continue;
    if (k === 'req' && v && typeof v === 'object') {
      const r = v as { method?: unknown; url?: unknown; ip?: unknown };
      out.req = { method: r.method, url: r.url, remoteAddress: r.ip };
    } else if (k === 'res' && v && typeof v === 'object') out.res = { statusCode: (v as { statusCode?: unknown }).statusCode };
    else if (k === 'err' && v instanceof Error) out.err = { type: v.name, message: v.message, stack: v.stack };
    else out[k] = v;
  }
  return out;
}

/** Adapts a core {@link Logger} (info/warn/error/debug) to the logger interface fastify needs. */
class CoreLoggerAdapter implements FastifyBaseLogger {
  level = 'info';
  constructor(
    private readonly base: Logger,
    private readonly bindings: Record<string, unknown>,
  ) {}
  private write(method: LogMethod, a: unknown, b: unknown): void {
    if (typeof a === 'string') this.base[method]({ ...this.bindings }, a);
    else if (a instanceof Error) this.base[method]({ ...this.bindings, err: { type: a.name, message: a.message, stack: a.stack } }, typeof b === 'string' ? b : a.message);
    else this.base[method]({ ...this.bindings, ...sanitize((a ?? {}) as Record<string, unknown>) }, typeof b === 'string' ? b : undefined);
  }
  info = (a: unknown, b?: unknown): void => this.write('info', a, b);
  warn = (a: unknown, b?: unknown): void => this.write('warn', a, b);
  error = (a: unknown, b?: unknown): void => this.write('error', a, b);
  fatal = (a: unknown, b?: unknown): void => this.write('error', a, b);
  debug = (a: unknown, b?: unknown): void => this.write('debug', a, b);
  trace = (a: unknown, b?: unknown): void => this.write('debug', a, b);
  silent = (): void => {};
  child(bindings: Record<string, unknown>): FastifyBaseLogger {
    return new CoreLoggerAdapter(this.base, { ...this.bindings, ...sanitize(bindings) });
  }
}

/**
 * The logger of the admin API: a child of the given pino logger with the
 * Authorization header redacted, or an adapter around a core Logger that
 * logs only method, URL and status of requests (never headers). Fastify
 * adds the request id (`reqId`) to every line.
 */
export function httpLogger(logger: Logger | FastifyBaseLogger): FastifyBaseLogger {
  if (isPinoLike(logger)) {
    return logger.child({ component: 'admin-api' }, { redact: { paths: [...REDACTED_LOG_PATHS], censor: '[redacted]' } });
  }
  return new CoreLoggerAdapter(logger, { component: 'admin-api' });
}
