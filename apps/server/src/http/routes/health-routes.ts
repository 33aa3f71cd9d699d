import type { FastifyInstance } from 'fastify';
import { ApiError } from '../api-error.js';
import { AUTH_LEVELS } from '../bearer-auth.js';
import { ERROR_RESPONSE } from '../json-schemas.js';
import type { RouteContext } from '../route-context.js';

/** `GET /health` (the process answers) and `GET /ready` (the engine is open); both need no token. */
export function registerHealthRoutes(app: FastifyInstance, ctx: RouteContext): void {
  app.get(
    '/health',
    {
      logLevel: 'warn',
      config: { auth: AUTH_LEVELS.open },
      schema: {
        summary: 'Liveness probe',
        description: 'Always 200 while the process serves HTTP.',
        tags: ['operations'],
        response: { 200: { type: 'object', required: ['status'], properties: { status: { type: 'string', enum: ['ok'] } } } },
      },
    },
    async () => ({ status: 'ok' as const }),
  );
  app.get(
    '/ready',
    {
      logLevel: 'warn',
      config: { auth: AUTH_LEVELS.open },
      schema: {
        summary: 'Readiness probe',
        description: '200 when the engine is open and its storage answers; 503 NOT_READY while starting or shutting down.',
        tags: ['operations'],
        response: { 200: { type: 'object', required: ['status'], properties: { status: { type: 'string', enum: ['ready'] } } }, 503: ERROR_RESPONSE },
      },
    },
    async () => {
      const why = await ctx.notReady();
      if (why !== null) throw new ApiError('NOT_READY', `not ready: ${why}`);
      return { status: 'ready' as const };
    },
  );
}
