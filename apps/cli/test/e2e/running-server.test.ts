/**
 * End to end with a running server: `argon serve` as a child process, and
 * CLI commands against the same data directory, which must go through the
 * server's admin API (the server holds the directory's writer lock).
 */
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCli, removeBuild, runCli, startServer, tempDir, type RunResult, type ServerChild } from './cli-harness.js';

interface Order {
  _id: number;
  qty: number;
}

let bin: string;
let dir: string;
let server: ServerChild;
let mongo: MongoClient;

const argon = (...args: string[]): Promise<RunResult> => runCli(bin, ['--data-dir', dir, ...args]);
const requests = (method: string, url: string): number =>
  server
    .log()
    .split('\n')
    .filter((l) => l.includes('"incoming request"') && l.includes(`"method":"${method}"`) && l.includes(`"url":"${url}`)).length;

beforeAll(async () => {
  bin = buildCli();
  dir = tempDir('server');
  server = await startServer(bin, dir);
  mongo = await new MongoClient(`mongodb://127.0.0.1:${server.info.wire.port}/?directConnection=true`).connect();
});

afterAll(async () => {
  await mongo?.close();
  if (server) await server.stop();
  removeBuild(bin);
  rmSync(dir, { recursive: true, force: true });
});

describe('with argon serve running', () => {
  it('creates a project through the admin API (token from server.json)', async () => {
    const before = requests('POST', '/api/v1/projects');
    const r = await argon('projects', 'create', 'shop');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('created project shop');
    expect(requests('POST', '/api/v1/projects')).toBe(before + 1);
  });

  it('creates a branch that MongoDB clients see at once on the wire port', async () => {
    await mongo.db('shop').collection<Order>('orders').insertMany([
      { _id: 1, qty: 5 },
      { _id: 2, qty: 1 },
    ]);
    const r = await argon('branches', 'create', 'feature', '--project', 'shop');
    expect(r.code).toBe(0);
    expect(requests('POST', '/api/v1/projects/shop/branches')).toBe(1);
    // `@` in the path is written %40 in a URI (a bare `@` would start the host part).
    const onBranch = await MongoClient.connect(`mongodb://127.0.0.1:${server.info.wire.port}/shop%40feature?directConnection=true`);
    try {
      const coll = onBranch.db().collection<Order>('orders');
      expect(await coll.find({}).sort({ _id: 1 }).toArray()).toEqual([
        { _id: 1, qty: 5 },
        { _id: 2, qty: 1 },
      ]);
      await coll.updateOne({ _id: 1 }, { $set: { qty: 50 } });
    } finally {
      await onBranch.close();
    }
    // The CLI reads what the server just wrote.
    const log = (await argon('log', '--branch', 'feature', '--limit', '1', '--json')).json<{ entries: Array<{ branch: string; op: string; _id: unknown }> }>();
    expect(log.entries[0]).toMatchObject({ branch: 'feature', op: 'update', _id: 1 });
    expect(requests('GET', '/api/v1/projects/shop/log')).toBeGreaterThanOrEqual(1);
    const tree = await argon('branches', 'list');
    expect(tree.stdout).toMatch(/└─ feature\s+\d+\s+\d+\s/);
  });

  it('reports the server in status', async () => {
    const r = await argon('status', '--json');
    expect(r.code).toBe(0);
    const s = r.json<{ via: string; server: { pid: number }; projects: Array<{ name: string }> }>();
    expect(s.server.pid).toBe(server.info.pid);
    expect(s.via).toBe(`server ${server.info.http.url} (pid ${server.info.pid})`);
    expect(s.projects.map((p) => p.name)).toEqual(['shop']);
    expect(requests('GET', '/api/v1/status')).toBeGreaterThanOrEqual(1);
  });

  it('resets and restores through the server, which keeps the directory', async () => {
    // An hour ago nothing existed yet: a reset would remove both documents.
    const preview = (await argon('restore', 'preview', '--branch', 'feature', '--time', '1 hour ago', '--json')).json<{ toLsn: number; removed: Array<{ _id: unknown }> }>();
    expect(preview.toLsn).toBe(0);
    expect(preview.removed.map((d) => d._id).sort()).toEqual([1, 2]);
    const r = await argon('restore', 'branch', '--branch', 'feature', '--time', 'now', '--as', 'snapshot');
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^resolved "now" to \d{4}-\d{2}-\d{2}T/);
    const snap = await mongo.db('shop@snapshot').collection<Order>('orders').findOne({ _id: 1 });
    expect(snap).toEqual({ _id: 1, qty: 50 });
  });

  it('reads the WAL files while the server runs', async () => {
    const r = await argon('wal', 'verify');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^ok /);
    expect(r.stdout).toContain(`writer lock: pid ${server.info.pid}`);
  });

  it('refuses a change through --server without a token, and changes nothing', async () => {
    const other = tempDir('no-server-json');
    try {
      const r = await runCli(bin, ['--server', server.info.http.url, '--data-dir', other, 'branches', 'create', 'sneaky', '--project', 'shop']);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`needs its admin token: pass --token <token> or set ARGON_TOKEN`);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      const wrong = await runCli(bin, ['--server', server.info.http.url, '--data-dir', other, '--token', 'wrong', 'branches', 'create', 'sneaky', '--project', 'shop', '--json']);
      expect(wrong.code).toBe(1);
      expect(wrong.json<{ error: { code: string; message: string } }>().error).toMatchObject({ code: 'UNAUTHORIZED' });
      expect(server.log()).toContain('"reason":"wrong-token"');
      const list = (await runCli(bin, ['--server', server.info.http.url, '--data-dir', other, 'branches', 'list', '--project', 'shop', '--json'])).json<{ branches: Array<{ name: string }> }>();
      expect(list.branches.map((b) => b.name)).not.toContain('sneaky');
      // With the token (here from ARGON_TOKEN) the same command works.
      const ok = await runCli(bin, ['--server', server.info.http.url, '--data-dir', other, 'branches', 'create', 'allowed', '--project', 'shop'], { env: { ARGON_TOKEN: server.info.http.token } });
      expect(ok.code).toBe(0);
      expect(existsSync(join(other, 'server.json'))).toBe(false);
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });

  it('passes the server\'s error codes through', async () => {
    const r = await argon('branches', 'info', 'featur', '--json');
    expect(r.code).toBe(1);
    expect(r.json<{ error: { code: string; message: string; hint: string } }>().error).toMatchObject({
      code: 'BRANCH_NOT_FOUND',
      hint: 'run `argon branches list --project shop` to see the branches',
    });
    const lsn = await argon('time-travel', 'query', '--collection', 'orders', '--lsn', '999999');
    expect(lsn.code).toBe(1);
    expect(lsn.stderr).toContain('LSN 999999 is beyond the head');
  });

  it('names an unreachable server', async () => {
    const r = await runCli(bin, ['--server', 'http://127.0.0.1:1', 'status']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('cannot reach the Argon server at http://127.0.0.1:1');
  });

  it('stops cleanly on SIGTERM and removes server.json; the CLI then opens the directory itself', async () => {
    const code = await server.stop();
    expect(code).toBe(0);
    expect(existsSync(join(dir, 'server.json'))).toBe(false);
    const r = await argon('status');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/via\s+data directory .* \(read-only\)/);
    const w = await argon('branches', 'create', 'after-stop', '--project', 'shop');
    expect(w.code).toBe(0);
  });
});
