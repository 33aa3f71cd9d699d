import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixture, json, type Fixture } from '../admin-fixture.js';

describe('status routes', () => {
  let f: Fixture;
  beforeEach(async () => {
    f = await fixture({ connections: () => 2, dataDir: '/var/lib/argon' });
  });
  afterEach(async () => {
    await f.close();
  });

  it('GET /api/v1/status reports storage, recovery, projects and the server', async () => {
    const res = await f.app.inject({ url: '/api/v1/status' });
    expect(res.statusCode).toBe(200);
    const s = json<{ storage: Record<string, unknown>; recovery: Record<string, unknown>; projects: Array<Record<string, unknown>>; server: Record<string, unknown> }>(res);
    expect(s.storage).toMatchObject({ kind: 'memory', location: 'memory', entries: 6, dataDir: '/var/lib/argon' });
    expect(s.recovery).toMatchObject({ projects: 0, checkpointLsn: null });
    expect(s.projects).toEqual([
      expect.objectContaining({ name: 'shop', branches: 2, lastLsn: 6, branches_detail: [expect.objectContaining({ name: 'main' }), expect.objectContaining({ name: 'feature', parent: 'main' })] }),
    ]);
    expect(s.server).toMatchObject({ pid: process.pid, connections: 2 });
  });
});
