import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { expectRejected, fixture, json, type Fixture } from '../admin-fixture.js';

type Entries = { entries: Array<{ lsn: number; branch: string; collection: string }> };

describe('log routes', () => {
  let f: Fixture;
  beforeEach(async () => {
    f = await fixture();
    await f.runner.execute('shop@feature', { insert: 'orders', documents: [{ _id: 9 }] });
  });
  afterEach(async () => {
    await f.close();
  });

  it('GET log lists every branch newest first with branch names', async () => {
    const res = await f.app.inject({ url: '/api/v1/projects/shop/log' });
    expect(res.statusCode).toBe(200);
    const body = json<Entries>(res);
    expect(body.entries.map((e) => [e.lsn, e.branch])).toEqual([
      [7, 'feature'],
      [6, 'main'],
      [5, 'main'],
      [4, 'main'],
      [3, 'main'],
      [2, 'main'],
      [1, 'main'],
    ]);
  });

  it('filters by branch and collection, and limits', async () => {
    const body = json<Entries>(await f.app.inject({ url: '/api/v1/projects/shop/log?branch=feature&collection=orders&limit=3' }));
    expect(body.entries.map((e) => [e.lsn, e.branch, e.collection])).toEqual([
      [7, 'feature', 'orders'],
      [4, 'main', 'orders'],
      [3, 'main', 'orders'],
    ]);
  });

  it('rejects bad log requests', async () => {
    const lim = await expectRejected(f, { url: '/api/v1/projects/shop/log?limit=0' }, 400, 'VALIDATION_FAILED');
    expect(lim.message).toMatch(/^querystring\/limit must be >= 1/);
    await expectRejected(f, { url: '/api/v1/projects/shop/log?limit=ten' }, 400, 'VALIDATION_FAILED');
    await expectRejected(f, { url: '/api/v1/projects/shop/log?colection=orders' }, 400, 'VALIDATION_FAILED');
    await expectRejected(f, { url: '/api/v1/projects/shop/log?branch=nope' }, 404, 'BRANCH_NOT_FOUND');
    await expectRejected(f, { url: '/api/v1/projects/shop/log?branch=n%20pe' }, 400, 'INVALID_NAME');
    await expectRejected(f, { url: '/api/v1/projects/nope/log' }, 404, 'PROJECT_NOT_FOUND');
  });
});
