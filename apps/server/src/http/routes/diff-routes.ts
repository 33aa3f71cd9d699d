import { BadInputError } from '@argon/core';
import type { FastifyInstance } from 'fastify';
import { COLLECTION, DIFF_VIEW, PROJECT_PARAMS, responses } from '../json-schemas.js';
import type { RouteContext } from '../route-context.js';

/**
 * Reads a diff side: a database name of the route's project (`shop`,
 * `shop@feature`, `shop@feature@1200`), or the short form `feature[@point]`.
 */
export function diffSide(project: string, side: string, field: 'from' | 'to'): string {
  const parts = side.split('@');
  const first = parts[0];
  if (first === project) return side;
  // `other@main` (not `feature@1200`) or `other@main@1200`: another project's database name.
  const looksLikePoint = (t: string | undefined) => t !== undefined && /^(\d+|\d{4}-.*)$/.test(t);
  if (parts.length > 2 || (parts.length === 2 && !looksLikePoint(parts[1]))) {
    throw new BadInputError(`${field} '${side}' names project '${first}', but this is the diff of project '${project}'; use ${project}@<branch>[@<lsn|time>]`, { details: { field, value: side } });
  }
  return `${project}@${side}`;
}

/** `GET /api/v1/projects/:project/diff?from=&to=`. */
export function registerDiffRoutes(app: FastifyInstance, ctx: RouteContext): void {
  app.get<{ Params: { project: string }; Querystring: { from: string; to: string; collection?: string } }>(
    '/projects/:project/diff',
    {
      schema: {
        summary: 'Diff two points of a project',
        description:
          'Documents added, removed and changed between `from` and `to`: database names such as `shop@main`, `shop@feature@1200` or `shop@main@2026-11-21T10:00:00Z` (the short form `feature@1200` is read within this project).',
        tags: ['history'],
        params: PROJECT_PARAMS,
        querystring: {
          type: 'object',
          required: ['from', 'to'],
          additionalProperties: false,
          properties: {
            from: { type: 'string', minLength: 1, maxLength: 512, description: 'old side: project@branch[@lsn|time]' },
            to: { type: 'string', minLength: 1, maxLength: 512, description: 'new side: project@branch[@lsn|time]' },
            collection: COLLECTION,
          },
        },
        response: responses(DIFF_VIEW),
      },
    },
    async (request) => {
      const { project } = request.params;
      const { from, to, collection } = request.query;
      return ctx.admin.diff(diffSide(project, from, 'from'), diffSide(project, to, 'to'), collection);
    },
  );
}
