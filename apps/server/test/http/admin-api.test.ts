import type { Logger } from '@argon/core';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { buildAdminApp, requestIdOf, startAdminApi, type AdminApi } from '../../src/http/admin-api.js';
import { createArgonMetrics } from '../../src/metrics/argon-metrics.js';
import { instrumentRunner } from '../../src/metrics/instrument-runner.js';
import { TOKEN, fixture, json, seededEngine } from './admin-fixture.js';
import type { IncomingMessage } from 'node:http';

describe('startAdminApi', () => {
  let api: AdminApi | undefined;
  let cleanup: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await api?.close();
    await cleanup?.();
    api = undefined;
    cleanup = undefined;
  });

  it('serves over a real socket on port 0', async () => {
    const { engine, runner } = await seededEngine();
    cleanup = async () => {
      runner.close();
      await engine.close();
    };
    api = await startAdminApi({ engine, runner, host: '127.0.0.1', port: 0, logger: pino({ level: 'silent' }), token: TOKEN });
    expect(api.host).toBe('127.0.0.1');
    expect(api.port).toBeGreaterThan(0);
    const base = `http://127.0.0.1:${api.port}`;

    const health = await fetch(`${base}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });

    const created = await fetch(`${base}/api/v1/projects/shop/branches`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json', 'x-request-id': 'socket-test-1' },
      body: JSON.stringify({ name: 'over-http', lsn: 3 }),
    });
    expect(created.status).toBe(201);
    expect(created.headers.get('x-request-id')).toBe('socket-test-1');
    expect(await created.json()).toMatchObject({ branch: { name: 'over-http', baseLsn: 3 } });

    const denied = await fetch(`${base}/api/v1/projects/shop`, { method: 'DELETE' });
    expect(denied.status).toBe(401);
    expect(await denied.json()).toMatchObject({ error: { code: 'UNAUTHORIZED' } });
    expect(engine.projectNames()).toEqual(['shop']);

    const q = await fetch(`${base}/api/v1/projects/shop/branches/over-http/query`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ collection: 'orders' }) });
    expect(await q.json()).toEqual({ lsn: 3, documents: [{ _id: 1, item: 'apple', qty: 5 }, { _id: 2, item: 'pear', qty: 1 }] });

    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toContain('argon_commands_total{command="find",outcome="ok"} 1');

    await api.close();
    await api.close();
    await expect(fetch(`${base}/health`)).rejects.toThrow();
    api = undefined;
  });

  it('refuses to start beyond loopback without a token', async () => {
    const { engine, runner } = await seededEngine();
    cleanup = async () => {
      runner.close();
      await engine.close();
    };
    await expect(startAdminApi({ engine, runner, host: '0.0.0.0', port: 0, logger: pino({ level: 'silent' }) })).rejects.toThrow(/refusing to serve the admin API on 0\.0\.0\.0 without a token/);
  });

  it('uses shared metrics and an already instrumented runner without counting twice', async () => {
    const { engine, runner } = await seededEngine();
    cleanup = async () => {
      runner.close();
      await engine.close();
    };
    const metrics = createArgonMetrics();
    const wireRunner = instrumentRunner(runner, metrics);
    await wireRunner.execute('shop', { find: 'orders' });
    const app = await buildAdminApp({ engine, runner: wireRunner, metrics, host: '127.0.0.1', logger: pino({ level: 'silent' }), token: TOKEN });
    try {
      await app.inject({ method: 'POST', url: '/api/v1/projects/shop/branches/main/query', payload: { collection: 'orders' } });
      expect(metrics.commands.get({ command: 'find', outcome: 'ok' })).toBe(2);
      expect((await app.inject({ url: '/metrics' })).body).toContain('argon_checkpoint_pending_entries{project="shop"} 6\n');
    } finally {
      await app.close();
    }
  });
});

describe('request ids and logs', () => {
  it('puts the request id on every log line and in the response header', async () => {
    const f = await fixture();
    try {
      const res = await f.app.inject({ url: '/api/v1/projects/nope/branches', headers: { 'x-request-id': 'trace-42' } });
      expect(res.headers['x-request-id']).toBe('trace-42');
      expect(json(res)).toMatchObject({ error: { requestId: 'trace-42' } });
      const lines = f.logs.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.reqId === 'trace-42');
      expect(lines.map((l) => l.msg)).toEqual(['incoming request', expect.stringMatching(/^request rejected: project 'nope' does not exist/), 'request completed']);
      for (const l of lines) expect(l.component).toBe('admin-api');
    } finally {
      await f.close();
    }
  });

  it('redacts the Authorization header even when a custom serializer logs headers', async () => {
    const lines: string[] = [];
    const logger = pino({ serializers: { req: (r: { method: string; headers: unknown }) => ({ method: r.method, headers: r.headers }) } }, { write: (l: string) => void lines.push(l) });
    const { engine, runner } = await seededEngine();
    const app = await buildAdminApp({ engine, runner, host: '127.0.0.1', logger, token: TOKEN });
    try {
      expect((await app.inject({ url: '/api/v1/projects', headers: { authorization: `Bearer ${TOKEN}`, 'x-request-id': 'redact-1' } })).statusCode).toBe(200);
      const incoming = lines.map((l) => JSON.parse(l) as { reqId?: string; msg?: string; req?: { headers?: Record<string, unknown> } }).find((l) => l.reqId === 'redact-1' && l.msg === 'incoming request');
      expect(incoming?.req?.headers?.authorization).toBe('[redacted]');
      expect(incoming?.req?.headers?.['x-request-id']).toBe('redact-1');
      expect(lines.join('')).not.toContain(TOKEN);
    } finally {
      await app.close();
      runner.close();
      await engine.close();
    }
  });

  it('replaces malformed request ids with a UUID', () => {
    const req = (h?: string) => ({ headers: h === undefined ? {} : { 'x-request-id': h } }) as unknown as IncomingMessage;
    expect(requestIdOf(req('abc.DEF:1-2_3'))).toBe('abc.DEF:1-2_3');
    for (const bad of [undefined, '', 'has space', 'x'.repeat(129), 'new\nline']) expect(requestIdOf(req(bad))).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('adapts a core Logger: request id on each line, no headers', async () => {
    const calls: Array<{ level: string; obj: Record<string, unknown>; msg: string | undefined }> = [];
    const rec = (level: string) => (obj: unknown, msg?: string) => void calls.push({ level, obj: obj as Record<string, unknown>, msg });
    const logger: Logger = { info: rec('info'), warn: rec('warn'), error: rec('error'), debug: rec('debug') };
    const { engine, runner } = await seededEngine();
    const app = await buildAdminApp({ engine, runner, host: '127.0.0.1', logger, token: TOKEN });
    try {
      const res = await app.inject({ method: 'DELETE', url: '/api/v1/projects/shop', headers: { authorization: 'Bearer not-the-token-123', 'x-request-id': 'core-1' } });
      expect(res.statusCode).toBe(401);
      const mine = calls.filter((c) => c.obj.reqId === 'core-1');
      expect(mine.map((c) => c.msg)).toEqual(['incoming request', 'rejected a request with a wrong admin token', expect.stringMatching(/^request rejected/), 'request completed']);
      expect(mine[0]!.obj.req).toEqual({ method: 'DELETE', url: '/api/v1/projects/shop', remoteAddress: '127.0.0.1' });
      expect(mine[3]!.obj.res).toEqual({ statusCode: 401 });
      expect(JSON.stringify(calls)).not.toContain('not-the-token-123');
    } finally {
      await app.close();
      runner.close();
      await engine.close();
    }
  });
});
