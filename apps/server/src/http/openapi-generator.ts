import type { FastifyInstance, RouteOptions } from 'fastify';
import { AUTH_LEVELS, type AuthLevel } from './bearer-auth.js';

type Json = Record<string, unknown>;

declare module 'fastify' {
  interface FastifySchema {
    /** One line for the OpenAPI document and /docs. */
    summary?: string;
    /** Longer text for the OpenAPI document and /docs. */
    description?: string;
    tags?: readonly string[];
    /** Content type of the success response (default application/json). */
    produces?: string;
    /** Leave the route out of the OpenAPI document. */
    hide?: boolean;
  }
}

/** A route as the generator records it. */
export interface RecordedRoute {
  readonly method: string;
  /** The fastify path, e.g. `/api/v1/projects/:project`. */
  readonly url: string;
  readonly schema: Json;
  readonly auth: AuthLevel;
}

/** An OpenAPI 3.1 document (the parts this generator writes). */
export interface OpenApiDocument {
  readonly openapi: '3.1.0';
  readonly info: { readonly title: string; readonly version: string; readonly description: string };
  readonly paths: Record<string, Record<string, Json>>;
  readonly components: { readonly securitySchemes: Record<string, Json> };
}

/** `/a/:b/c` → `/a/{b}/c`. */
export function openApiPath(url: string): string {
  return url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}

function parameters(schema: Json | undefined, where: 'path' | 'query'): Json[] {
  const props = (schema?.properties ?? {}) as Record<string, Json>;
  const required = new Set((schema?.required ?? []) as string[]);
  return Object.entries(props).map(([name, s]) => {
    const { description, ...rest } = s;
    return { name, in: where, required: where === 'path' || required.has(name), ...(typeof description === 'string' ? { description } : {}), schema: rest };
  });
}

function responseEntries(schema: Json, produces: string): Record<string, Json> {
  const out: Record<string, Json> = {};
  for (const [status, s] of Object.entries((schema.response ?? {}) as Record<string, Json>)) {
    const key = /^[1-5]xx$/i.test(status) ? status.toUpperCase() : status;
    const isError = key.startsWith('4') || key.startsWith('5');
    const description = typeof s.description === 'string' ? s.description : isError ? 'error (see docs/errors.md)' : 'success';
    out[key] = { description, content: { [isError ? 'application/json' : produces]: { schema: s } } };
  }
  return out;
}

function security(auth: AuthLevel): Json[] | undefined {
  switch (auth) {
    case AUTH_LEVELS.open:
      return [];
    case AUTH_LEVELS.read:
      return [{}, { bearerAuth: [] }];
    default:
      return [{ bearerAuth: [] }];
  }
}

function authNote(auth: AuthLevel): string {
  switch (auth) {
    case AUTH_LEVELS.open:
      return 'No token needed.';
    case AUTH_LEVELS.read:
      return 'Needs the bearer token when the API listens on a non-loopback address.';
    case AUTH_LEVELS.writeUnlessPreview:
      return 'Needs the bearer token, except with `"preview": true` (which only reads).';
    default:
      return 'Changes state: needs the bearer token.';
  }
}

/**
 * Records every route fastify registers (through the `onRoute` hook, so it
 * must be created before the routes) and turns their schemas into an
 * OpenAPI 3.1 document: path and query parameters, the JSON body, every
 * response schema, and the bearer-token requirement.
 */
export class OpenApiGenerator {
  private readonly routes: RecordedRoute[] = [];

  constructor(
    app: FastifyInstance,
    private readonly info: OpenApiDocument['info'],
  ) {
    app.addHook('onRoute', (route: RouteOptions) => {
      const schema = (route.schema ?? {}) as Json;
      if (schema.hide === true) return;
      const methods = (Array.isArray(route.method) ? route.method : [route.method]).filter((m) => m !== 'HEAD' && m !== 'OPTIONS');
      const auth = (route.config as { auth?: AuthLevel } | undefined)?.auth ?? AUTH_LEVELS.read;
      for (const method of methods) this.routes.push({ method, url: route.url, schema, auth });
    });
  }

  /** The recorded routes, in registration order. */
  recorded(): readonly RecordedRoute[] {
    return this.routes;
  }

  /** Builds the OpenAPI document of the recorded routes. */
  document(): OpenApiDocument {
    const paths: Record<string, Record<string, Json>> = {};
    for (const r of this.routes) {
      const s = r.schema;
      const produces = typeof s.produces === 'string' ? s.produces : 'application/json';
      const params = [...parameters(s.params as Json | undefined, 'path'), ...parameters(s.querystring as Json | undefined, 'query')];
      const op: Json = {
        operationId: `${r.method.toLowerCase()}${openApiPath(r.url).replace(/[{}]/g, '').replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : ''))}`,
        ...(typeof s.summary === 'string' ? { summary: s.summary } : {}),
        description: [typeof s.description === 'string' ? s.description : '', authNote(r.auth)].filter(Boolean).join('\n\n'),
        ...(Array.isArray(s.tags) ? { tags: s.tags } : {}),
        ...(params.length ? { parameters: params } : {}),
        ...(s.body ? { requestBody: { required: true, content: { 'application/json': { schema: s.body } } } } : {}),
        responses: responseEntries(s, produces),
        security: security(r.auth),
        'x-argon-auth': r.auth,
      };
      (paths[openApiPath(r.url)] ??= {})[r.method.toLowerCase()] = op;
    }
    return {
      openapi: '3.1.0',
      info: this.info,
      paths,
      components: { securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', description: 'the admin token given to `argon serve --admin-token` (or ARGON_ADMIN_TOKEN)' } } },
    };
  }
}
