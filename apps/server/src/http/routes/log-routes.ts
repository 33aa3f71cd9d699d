import type { FastifyInstance } from 'fastify';
import { MAX_LOG_LIMIT } from '../../admin/admin-service.js';
import { COLLECTION, LOG_ENTRY_VIEW, PROJECT_PARAMS, nameSchema, responses } from '../json-schemas.js';
import type { RouteContext } from '../route-context.js';

/** `GET /api/v1/projects/:project/log`. */
export function registerLogRoutes(app: FastifyInstance, ctx: RouteContext): void {
  app.get<{ Params: { project: string }; Querystring: { branch?: string; collection?: string; limit?: number } }>(
    '/projects/:project/log',
    {
      schema: {
        summary: 'Write log of a project',
        description: 'Log entries, newest first: of every branch, or (with `branch`) those visible on one branch. Branches are named, not numbered.',
        tags: ['history'],
        params: PROJECT_PARAMS,
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            branch: nameSchema('branch (default: every branch)'),
            collection: COLLECTION,
            limit: { type: 'integer', minimum: 1, maximum: MAX_LOG_LIMIT, description: `entries to return (default 100, at most ${MAX_LOG_LIMIT})` },
          },
        },
        response: responses({ type: 'object', required: ['entries'], properties: { entries: { type: 'array', items: LOG_ENTRY_VIEW } } }),
      },
    },
    async (request) => {
      const { branch, collection, limit } = request.query;
      return ctx.admin.log(request.params.project, {
        ...(branch !== undefined ? { branch } : {}),
        ...(collection !== undefined ? { collection } : {}),
        ...(limit !== undefined ? { limit } : {}),
      });
    },
  );
}
