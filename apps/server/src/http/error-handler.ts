import { ArgonError, ARGON_CODES } from '@argon/core';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ApiError, type ErrorBody } from './api-error.js';
import { httpStatusOf, type ApiErrorCode } from './error-codes.js';

/** A validation problem as Ajv reports it (the fields this module reads). */
interface SchemaProblem {
  readonly instancePath?: string;
  readonly keyword?: string;
  readonly message?: string;
  readonly params?: Record<string, unknown>;
}

/** The field a problem is about: `body/lsn`, `querystring/limit`, `body/extra` (for an unknown field). */
export function problemField(part: string, p: SchemaProblem): string {
  const path = `${part}${p.instancePath ?? ''}`;
  if (p.keyword === 'additionalProperties' && typeof p.params?.additionalProperty === 'string') return `${path}/${p.params.additionalProperty}`;
  if (p.keyword === 'required' && typeof p.params?.missingProperty === 'string') return `${path}/${p.params.missingProperty}`;
  return path;
}

/** Renders one Ajv problem so that it names the field: `body/lsn must be integer`. */
export function describeProblem(part: string, p: SchemaProblem): string {
  const field = problemField(part, p);
  if (p.keyword === 'additionalProperties') return `${field} is not allowed (unknown field)`;
  if (p.keyword === 'required') return `${field} is required`;
  return `${field} ${p.message ?? 'is invalid'}`;
}

/** Formats schema errors for fastify's `schemaErrorFormatter`. */
export function formatSchemaErrors(errors: readonly SchemaProblem[], part: string): Error {
  return new Error(errors.map((e) => describeProblem(part, e)).join(', '));
}

/** Maps any error thrown while serving a request to `{status, code, message, details}`. */
export function classifyError(err: unknown): { status: number; code: ApiErrorCode; message: string; details: Record<string, unknown>; internal: boolean } {
  if (err instanceof ArgonError) {
    const status = httpStatusOf(err.argonCode);
    return { status, code: err.argonCode, message: err.message, details: { ...(err.details ?? {}), mongoCode: err.code, codeName: err.codeName }, internal: status >= 500 };
  }
  if (err instanceof ApiError) return { status: err.statusCode, code: err.code, message: err.message, details: err.details, internal: false };
  const fe = err as Partial<FastifyError> & { validation?: SchemaProblem[]; validationContext?: string };
  if (Array.isArray(fe.validation)) {
    const part = fe.validationContext ?? 'request';
    return {
      status: 400,
      code: 'VALIDATION_FAILED',
      message: `${fe.message ?? 'invalid request'}; see GET /openapi.json for the schema`,
      details: { part, problems: fe.validation.map((p) => ({ field: problemField(part, p), keyword: p.keyword, message: describeProblem(part, p) })) },
      internal: false,
    };
  }
  switch (fe.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return { status: 400, code: 'MALFORMED_JSON', message: `the request body is not valid JSON: ${fe.message ?? ''}`.trim(), details: {}, internal: false };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return { status: 415, code: 'UNSUPPORTED_MEDIA_TYPE', message: 'send the body as JSON with Content-Type: application/json', details: {}, internal: false };
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { status: 413, code: 'PAYLOAD_TOO_LARGE', message: 'the request body is too large (limit 1 MiB)', details: {}, internal: false };
  }
  if (err instanceof SyntaxError) {
    return { status: 400, code: 'MALFORMED_JSON', message: `the request body is not valid JSON: ${err.message}`, details: {}, internal: false };
  }
  if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    return { status: fe.statusCode, code: 'BAD_REQUEST', message: fe.message ?? 'bad request', details: fe.code ? { fastifyCode: fe.code } : {}, internal: false };
  }
  return { status: 500, code: ARGON_CODES.INTERNAL, message: 'internal error; the server log has the details under this request id', details: {}, internal: true };
}

/** The error body for a request. */
export function errorBody(request: FastifyRequest, code: ApiErrorCode, message: string, details: Record<string, unknown>): ErrorBody {
  return { error: { code, message, details, requestId: request.id } };
}

function send(request: FastifyRequest, reply: FastifyReply, err: unknown): FastifyReply {
  const c = classifyError(err);
  if (c.internal) request.log.error({ err }, `request failed: ${c.message}`);
  else request.log.info({ code: c.code, status: c.status }, `request rejected: ${c.message}`);
  return reply.code(c.status).type('application/json; charset=utf-8').send(errorBody(request, c.code, c.message, c.details));
}

/** Installs the one error format on every error and on unknown routes. */
export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err, request, reply) => send(request, reply, err));
  app.setNotFoundHandler((request, reply) =>
    send(request, reply, new ApiError('NOT_FOUND_ROUTE', `no route ${request.method} ${request.url.split('?')[0] ?? ''}; the API lives under /api/v1 (see GET /openapi.json or /docs)`, { method: request.method })),
  );
}
