import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AUTH, expectRejected, fixture, json, type Fixture } from '../admin-fixture.js';

describe('project routes', () => {
  let f: Fixture;
  beforeEach(async () => {
    f = await fixture();
  });
  afterEach(async () => {
    await f.close();
  });

  it('GET /api/v1/projects lists projects', async () => {
    const res = await f.app.inject({ method: 'GET', url: '/api/v1/projects' });
    expect(res.statusCode).toBe(200);
    expect(json(res)).toEqual({ projects: [{ name: 'shop', createdAt: '2026-01-01T00:00:01.000Z', branches: 2, lastLsn: 6 }] });
  });

  it('POST /api/v1/projects creates a project', async () => {
    const res = await f.app.inject({ method: 'POST', url: '/api/v1/projects', headers: AUTH, payload: { name: 'crm' } });
    expect(res.statusCode).toBe(201);
    expect(json(res)).toMatchObject({ project: { name: 'crm', branches: 1, lastLsn: 0 } });
    expect(f.engine.projectNames()).toEqual(['crm', 'shop']);
  });

  it('rejects bad creations without changing anything', async () => {
    await expectRejected(f, { method: 'POST', url: '/api/v1/projects', payload: { name: 'crm' } }, 401, 'UNAUTHORIZED');
    await expectRejected(f, { method: 'POST', url: '/api/v1/projects', headers: { authorization: 'Bearer nope-nope-nope' }, payload: { name: 'crm' } }, 401, 'UNAUTHORIZED');
    const invalid = await expectRejected(f, { method: 'POST', url: '/api/v1/projects', headers: AUTH, payload: { name: 'bad name' } }, 400, 'INVALID_NAME');
    expect(invalid.details).toMatchObject({ field: 'project', value: 'bad name' });
    await expectRejected(f, { method: 'POST', url: '/api/v1/projects', headers: AUTH, payload: { name: 'shop' } }, 409, 'PROJECT_EXISTS');
    const missing = await expectRejected(f, { method: 'POST', url: '/api/v1/projects', headers: AUTH, payload: {} }, 400, 'VALIDATION_FAILED');
    expect(missing.message).toMatch(/^body\/name is required/);
    const typed = await expectRejected(f, { method: 'POST', url: '/api/v1/projects', headers: AUTH, payload: { name: 5 } }, 400, 'VALIDATION_FAILED');
    expect(typed.message).toMatch(/^body\/name must be string/);
    const extra = await expectRejected(f, { method: 'POST', url: '/api/v1/projects', headers: AUTH, payload: { name: 'crm', nmae: 'x' } }, 400, 'VALIDATION_FAILED');
    expect(extra.message).toMatch(/^body\/nmae is not allowed/);
    expect(extra.details).toMatchObject({ part: 'body', problems: [{ field: 'body/nmae', keyword: 'additionalProperties' }] });
    await expectRejected(f, { method: 'POST', url: '/api/v1/projects', headers: { ...AUTH, 'content-type': 'application/json' }, payload: '{"name": "crm"' }, 400, 'MALFORMED_JSON');
    await expectRejected(f, { method: 'POST', url: '/api/v1/projects', headers: { ...AUTH, 'content-type': 'text/plain' }, payload: 'crm' }, 415, 'UNSUPPORTED_MEDIA_TYPE');
    await expectRejected(f, { method: 'POST', url: '/api/v1/projects', headers: { ...AUTH, 'content-type': 'application/json' }, payload: `{"name": "${'x'.repeat(1024 * 1024 + 10)}"}` }, 413, 'PAYLOAD_TOO_LARGE');
  });

  it('DELETE /api/v1/projects/:project deletes a project', async () => {
    const res = await f.app.inject({ method: 'DELETE', url: '/api/v1/projects/shop', headers: AUTH });
    expect(res.statusCode).toBe(200);
    expect(json(res)).toEqual({ project: { name: 'shop', deleted: true } });
    expect(f.engine.projectNames()).toEqual([]);
  });

  it('rejects bad deletions without changing anything', async () => {
    await expectRejected(f, { method: 'DELETE', url: '/api/v1/projects/shop' }, 401, 'UNAUTHORIZED');
    await expectRejected(f, { method: 'DELETE', url: '/api/v1/projects/nope', headers: AUTH }, 404, 'PROJECT_NOT_FOUND');
    await expectRejected(f, { method: 'DELETE', url: '/api/v1/projects/b%40d', headers: AUTH }, 400, 'INVALID_NAME');
  });
});
