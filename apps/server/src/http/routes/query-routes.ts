import type { FastifyInstance } from 'fastify';
import { MAX_QUERY_LIMIT } from '../../admin/admin-service.js';
import { BRANCH_PARAMS, COLLECTION, EJSON_DOCUMENT, EJSON_VALUE, LSN, TIME, VERSION_VIEW, nameSchema, responses } from '../json-schemas.js';
import type { RouteContext } from '../route-context.js';

type QueryBody = { collection: string; lsn?: number; time?: string; filter?: unknown; sort?: unknown; projection?: unknown; limit?: number };

/**
 * Reads a document id from a path segment: Extended JSON text (`1`,
 * `"abc"`, `{"$oid":"..."}`), or else the plain text as a string id.
 */
export function parseIdText(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** Reads at a branch head or a past point: `query` (find) and `history` (every version of one document). */
export function registerQueryRoutes(app: FastifyInstance, ctx: RouteContext): void {
  app.post<{ Params: { project: string; branch: string }; Body: QueryBody }>(
    '/projects/:project/branches/:branch/query',
    {
      schema: {
        summary: 'Query a collection (at the head or a past point)',
        description:
          'Runs `find` through the same command layer as the wire protocol, at the branch head or as of `lsn` or `time`. `filter`, `sort` and `projection` are Extended JSON, so `{"_id": {"$oid": "..."}}` and `{"at": {"$gte": {"$date": "2026-01-01T00:00:00Z"}}}` work. The answer says which LSN was read.',
        tags: ['queries'],
        params: BRANCH_PARAMS,
        body: {
          type: 'object',
          required: ['collection'],
          additionalProperties: false,
          properties: {
            collection: COLLECTION,
            lsn: LSN,
            time: TIME,
            filter: EJSON_DOCUMENT,
            sort: { ...EJSON_DOCUMENT, description: 'e.g. {"createdAt": -1}' },
            projection: { ...EJSON_DOCUMENT, description: 'e.g. {"name": 1, "_id": 0}' },
            limit: { type: 'integer', minimum: 1, maximum: MAX_QUERY_LIMIT, description: `documents to return (default 100, at most ${MAX_QUERY_LIMIT})` },
          },
        },
        response: responses({
          type: 'object',
          required: ['lsn', 'documents'],
          properties: { lsn: { type: 'integer', description: 'the LSN the documents reflect' }, documents: { type: 'array', items: EJSON_VALUE } },
        }),
      },
    },
    async (request) => ctx.admin.query(request.params.project, request.params.branch, request.body),
  );

  app.get<{ Params: { project: string; branch: string; collection: string; id: string } }>(
    '/projects/:project/branches/:branch/history/:collection/:id',
    {
      schema: {
        summary: 'History of one document',
        description:
          'Every version of the document visible on this branch, oldest first, with the LSN, time, operation and post-image. `id` is Extended JSON text, URL-encoded (`1`, `%22abc%22`, `%7B%22%24oid%22%3A%22...%22%7D`); text that is not JSON is taken as a string id.',
        tags: ['queries'],
        params: {
          type: 'object',
          required: ['project', 'branch', 'collection', 'id'],
          additionalProperties: false,
          properties: { project: nameSchema('project'), branch: nameSchema('branch'), collection: COLLECTION, id: { type: 'string', minLength: 1, description: 'document _id as Extended JSON text' } },
        },
        response: responses({ type: 'object', required: ['versions'], properties: { versions: { type: 'array', items: VERSION_VIEW } } }),
      },
    },
    async (request) => {
      const { project, branch, collection, id } = request.params;
      return ctx.admin.history(project, branch, collection, parseIdText(id));
    },
  );
}

