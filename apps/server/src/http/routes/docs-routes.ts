import type { FastifyInstance } from 'fastify';
import { renderDocsPage } from '../docs-page.js';
import { responses } from '../json-schemas.js';
import type { OpenApiDocument } from '../openapi-generator.js';
import type { RouteContext } from '../route-context.js';

/** `GET /openapi.json` (generated from the route schemas) and `GET /docs` (its HTML rendering). */
export function registerDocsRoutes(app: FastifyInstance, ctx: RouteContext): void {
  let cached: { doc: OpenApiDocument; html: string } | undefined;
  const docs = () => {
    if (!cached) {
      const doc = ctx.openapi.document();
      cached = { doc, html: renderDocsPage(doc) };
    }
    return cached;
  };
  app.get(
    '/openapi.json',
    {
      schema: {
        summary: 'OpenAPI document',
        description: 'The OpenAPI 3.1 description of every route, generated from the JSON schemas the server validates with.',
        tags: ['reference'],
        response: responses({ type: 'object', additionalProperties: true }),
      },
    },
    async () => docs().doc,
  );
  app.get(
    '/docs',
    {
      schema: {
        summary: 'API reference (HTML)',
        description: 'A rendered reference page: one section per route with parameters, body and response schemas.',
        tags: ['reference'],
        produces: 'text/html',
        response: responses({ type: 'string', description: 'HTML' }),
      },
    },
    async (_request, reply) =>
      reply
        .type('text/html; charset=utf-8')
        // A static page: no scripts, no external resources.
        .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'")
        .send(docs().html),
  );
}
