import { describe, expect, it } from 'vitest';
import { RemoteAdmin } from '../src/remote-admin.js';

interface Seen {
  url: string;
  method: string;
  headers: Record<string, string>;
  body?: unknown;
}

function fakeFetch(reply: (req: Seen) => { status: number; body?: unknown }, seen: Seen[] = []): typeof fetch {
  return (async (input: string | URL | Request, init?: RequestInit) => {
    const req: Seen = {
      url: String(input),
      method: init?.method ?? 'GET',
      headers: (init?.headers as Record<string, string>) ?? {},
      ...(init?.body !== undefined ? { body: JSON.parse(String(init.body)) } : {}),
    };
    seen.push(req);
    const r = reply(req);
    return new Response(r.body === undefined ? '' : JSON.stringify(r.body), { status: r.status, headers: { 'content-type': 'application/json' } });
  }) as typeof fetch;
}

describe('RemoteAdmin', () => {
  it('maps operations to /api/v1 routes with the bearer token', async () => {
    const seen: Seen[] = [];
    const admin = new RemoteAdmin({ url: 'http://127.0.0.1:9/api/v1/', token: 't0k', fetch: fakeFetch(() => ({ status: 200, body: { branches: [{ name: 'main' }] } }), seen) });
    expect(admin.url).toBe('http://127.0.0.1:9');
    const list = await admin.listBranches('shop', { includeDeleted: true });
    expect(list).toEqual([{ name: 'main' }]);
    expect(seen[0]).toMatchObject({ url: 'http://127.0.0.1:9/api/v1/projects/shop/branches?includeDeleted=true', method: 'GET' });
    expect(seen[0]!.headers.authorization).toBe('Bearer t0k');

    await admin.resetBranch('shop', 'main', { lsn: 3, backup: 'bk' });
    expect(seen[1]).toMatchObject({ url: 'http://127.0.0.1:9/api/v1/projects/shop/branches/main/reset', method: 'POST', body: { lsn: 3, backup: 'bk' } });

    await admin.resetPreview('shop', 'main', { time: '2026-11-21T10:00:00.000Z' });
    expect(seen[2]!.body).toEqual({ time: '2026-11-21T10:00:00.000Z', preview: true });

    await admin.history('shop', 'feature', 'orders', { $oid: '65a1b2c3d4e5f6a7b8c9d0e1' });
    expect(seen[3]!.url).toBe(`http://127.0.0.1:9/api/v1/projects/shop/branches/feature/history/orders/${encodeURIComponent('{"$oid":"65a1b2c3d4e5f6a7b8c9d0e1"}')}`);

    await admin.log('shop', { branch: 'main', limit: 5 });
    expect(seen[4]!.url).toBe('http://127.0.0.1:9/api/v1/projects/shop/log?branch=main&limit=5');

    await admin.diff('shop@main', 'shop@feature@12', 'orders');
    expect(seen[5]!.url).toBe('http://127.0.0.1:9/api/v1/projects/shop/diff?from=shop%40main&to=shop%40feature%4012&collection=orders');
  });

  it('turns {error: {code, message}} answers into errors with that code and message', async () => {
    const admin = new RemoteAdmin({
      url: 'http://127.0.0.1:9',
      fetch: fakeFetch(() => ({ status: 404, body: { error: { code: 'BRANCH_NOT_FOUND', message: "branch 'featur' does not exist", details: { project: 'shop', branch: 'featur' } } } })),
    });
    await expect(admin.getBranch('shop', 'featur')).rejects.toMatchObject({
      code: 'BRANCH_NOT_FOUND',
      message: "branch 'featur' does not exist",
      details: { project: 'shop', branch: 'featur' },
      isUserError: true,
      status: 404,
    });
  });

  it('treats 5xx answers as internal errors', async () => {
    const admin = new RemoteAdmin({ url: 'http://127.0.0.1:9', fetch: fakeFetch(() => ({ status: 500, body: { error: { code: 'INTERNAL', message: 'boom' } } })) });
    await expect(admin.status()).rejects.toMatchObject({ code: 'INTERNAL', isUserError: false });
  });

  it('refuses to send a mutating request without a token, before contacting the server', async () => {
    const seen: Seen[] = [];
    const admin = new RemoteAdmin({ url: 'http://127.0.0.1:9', fetch: fakeFetch(() => ({ status: 200, body: {} }), seen) });
    await expect(admin.createBranch('shop', { name: 'x' })).rejects.toMatchObject({ code: 'NO_TOKEN', isUserError: true });
    await expect(admin.deleteProject('shop')).rejects.toThrow(/--token <token> or set ARGON_TOKEN/);
    expect(seen).toHaveLength(0);
    // Reads need no token.
    await admin.timeRange('shop', 'main');
    expect(seen).toHaveLength(1);
  });

  it('explains a rejected token', async () => {
    const admin = new RemoteAdmin({ url: 'http://127.0.0.1:9', token: 'bad', tokenSource: 'ARGON_TOKEN', fetch: fakeFetch(() => ({ status: 401, body: { error: { code: 'UNAUTHORIZED', message: 'bad token' } } })) });
    await expect(admin.createProject('x')).rejects.toMatchObject({ code: 'UNAUTHORIZED', isUserError: true });
    await expect(admin.createProject('x')).rejects.toThrow(/rejected the admin token from ARGON_TOKEN/);
  });

  it('reports an unreachable server with the fix', async () => {
    const admin = new RemoteAdmin({ url: 'http://127.0.0.1:1' });
    await expect(admin.status()).rejects.toMatchObject({ code: 'SERVER_UNREACHABLE', isUserError: true });
    await expect(admin.status()).rejects.toThrow(/cannot reach the Argon server at http:\/\/127\.0\.0\.1:1/);
  });

  it('rejects a non-HTTP server URL', () => {
    expect(() => new RemoteAdmin({ url: 'mongodb://127.0.0.1:27018' })).toThrow(/the admin API is HTTP/);
    expect(() => new RemoteAdmin({ url: 'not a url' })).toThrow(/invalid --server URL/);
  });
});
