import { createHash, timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ApiError } from './api-error.js';

/**
 * Who may call a route:
 * - `open`: anyone (health and readiness probes);
 * - `read`: anyone on a loopback address, token holders otherwise;
 * - `write`: token holders only (the route changes state);
 * - `write-unless-preview`: `write`, except for a body with `preview: true`,
 *   which only reads (checked once the body is parsed).
 */
export const AUTH_LEVELS = Object.freeze({ open: 'open', read: 'read', write: 'write', writeUnlessPreview: 'write-unless-preview' } as const);
/** One of {@link AUTH_LEVELS}. */
export type AuthLevel = (typeof AUTH_LEVELS)[keyof typeof AUTH_LEVELS];

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Who may call the route (default `read`). */
    auth?: AuthLevel;
  }
}

/** True for addresses only this machine can reach: 127.0.0.0/8, ::1 and `localhost`. */
export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost' || h === '::1') return true;
  const v4 = h.startsWith('::ffff:') ? h.slice(7) : h;
  return isIP(v4) === 4 && v4.startsWith('127.');
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

/** Compares two tokens in constant time (over SHA-256 digests, so lengths do not leak either). */
export function tokensMatch(given: string, expected: string): boolean {
  return timingSafeEqual(digest(given), digest(expected));
}

/** The token of an `Authorization: Bearer <token>` header, or undefined. */
export function bearerToken(header: string | string[] | undefined): string | undefined {
  if (typeof header !== 'string') return undefined;
  const m = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header);
  return m?.[1];
}

/** Options of {@link installBearerAuth}. */
export interface BearerAuthOptions {
  /** The admin token; without it every `write` route answers 401 (the API is read-only). */
  readonly token?: string;
  /** Require the token on `read` routes too (the API listens beyond loopback). */
  readonly protectReads: boolean;
}

/**
 * Checks `Authorization: Bearer <token>` before anything else runs (the
 * body is not even parsed for rejected requests). Failures are logged with
 * the reason only, never the token.
 */
export function installBearerAuth(app: FastifyInstance, opts: BearerAuthOptions): void {
  const check = (request: FastifyRequest, level: AuthLevel): void => {
    if (level === AUTH_LEVELS.open) return;
    if (level === AUTH_LEVELS.read && !opts.protectReads) return;
    if (opts.token === undefined) {
      request.log.warn({ reason: 'no-admin-token', auth: level }, 'rejected a state-changing request: the admin API has no token configured');
      throw new ApiError('UNAUTHORIZED', 'this route changes state and the server has no admin token, so the admin API is read-only; restart with --admin-token <token> (or ARGON_ADMIN_TOKEN) and send Authorization: Bearer <token>', { reason: 'no-admin-token' });
    }
    const given = bearerToken(request.headers.authorization);
    if (given === undefined) {
      request.log.warn({ reason: request.headers.authorization === undefined ? 'missing' : 'malformed', auth: level }, 'rejected a request without a valid Authorization header');
      throw new ApiError('UNAUTHORIZED', 'this route needs the admin token: send Authorization: Bearer <token>', { reason: request.headers.authorization === undefined ? 'missing' : 'malformed' });
    }
    if (!tokensMatch(given, opts.token)) {
      request.log.warn({ reason: 'wrong-token', auth: level }, 'rejected a request with a wrong admin token');
      throw new ApiError('UNAUTHORIZED', 'the admin token is wrong: send the token the server was started with (--admin-token or ARGON_ADMIN_TOKEN)', { reason: 'wrong-token' });
    }
  };
  const guard = (request: FastifyRequest, reply: FastifyReply, level: AuthLevel): void => {
    try {
      check(request, level);
    } catch (err) {
      reply.header('www-authenticate', 'Bearer realm="argon"');
      throw err;
    }
  };
  app.addHook('onRequest', async (request, reply) => {
    const level = request.routeOptions.config?.auth ?? AUTH_LEVELS.read;
    guard(request, reply, level === AUTH_LEVELS.writeUnlessPreview ? AUTH_LEVELS.read : level);
  });
  app.addHook('preHandler', async (request, reply) => {
    if (request.routeOptions.config?.auth !== AUTH_LEVELS.writeUnlessPreview) return;
    const preview = (request.body as { preview?: unknown } | undefined)?.preview === true;
    if (!preview) guard(request, reply, AUTH_LEVELS.write);
  });
}
