import { describe, expect, it } from 'vitest';
import { bearerToken, isLoopbackHost, tokensMatch } from '../../src/http/bearer-auth.js';
import { AUTH, TOKEN, expectRejected, fixture, json, seededEngine } from './admin-fixture.js';
import { buildAdminApp } from '../../src/http/admin-api.js';
import { silentLogger } from '@argon/core';

describe('bearer auth helpers', () => {
  it('tells loopback addresses from the rest', () => {
    for (const h of ['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]', '::ffff:127.0.0.1']) expect(isLoopbackHost(h), h).toBe(true);
    for (const h of ['0.0.0.0', '::', '10.0.0.5', '192.168.1.2', 'example.com', '128.0.0.1']) expect(isLoopbackHost(h), h).toBe(false);
  });

  it('compares tokens of any length without throwing', () => {
    expect(tokensMatch('abc', 'abc')).toBe(true);
    expect(tokensMatch('abc', 'abd')).toBe(false);
    expect(tokensMatch('a', 'a much longer token')).toBe(false);
    expect(tokensMatch('', 'x')).toBe(false);
  });

  it('reads Bearer headers only', () => {
    expect(bearerToken('Bearer abc')).toBe('abc');
    expect(bearerToken('bearer  abc ')).toBe('abc');
    expect(bearerToken('Basic abc')).toBeUndefined();
    expect(bearerToken('Bearer')).toBeUndefined();
    expect(bearerToken('Bearer a b')).toBeUndefined();
    expect(bearerToken(undefined)).toBeUndefined();
  });
});

describe('bearer auth on routes', () => {
  it('requires the token for every route but /health and /ready beyond loopback', async () => {
    const f = await fixture({ host: '0.0.0.0', token: TOKEN });
    try {
      for (const url of ['/api/v1/status', '/api/v1/projects', '/metrics', '/openapi.json', '/docs', '/api/v1/nothing']) {
        const err = await expectRejected(f, { url }, 401, 'UNAUTHORIZED');
        expect(err.details).toEqual({ reason: 'missing' });
      }
      await expectRejected(f, { method: 'POST', url: '/api/v1/projects/shop/branches/main/query', payload: { collection: 'orders' } }, 401, 'UNAUTHORIZED');
      await expectRejected(f, { method: 'POST', url: '/api/v1/projects/shop/branches/main/reset', payload: { lsn: 1, preview: true } }, 401, 'UNAUTHORIZED');
      expect((await f.app.inject({ url: '/api/v1/projects', headers: AUTH })).statusCode).toBe(200);
      expect((await f.app.inject({ url: '/metrics', headers: AUTH })).statusCode).toBe(200);
      expect((await f.app.inject({ url: '/health' })).statusCode).toBe(200);
      expect((await f.app.inject({ method: 'HEAD', url: '/api/v1/projects' })).statusCode).toBe(401);
      expect((await f.app.inject({ method: 'HEAD', url: '/api/v1/projects', headers: AUTH })).statusCode).toBe(200);
      expect((await f.app.inject({ method: 'HEAD', url: '/health' })).statusCode).toBe(200);
    } finally {
      await f.close();
    }
  });

  it('answers 401 with a reason and a WWW-Authenticate header, and never logs the token', async () => {
    const f = await fixture();
    try {
      const wrong = 'Bearer wrong-token-that-must-not-be-logged';
      const before = f.logs.length;
      const res = await f.app.inject({ method: 'DELETE', url: '/api/v1/projects/shop', headers: { authorization: wrong } });
      expect(res.statusCode).toBe(401);
      expect(res.headers['www-authenticate']).toBe('Bearer realm="argon"');
      expect(json(res)).toMatchObject({ error: { code: 'UNAUTHORIZED', details: { reason: 'wrong-token' } } });
      const malformed = await f.app.inject({ method: 'DELETE', url: '/api/v1/projects/shop', headers: { authorization: 'Token abc' } });
      expect(json(malformed)).toMatchObject({ error: { details: { reason: 'malformed' } } });
      await f.app.inject({ method: 'DELETE', url: '/api/v1/projects/crm', headers: AUTH });
      const lines = f.logs.slice(before);
      expect(lines.some((l) => l.includes('"reason":"wrong-token"'))).toBe(true);
      for (const l of lines) {
        expect(l).not.toContain('wrong-token-that-must-not-be-logged');
        expect(l).not.toContain(TOKEN);
        expect(l.toLowerCase()).not.toContain('authorization":"bearer');
      }
      expect(f.engine.projectNames()).toEqual(['shop']);
    } finally {
      await f.close();
    }
  });

  it('is read-only without a token on loopback', async () => {
    const f = await fixture({ token: undefined });
    try {
      expect((await f.app.inject({ url: '/api/v1/projects' })).statusCode).toBe(200);
      expect((await f.app.inject({ method: 'POST', url: '/api/v1/projects/shop/branches/main/reset', payload: { lsn: 1, preview: true } })).statusCode).toBe(200);
      const err = await expectRejected(f, { method: 'POST', url: '/api/v1/projects', headers: AUTH, payload: { name: 'crm' } }, 401, 'UNAUTHORIZED');
      expect(err.details).toEqual({ reason: 'no-admin-token' });
      expect(err.message).toMatch(/--admin-token/);
      expect(f.logs.some((l) => l.includes('the admin API has no token'))).toBe(true);
    } finally {
      await f.close();
    }
  });

  it('refuses to serve beyond loopback without a token, and refuses unusable tokens', async () => {
    const { engine, runner } = await seededEngine();
    try {
      await expect(buildAdminApp({ engine, runner, host: '0.0.0.0', logger: silentLogger })).rejects.toThrow(/refusing to serve the admin API on 0.0.0.0 without a token/);
      await expect(buildAdminApp({ engine, runner, host: '10.1.2.3', logger: silentLogger })).rejects.toMatchObject({ argonCode: 'BAD_INPUT' });
      await expect(buildAdminApp({ engine, runner, host: '127.0.0.1', logger: silentLogger, token: 'has space' })).rejects.toThrow(/at least 8 printable/);
      await expect(buildAdminApp({ engine, runner, host: '127.0.0.1', logger: silentLogger, token: 'short' })).rejects.toThrow(/at least 8 printable/);
    } finally {
      runner.close();
      await engine.close();
    }
  });
});
