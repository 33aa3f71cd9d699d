import type { FastifyInstance } from 'fastify';
import { AUTH_LEVELS } from '../bearer-auth.js';
import { PROJECT_PARAMS, PROJECT_VIEW, nameSchema, responses } from '../json-schemas.js';
import type { RouteContext } from '../route-context.js';

/** `/api/v1/projects`: list, create, delete. */
export function registerProjectRoutes(app: FastifyInstance, ctx: RouteContext): void {
  app.get(
    '/projects',
    {
      schema: {
        summary: 'List projects',
        description: 'Live projects with their branch count and highest LSN.',
        tags: ['projects'],
        response: responses({ type: 'object', required: ['projects'], properties: { projects: { type: 'array', items: PROJECT_VIEW } } }),
      },
    },
    async () => ({ projects: await ctx.admin.listProjects() }),
  );
  app.post<{ Body: { name: string } }>(
    '/projects',
    {
      config: { auth: AUTH_LEVELS.write },
      schema: {
        summary: 'Create a project',
        description: 'Creates an empty project with its `main` branch. (Writing to a new database name over the wire also creates it.)',
        tags: ['projects'],
        body: { type: 'object', required: ['name'], additionalProperties: false, properties: { name: nameSchema('project') } },
        response: responses({ type: 'object', required: ['project'], properties: { project: PROJECT_VIEW } }, 201),
      },
    },
    async (request, reply) => reply.code(201).send({ project: await ctx.admin.createProject(request.body.name) }),
  );
  app.delete<{ Params: { project: string } }>(
    '/projects/:project',
    {
      config: { auth: AUTH_LEVELS.write },
      schema: {
        summary: 'Delete a project',
        description: 'Soft-deletes the project and its branches; the log stays, and the name can be created again.',
        tags: ['projects'],
        params: PROJECT_PARAMS,
        response: responses({
          type: 'object',
          required: ['project'],
          properties: { project: { type: 'object', required: ['name', 'deleted'], properties: { name: { type: 'string' }, deleted: { type: 'boolean', enum: [true] } } } },
        }),
      },
    },
    async (request) => ({ project: await ctx.admin.deleteProject(request.params.project) }),
  );
}
