import type { FastifyInstance } from 'fastify';
import { STATUS_VIEW, responses } from '../json-schemas.js';
import type { RouteContext } from '../route-context.js';

/** `GET /api/v1/status`. */
export function registerStatusRoutes(app: FastifyInstance, ctx: RouteContext): void {
  app.get(
    '/status',
    {
      schema: {
        summary: 'Server status',
        description: 'Storage (kind, location, durability, bytes on disk, WAL counters), recovery of the last start, projects with their branches, and the server process.',
        tags: ['status'],
        response: responses(STATUS_VIEW),
      },
    },
    async () => ctx.admin.status(),
  );
}
