import type { FastifyInstance } from 'fastify';
import { AUTH_LEVELS } from '../bearer-auth.js';
import { BRANCH_DETAIL_VIEW, BRANCH_PARAMS, BRANCH_VIEW, LSN, PROJECT_PARAMS, RESET_PREVIEW_VIEW, RESET_VIEW, TIME, TIME_RANGE_VIEW, nameSchema, responses } from '../json-schemas.js';
import type { RouteContext } from '../route-context.js';

type BranchParams = { project: string; branch: string };

/** `/api/v1/projects/:project/branches`: list, create, get, delete, time range, reset and restore. */
export function registerBranchRoutes(app: FastifyInstance, ctx: RouteContext): void {
  app.get<{ Params: { project: string }; Querystring: { includeDeleted?: boolean } }>(
    '/projects/:project/branches',
    {
      schema: {
        summary: 'List branches',
        description: 'Live branches of a project; with `includeDeleted=true` also the soft-deleted ones.',
        tags: ['branches'],
        params: PROJECT_PARAMS,
        querystring: { type: 'object', additionalProperties: false, properties: { includeDeleted: { type: 'boolean', description: 'include soft-deleted branches' } } },
        response: responses({ type: 'object', required: ['branches'], properties: { branches: { type: 'array', items: BRANCH_VIEW } } }),
      },
    },
    async (request) => ({ branches: await ctx.admin.listBranches(request.params.project, { includeDeleted: request.query.includeDeleted === true }) }),
  );

  app.post<{ Params: { project: string }; Body: { name: string; from?: string; lsn?: number; time?: string } }>(
    '/projects/:project/branches',
    {
      config: { auth: AUTH_LEVELS.write },
      schema: {
        summary: 'Create a branch',
        description: 'Creates branch `name` from `from` (default main) at its head, or at `lsn` or `time`. O(1): one metadata record, no data copied.',
        tags: ['branches'],
        params: PROJECT_PARAMS,
        body: {
          type: 'object',
          required: ['name'],
          additionalProperties: false,
          properties: { name: nameSchema('new branch'), from: nameSchema('parent branch (default main)'), lsn: LSN, time: TIME },
        },
        response: responses({ type: 'object', required: ['branch'], properties: { branch: BRANCH_VIEW } }, 201),
      },
    },
    async (request, reply) => reply.code(201).send({ branch: await ctx.admin.createBranch(request.params.project, request.body) }),
  );

  app.get<{ Params: BranchParams }>(
    '/projects/:project/branches/:branch',
    {
      schema: {
        summary: 'Get a branch',
        description: 'One live branch with its reachable LSN and time range.',
        tags: ['branches'],
        params: BRANCH_PARAMS,
        response: responses({ type: 'object', required: ['branch'], properties: { branch: BRANCH_DETAIL_VIEW } }),
      },
    },
    async (request) => ({ branch: await ctx.admin.getBranch(request.params.project, request.params.branch) }),
  );

  app.delete<{ Params: BranchParams }>(
    '/projects/:project/branches/:branch',
    {
      config: { auth: AUTH_LEVELS.write },
      schema: {
        summary: 'Delete a branch',
        description: 'Soft-deletes a branch (descendants keep its history). `main` cannot be deleted (BRANCH_PROTECTED).',
        tags: ['branches'],
        params: BRANCH_PARAMS,
        response: responses({ type: 'object', required: ['branch'], properties: { branch: BRANCH_VIEW } }),
      },
    },
    async (request) => ({ branch: await ctx.admin.deleteBranch(request.params.project, request.params.branch) }),
  );

  app.get<{ Params: BranchParams }>(
    '/projects/:project/branches/:branch/time-range',
    {
      schema: {
        summary: 'Reachable range of a branch',
        description: 'The first and head LSN (and their commit times) that reads and resets can address on this branch.',
        tags: ['branches'],
        params: BRANCH_PARAMS,
        response: responses({ type: 'object', required: ['range'], properties: { range: TIME_RANGE_VIEW } }),
      },
    },
    async (request) => ({ range: await ctx.admin.timeRange(request.params.project, request.params.branch) }),
  );

  app.post<{ Params: BranchParams; Body: { lsn?: number; time?: string; backup?: string; preview?: boolean } }>(
    '/projects/:project/branches/:branch/reset',
    {
      config: { auth: AUTH_LEVELS.writeUnlessPreview },
      schema: {
        summary: 'Reset a branch (or preview the reset)',
        description:
          'Moves the branch back to `lsn` or `time`, non-destructively: the abandoned window stays in the log and is reported as `discarded`. With `backup`, a branch first keeps the old head. With `preview: true`, nothing changes and the answer is the diff from the head to the target point, with `toLsn`.',
        tags: ['branches'],
        params: BRANCH_PARAMS,
        body: {
          type: 'object',
          additionalProperties: false,
          properties: { lsn: LSN, time: TIME, backup: nameSchema('backup branch keeping the old head'), preview: { type: 'boolean', description: 'only report what the reset would change' } },
        },
        response: responses({ anyOf: [RESET_VIEW, RESET_PREVIEW_VIEW] }),
      },
    },
    async (request) => {
      const { project, branch } = request.params;
      const { preview, backup, ...point } = request.body;
      if (preview === true) return ctx.admin.resetPreview(project, branch, point);
      return ctx.admin.resetBranch(project, branch, { ...point, ...(backup !== undefined ? { backup } : {}) });
    },
  );

  app.post<{ Params: BranchParams; Body: { lsn?: number; time?: string; as: string } }>(
    '/projects/:project/branches/:branch/restore',
    {
      config: { auth: AUTH_LEVELS.write },
      schema: {
        summary: 'Restore a past point as a new branch',
        description: 'Creates branch `as` holding this branch\'s state as of `lsn` or `time`; the branch itself is not changed.',
        tags: ['branches'],
        params: BRANCH_PARAMS,
        body: { type: 'object', required: ['as'], additionalProperties: false, properties: { lsn: LSN, time: TIME, as: nameSchema('new branch') } },
        response: responses({ type: 'object', required: ['branch'], properties: { branch: BRANCH_VIEW } }, 201),
      },
    },
    async (request, reply) => reply.code(201).send({ branch: await ctx.admin.restoreAsBranch(request.params.project, request.params.branch, request.body) }),
  );
}
