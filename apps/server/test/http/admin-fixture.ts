import { ArgonEngine, CommandRunner, MemoryStore } from '@argon/core';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { ObjectId } from 'bson';
import { pino } from 'pino';
import { expect } from 'vitest';
import { buildAdminApp, type AdminApiOptions } from '../../src/http/admin-api.js';

/** The token the fixture apps use. */
export const TOKEN = 'test-admin-token-0123456789';
/** `Authorization` header with the fixture token. */
export const AUTH = Object.freeze({ authorization: `Bearer ${TOKEN}` });
/** The ObjectId of the seeded user. */
export const USER_ID = '65f0c1a2b3c4d5e6f7a8b9c0';
/** Commit time of the first seeded write (the clock ticks one second per call). */
export const T0 = Date.parse('2026-01-01T00:00:00Z');

/** A seeded engine, its runner and a fastify app on top, with captured log lines. */
export interface Fixture {
  readonly engine: ArgonEngine;
  readonly runner: CommandRunner;
  readonly app: FastifyInstance;
  readonly logs: string[];
  close(): Promise<void>;
}

/**
 * Project `shop`, branch main:
 * - LSN 1 createCollection orders, 2 insert {_id: 1, item: apple, qty: 5}, 3 insert {_id: 2, item: pear, qty: 1}
 * - LSN 4 update _id 1 → qty 6
 * - LSN 5 createCollection users, 6 insert {_id: ObjectId(USER_ID), name: ann}
 * Branch `feature` forked from main at LSN 4.
 */
export async function seededEngine(): Promise<{ engine: ArgonEngine; runner: CommandRunner }> {
  let now = T0;
  const engine = await ArgonEngine.open({ storage: new MemoryStore(), clock: () => (now += 1000) });
  const runner = new CommandRunner(engine);
  await runner.execute('shop', { insert: 'orders', documents: [{ _id: 1, item: 'apple', qty: 5 }, { _id: 2, item: 'pear', qty: 1 }] });
  await runner.execute('shop', { update: 'orders', updates: [{ q: { _id: 1 }, u: { $inc: { qty: 1 } } }] });
  await runner.execute('shop', { insert: 'users', documents: [{ _id: new ObjectId(USER_ID), name: 'ann' }] });
  await engine.createBranch('shop', 'feature', { lsn: 4 });
  return { engine, runner };
}

/** A seeded engine with an app (`token` and `host` overridable). */
export async function fixture(overrides: Partial<Omit<AdminApiOptions, 'engine' | 'runner' | 'logger'>> = {}): Promise<Fixture> {
  const { engine, runner } = await seededEngine();
  const logs: string[] = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => void logs.push(line) });
  const app = await buildAdminApp({ engine, runner, host: '127.0.0.1', logger, token: TOKEN, ...overrides });
  return {
    engine,
    runner,
    app,
    logs,
    close: async () => {
      await app.close();
      runner.close();
      await engine.close();
    },
  };
}

/** Everything a rejected request must leave alone: projects, branches (deleted ones too), heads and log size. */
export async function fingerprint(engine: ArgonEngine): Promise<string> {
  const projects = engine.listProjects();
  const branches = await Promise.all(projects.map((p) => engine.listBranches(p.name, { includeDeleted: true })));
  const storage = await engine.storage.status();
  return JSON.stringify({ projects, branches, entries: storage.entries });
}

/** The parsed JSON body of a response. */
export function json<T = Record<string, unknown>>(res: LightMyRequestResponse): T {
  return JSON.parse(res.body) as T;
}

/** Sends a request that must fail with `status` and `code` and must not change any state. */
export async function expectRejected(f: Fixture, req: InjectOptions, status: number, code: string): Promise<{ message: string; details: Record<string, unknown> }> {
  const before = await fingerprint(f.engine);
  const res = await f.app.inject(req);
  expect(res.statusCode, `${req.method ?? 'GET'} ${String(req.url)}: ${res.body}`).toBe(status);
  const body = json<{ error: { code: string; message: string; details: Record<string, unknown>; requestId: string } }>(res);
  expect(body.error.code).toBe(code);
  expect(body.error.message.length).toBeGreaterThan(10);
  expect(body.error.requestId).toBe(res.headers['x-request-id']);
  expect(await fingerprint(f.engine)).toBe(before);
  return body.error;
}
