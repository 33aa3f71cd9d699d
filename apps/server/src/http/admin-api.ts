import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { BadInputError, type ArgonEngine, type Logger } from '@argon/core';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import { AdminService } from '../admin/admin-service.js';
import type { AdminOperations } from '../admin/admin-types.js';
import { createArgonMetrics, watchEngine, type ArgonMetrics } from '../metrics/argon-metrics.js';
import { instrumentRunner, type RunnerLike } from '../metrics/instrument-runner.js';
import { installBearerAuth, isLoopbackHost } from './bearer-auth.js';
import { formatSchemaErrors, installErrorHandling } from './error-handler.js';
import { httpLogger } from './http-logger.js';
import { OpenApiGenerator } from './openapi-generator.js';
import { installQueryCoercion } from './query-coercion.js';
import { API_PREFIX, type RouteContext } from './route-context.js';
import { registerBranchRoutes } from './routes/branch-routes.js';
import { registerDiffRoutes } from './routes/diff-routes.js';
import { registerDocsRoutes } from './routes/docs-routes.js';
import { registerHealthRoutes } from './routes/health-routes.js';
import { registerLogRoutes } from './routes/log-routes.js';
import { registerMetricsRoutes } from './routes/metrics-routes.js';
import { registerProjectRoutes } from './routes/project-routes.js';
import { registerQueryRoutes } from './routes/query-routes.js';
import { registerStatusRoutes } from './routes/status-routes.js';

/** The version the OpenAPI document reports. */
export const ADMIN_API_VERSION = '1.0.0';
/** Largest accepted request body. */
export const ADMIN_API_BODY_LIMIT = 1024 * 1024;

/**
 * Options of {@link buildAdminApp} and {@link startAdminApi}. (A type alias,
 * not an interface, so it stays assignable to `Record<string, unknown>` for
 * the server's dynamic import.)
 */
export type AdminApiOptions = {
  readonly engine: ArgonEngine;
  /**
   * The command runner queries go through. When `metrics` is not given, the
   * API makes its own metrics and instruments this runner for its queries;
   * when it is, pass a runner already wrapped with `instrumentRunner(runner, metrics)`.
   */
  readonly runner: RunnerLike;
  /** Bind address; decides whether reads need the token (non-loopback) too. */
  readonly host: string;
  /** Port (0 = any free port). */
  readonly port: number;
  /** A pino logger (used directly, Authorization redacted) or a core Logger (adapted). */
  readonly logger: Logger | FastifyBaseLogger;
  /** The admin bearer token. Without one the API is read-only, and it refuses to listen beyond loopback. */
  readonly token?: string;
  /** The embedded data directory, reported by `status`. */
  readonly dataDir?: string;
  /** Open wire connections, for `status` and `argon_connections`. */
  readonly connections?: () => number;
  /** Shared metrics (the wire server's runner instrumented on the same registry). */
  readonly metrics?: ArgonMetrics;
  /** Admin operations; default an {@link AdminService} on `engine` and `runner`. */
  readonly admin?: AdminOperations;
  /** When the server started (for `status`). */
  readonly startedAt?: Date;
};

/** A listening admin API. */
export interface AdminApi {
  readonly host: string;
  /** The bound port (the real one when 0 was asked). */
  readonly port: number;
  readonly app: FastifyInstance;
  /** Stops accepting requests, waits for in-flight ones and closes the listener. Idempotent. */
  close(): Promise<void>;
}

const REQUEST_ID_RE = /^[A-Za-z0-9._:-]{1,128}$/;

/** A request's id: its `x-request-id` header when well-formed, else a fresh UUID. */
export function requestIdOf(req: IncomingMessage): string {
  const h = req.headers['x-request-id'];
  return typeof h === 'string' && REQUEST_ID_RE.test(h) ? h : randomUUID();
}

function checkSecurity(host: string, token: string | undefined): void {
  if (token !== undefined && !/^[\x21-\x7e]{8,}$/.test(token)) {
    throw new BadInputError('the admin token must be at least 8 printable ASCII characters without spaces (it is sent as Authorization: Bearer <token>)', { details: { field: 'adminToken' } });
  }
  if (token === undefined && !isLoopbackHost(host)) {
    throw new BadInputError(
      `refusing to serve the admin API on ${host} without a token: anyone who can reach that address could read and change data. Pass --admin-token <token> (or set ARGON_ADMIN_TOKEN), or bind to 127.0.0.1`,
      { details: { field: 'adminToken', host } },
    );
  }
}

/**
 * Builds the admin HTTP API (not listening; use `app.inject` in tests or
 * {@link startAdminApi}): REST routes under `/api/v1`, `/health`, `/ready`,
 * `/metrics`, `/openapi.json` and `/docs`, with JSON-schema validation, one
 * error format, bearer-token auth and structured request logs.
 */
export async function buildAdminApp(opts: Omit<AdminApiOptions, 'port'> & { readonly port?: number }): Promise<FastifyInstance> {
  checkSecurity(opts.host, opts.token);
  const startedAt = opts.startedAt ?? new Date();
  let metrics = opts.metrics;
  let runner = opts.runner;
  if (!metrics) {
    metrics = createArgonMetrics();
    runner = instrumentRunner(opts.runner, metrics);
  }
  if (!metrics.registry.names().includes('argon_wal_bytes')) {
    watchEngine(metrics, { engine: opts.engine, cursors: opts.runner.cursors, ...(opts.connections ? { connections: opts.connections } : {}) });
  }
  const admin =
    opts.admin ??
    new AdminService({ engine: opts.engine, runner, startedAt, ...(opts.connections ? { connections: opts.connections } : {}), ...(opts.dataDir ? { dataDir: opts.dataDir } : {}) });

  // fastify loads on first use so CLI commands that never serve HTTP start fast.
  const { default: Fastify } = await import('fastify');
  const app = Fastify({
    loggerInstance: httpLogger(opts.logger),
    genReqId: requestIdOf,
    requestIdHeader: false,
    bodyLimit: ADMIN_API_BODY_LIMIT,
    return503OnClosing: true,
    schemaErrorFormatter: (errors, dataVar) => formatSchemaErrors(errors, dataVar),
    // Bodies are typed JSON: no coercion, no silent removal of unknown fields (query strings are coerced by installQueryCoercion).
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false, allowUnionTypes: true } },
  });

  let closing = false;
  app.addHook('onClose', async () => {
    closing = true;
  });
  const ctx: RouteContext = {
    admin,
    engine: opts.engine,
    metrics,
    openapi: new OpenApiGenerator(app, {
      title: 'Argon admin API',
      version: ADMIN_API_VERSION,
      description:
        'Branches, time travel, history and operations of an Argon server. REST routes live under /api/v1. Routes that change state need `Authorization: Bearer <token>`; every route but /health and /ready needs it when the server listens beyond loopback. Documents and BSON values are Extended JSON (relaxed); times are ISO 8601.',
    }),
    notReady: async () => {
      if (closing) return 'the server is shutting down';
      try {
        await opts.engine.view('_argon_ready_probe');
        return null;
      } catch (err) {
        return (err as Error).message;
      }
    },
  };

  // JSON only: a text/plain body (what a cross-site form can send without a preflight) is 415.
  app.removeContentTypeParser('text/plain');
  installErrorHandling(app);
  installBearerAuth(app, { ...(opts.token !== undefined ? { token: opts.token } : {}), protectReads: !isLoopbackHost(opts.host) });
  installQueryCoercion(app);
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
    reply.header('x-content-type-options', 'nosniff');
  });
  const m = metrics;
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    m.httpRequests.inc({ method: request.method, route, status: String(reply.statusCode) });
    m.httpDuration.observe({ method: request.method, route }, reply.elapsedTime / 1000);
  });

  registerHealthRoutes(app, ctx);
  registerMetricsRoutes(app, ctx);
  registerDocsRoutes(app, ctx);
  await app.register(
    async (api) => {
      registerStatusRoutes(api, ctx);
      registerProjectRoutes(api, ctx);
      registerBranchRoutes(api, ctx);
      registerQueryRoutes(api, ctx);
      registerLogRoutes(api, ctx);
      registerDiffRoutes(api, ctx);
    },
    { prefix: API_PREFIX },
  );
  if (opts.token === undefined) app.log.warn({}, 'the admin API has no token: it is read-only (routes that change state answer 401)');
  return app;
}

/**
 * Starts the admin HTTP API on `host:port` (used by `argon serve
 * --http-port`). Refuses to start on a non-loopback address without a token.
 *
 * @example
 * const api = await startAdminApi({ engine, runner, host: '127.0.0.1', port: 8080, logger, token: process.env.ARGON_ADMIN_TOKEN });
 * // curl -H "Authorization: Bearer $ARGON_ADMIN_TOKEN" http://127.0.0.1:8080/api/v1/status
 * await api.close();
 */
export async function startAdminApi(opts: AdminApiOptions): Promise<AdminApi> {
  const app = await buildAdminApp(opts);
  try {
    await app.listen({ host: opts.host, port: opts.port });
  } catch (err) {
    await app.close();
    throw err;
  }
  const addr = app.server.address();
  const port = addr !== null && typeof addr === 'object' ? addr.port : opts.port;
  let closed: Promise<void> | undefined;
  return { host: opts.host, port, app, close: () => (closed ??= app.close().then(() => undefined)) };
}
