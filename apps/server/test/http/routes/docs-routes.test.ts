import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HTTPMethods } from 'fastify';
import { fixture, json, type Fixture } from '../admin-fixture.js';

type Op = {
  summary?: string;
  description?: string;
  parameters?: Array<{ name: string; in: string; required: boolean; schema: Record<string, unknown> }>;
  requestBody?: { content: Record<string, { schema: Record<string, unknown> }> };
  responses: Record<string, { content: Record<string, { schema: Record<string, unknown> }> }>;
  security: unknown[];
  'x-argon-auth': string;
};
type Doc = { openapi: string; paths: Record<string, Record<string, Op>>; components: { securitySchemes: Record<string, unknown> } };

/** Every route of the brief: method, fastify path, auth level. */
const ROUTES: ReadonlyArray<[HTTPMethods, string, string]> = [
  ['GET', '/health', 'open'],
  ['GET', '/ready', 'open'],
  ['GET', '/metrics', 'read'],
  ['GET', '/openapi.json', 'read'],
  ['GET', '/docs', 'read'],
  ['GET', '/api/v1/status', 'read'],
  ['GET', '/api/v1/projects', 'read'],
  ['POST', '/api/v1/projects', 'write'],
  ['DELETE', '/api/v1/projects/:project', 'write'],
  ['GET', '/api/v1/projects/:project/branches', 'read'],
  ['POST', '/api/v1/projects/:project/branches', 'write'],
  ['GET', '/api/v1/projects/:project/branches/:branch', 'read'],
  ['DELETE', '/api/v1/projects/:project/branches/:branch', 'write'],
  ['GET', '/api/v1/projects/:project/branches/:branch/time-range', 'read'],
  ['POST', '/api/v1/projects/:project/branches/:branch/reset', 'write-unless-preview'],
  ['POST', '/api/v1/projects/:project/branches/:branch/restore', 'write'],
  ['POST', '/api/v1/projects/:project/branches/:branch/query', 'read'],
  ['GET', '/api/v1/projects/:project/branches/:branch/history/:collection/:id', 'read'],
  ['GET', '/api/v1/projects/:project/log', 'read'],
  ['GET', '/api/v1/projects/:project/diff', 'read'],
];

const toOpenApi = (p: string) => p.replace(/:([A-Za-z]+)/g, '{$1}');

describe('docs routes', () => {
  let f: Fixture;
  let doc: Doc;
  beforeEach(async () => {
    f = await fixture();
    doc = json<Doc>(await f.app.inject({ url: '/openapi.json' }));
  });
  afterEach(async () => {
    await f.close();
  });

  it('GET /openapi.json lists exactly the registered routes', () => {
    expect(doc.openapi).toBe('3.1.0');
    const listed = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`)).sort();
    expect(listed).toEqual(ROUTES.map(([m, p]) => `${m} ${toOpenApi(p)}`).sort());
    for (const [method, url] of ROUTES) expect(f.app.hasRoute({ method, url }), `${method} ${url} is registered`).toBe(true);
  });

  it('carries each route’s parameters, body and response schemas', () => {
    for (const [method, url, auth] of ROUTES) {
      const op = doc.paths[toOpenApi(url)]![method.toLowerCase()]!;
      expect(op.summary, `${method} ${url} summary`).toBeTruthy();
      expect(op['x-argon-auth']).toBe(auth);
      const pathParams = [...url.matchAll(/:([A-Za-z]+)/g)].map((m) => m[1]);
      expect((op.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name)).toEqual(pathParams);
      for (const p of op.parameters ?? []) expect(p.schema.type, `${method} ${url} ${p.name}`).toBeTruthy();
      const ok = op.responses['200'] ?? op.responses['201'];
      expect(ok, `${method} ${url} success response`).toBeDefined();
      expect(Object.values(ok!.content)[0]!.schema).toBeTypeOf('object');
      if (auth !== 'open') expect(op.responses['4XX']!.content['application/json']!.schema).toMatchObject({ required: ['error'] });
      if (method === 'POST') expect(op.requestBody!.content['application/json']!.schema).toMatchObject({ type: 'object', additionalProperties: false });
      else expect(op.requestBody).toBeUndefined();
    }
  });

  it('documents query parameters and bodies in detail', () => {
    const log = doc.paths['/api/v1/projects/{project}/log']!.get!;
    expect(log.parameters!.find((p) => p.name === 'limit')).toMatchObject({ in: 'query', required: false, schema: { type: 'integer', minimum: 1, maximum: 10000 } });
    const diff = doc.paths['/api/v1/projects/{project}/diff']!.get!;
    expect(diff.parameters!.filter((p) => p.in === 'query' && p.required).map((p) => p.name)).toEqual(['from', 'to']);
    const reset = doc.paths['/api/v1/projects/{project}/branches/{branch}/reset']!.post!;
    expect(Object.keys(reset.requestBody!.content['application/json']!.schema.properties as object)).toEqual(['lsn', 'time', 'backup', 'preview']);
    expect(reset.security).toEqual([{ bearerAuth: [] }]);
    expect(doc.paths['/health']!.get!.security).toEqual([]);
    expect(doc.paths['/api/v1/status']!.get!.security).toEqual([{}, { bearerAuth: [] }]);
    expect(doc.components.securitySchemes).toHaveProperty('bearerAuth');
    expect(Object.keys(doc.paths['/metrics']!.get!.responses['200']!.content)).toEqual(['text/plain; version=0.0.4; charset=utf-8']);
  });

  it('GET /docs renders one section per route with its schemas', async () => {
    const res = await f.app.inject({ url: '/docs' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['content-security-policy']).toBe("default-src 'none'; style-src 'unsafe-inline'");
    const html = res.body;
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect((html.match(/<section id="(?!error-codes)/g) ?? []).length).toBe(ROUTES.length);
    for (const [method, url] of ROUTES) expect(html).toContain(`${method}</span> <code>${toOpenApi(url)}</code>`);
    expect(html).toContain('<h4>Request body (application/json)</h4>');
    expect(html).toContain('&quot;collection&quot;');
    expect(html).toContain('<td><code>LSN_OUT_OF_RANGE</code></td><td>400</td>');
    expect(html).not.toMatch(/<script/i);
  });
});
