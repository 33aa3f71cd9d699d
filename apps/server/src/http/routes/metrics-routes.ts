import type { FastifyInstance } from 'fastify';
import { PROMETHEUS_CONTENT_TYPE } from '../../metrics/prometheus-text.js';
import { responses } from '../json-schemas.js';
import type { RouteContext } from '../route-context.js';

/** `GET /metrics`: Prometheus text exposition. */
export function registerMetricsRoutes(app: FastifyInstance, ctx: RouteContext): void {
  app.get(
    '/metrics',
    {
      logLevel: 'warn',
      schema: {
        summary: 'Prometheus metrics',
        description:
          'Metrics in the Prometheus text format: argon_commands_total{command,outcome}, argon_command_duration_seconds, argon_wal_bytes, argon_fsyncs_total, argon_fsync_duration_seconds, argon_checkpoint_age_seconds, argon_checkpoint_pending_entries, argon_open_cursors, argon_connections, argon_http_requests_total and more.',
        tags: ['operations'],
        produces: PROMETHEUS_CONTENT_TYPE,
        response: responses({ type: 'string', description: 'Prometheus text exposition format 0.0.4' }),
      },
    },
    async (_request, reply) => reply.type(PROMETHEUS_CONTENT_TYPE).send(await ctx.metrics.registry.render()),
  );
}
