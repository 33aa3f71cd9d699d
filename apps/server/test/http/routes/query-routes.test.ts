import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseIdText } from '../../../src/http/routes/query-routes.js';
import { T0, USER_ID, expectRejected, fixture, json, type Fixture } from '../admin-fixture.js';

const Q = '/api/v1/projects/shop/branches/main/query';
const H = '/api/v1/projects/shop/branches/main/history';

describe('query routes', () => {
  let f: Fixture;
  beforeEach(async () => {
    f = await fixture();
  });
  afterEach(async () => {
    await f.close();
  });

  describe('POST query', () => {
    it('reads the head without a token on loopback', async () => {
      const res = await f.app.inject({ method: 'POST', url: Q, payload: { collection: 'orders', filter: { qty: { $gt: 2 } } } });
      expect(res.statusCode).toBe(200);
      expect(json(res)).toEqual({ lsn: 6, documents: [{ _id: 1, item: 'apple', qty: 6 }] });
    });

    it('reads as of an LSN or a time, with sort, projection and limit', async () => {
      const atLsn = await f.app.inject({ method: 'POST', url: Q, payload: { collection: 'orders', lsn: 3, sort: { _id: -1 }, projection: { qty: 1 }, limit: 1 } });
      expect(json(atLsn)).toEqual({ lsn: 3, documents: [{ _id: 2, qty: 1 }] });
      const atTime = await f.app.inject({ method: 'POST', url: Q, payload: { collection: 'orders', time: new Date(T0 + 2000).toISOString(), filter: { _id: 1 } } });
      expect(json(atTime)).toEqual({ lsn: 3, documents: [{ _id: 1, item: 'apple', qty: 5 }] });
    });

    it('takes Extended JSON in filters and returns Extended JSON', async () => {
      const res = await f.app.inject({ method: 'POST', url: Q, payload: { collection: 'users', filter: { _id: { $oid: USER_ID } } } });
      expect(json(res)).toEqual({ lsn: 6, documents: [{ _id: { $oid: USER_ID }, name: 'ann' }] });
    });

    it('reads another branch', async () => {
      const res = await f.app.inject({ method: 'POST', url: '/api/v1/projects/shop/branches/feature/query', payload: { collection: 'users' } });
      expect(json(res)).toEqual({ lsn: 4, documents: [] });
    });

    it('rejects bad queries', async () => {
      await expectRejected(f, { method: 'POST', url: Q, payload: { collection: 'orders', lsn: 7 } }, 400, 'LSN_OUT_OF_RANGE');
      await expectRejected(f, { method: 'POST', url: Q, headers: { 'content-type': 'application/json' }, payload: '{"collection": "orders", "filter": {"qty": }' }, 400, 'MALFORMED_JSON');
      const notObj = await expectRejected(f, { method: 'POST', url: Q, payload: { collection: 'orders', filter: '{"qty": 1}' } }, 400, 'VALIDATION_FAILED');
      expect(notObj.message).toMatch(/^body\/filter must be object/);
      const ejson = await expectRejected(f, { method: 'POST', url: Q, payload: { collection: 'orders', filter: { _id: { $oid: 'xyz' } } } }, 400, 'BAD_INPUT');
      expect(ejson.details).toMatchObject({ field: 'filter' });
      await expectRejected(f, { method: 'POST', url: Q, payload: { collection: 'orders', filter: { qty: { $nope: 1 } } } }, 400, 'QUERY_ERROR');
      await expectRejected(f, { method: 'POST', url: Q, payload: { collection: 'orders', limit: 10_001 } }, 400, 'VALIDATION_FAILED');
      await expectRejected(f, { method: 'POST', url: Q, payload: { filter: {} } }, 400, 'VALIDATION_FAILED');
      await expectRejected(f, { method: 'POST', url: Q, payload: { collection: 'orders', lsn: 1, time: '2026-01-01T00:00:00Z' } }, 400, 'BAD_INPUT');
      await expectRejected(f, { method: 'POST', url: '/api/v1/projects/nope/branches/main/query', payload: { collection: 'orders' } }, 404, 'PROJECT_NOT_FOUND');
      await expectRejected(f, { method: 'POST', url: '/api/v1/projects/shop/branches/nope/query', payload: { collection: 'orders' } }, 404, 'BRANCH_NOT_FOUND');
      await expectRejected(f, { method: 'POST', url: '/api/v1/projects/shop/branches/n%24pe/query', payload: { collection: 'orders' } }, 400, 'INVALID_NAME');
    });

    it('leaves no cursor open', async () => {
      await f.runner.execute('shop', { insert: 'many', documents: Array.from({ length: 300 }, (_, i) => ({ _id: i })) });
      const res = await f.app.inject({ method: 'POST', url: Q, payload: { collection: 'many', limit: 250 } });
      expect(json<{ documents: unknown[] }>(res).documents).toHaveLength(250);
      expect(f.runner.cursors.size).toBe(0);
    });
  });

  describe('GET history', () => {
    it('takes numeric, ObjectId and string ids', async () => {
      const num = json<{ versions: Array<{ lsn: number; op: string }> }>(await f.app.inject({ url: `${H}/orders/1` }));
      expect(num.versions.map((v) => [v.lsn, v.op])).toEqual([
        [2, 'insert'],
        [4, 'update'],
      ]);
      const oid = json<{ versions: Array<{ doc: unknown }> }>(await f.app.inject({ url: `${H}/users/${encodeURIComponent(JSON.stringify({ $oid: USER_ID }))}` }));
      expect(oid.versions).toEqual([{ lsn: 6, time: new Date(T0 + 4000).toISOString(), op: 'insert', doc: { _id: { $oid: USER_ID }, name: 'ann' } }]);
      await f.runner.execute('shop', { insert: 'tags', documents: [{ _id: 'red' }, { _id: '7' }] });
      expect(json<{ versions: unknown[] }>(await f.app.inject({ url: `${H}/tags/red` })).versions).toHaveLength(1);
      expect(json<{ versions: unknown[] }>(await f.app.inject({ url: `${H}/tags/${encodeURIComponent('"7"')}` })).versions).toHaveLength(1);
      expect(json<{ versions: unknown[] }>(await f.app.inject({ url: `${H}/tags/7` })).versions).toHaveLength(0);
    });

    it('rejects bad history requests', async () => {
      await expectRejected(f, { url: `${H}/users/${encodeURIComponent('{"$oid":"bad"}')}` }, 400, 'BAD_INPUT');
      await expectRejected(f, { url: '/api/v1/projects/shop/branches/nope/history/orders/1' }, 404, 'BRANCH_NOT_FOUND');
      await expectRejected(f, { url: '/api/v1/projects/nope/branches/main/history/orders/1' }, 404, 'PROJECT_NOT_FOUND');
      await expectRejected(f, { url: `${H}/%24bad/1` }, 400, 'BAD_INPUT');
    });
  });

  it('parses id text as JSON, else as a string', () => {
    expect(parseIdText('1')).toBe(1);
    expect(parseIdText('"1"')).toBe('1');
    expect(parseIdText('abc')).toBe('abc');
    expect(parseIdText('{"$oid":"x"}')).toEqual({ $oid: 'x' });
  });
});
