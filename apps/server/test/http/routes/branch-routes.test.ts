import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AUTH, T0, USER_ID, expectRejected, fixture, json, type Fixture } from '../admin-fixture.js';

const B = '/api/v1/projects/shop/branches';

describe('branch routes', () => {
  let f: Fixture;
  beforeEach(async () => {
    f = await fixture();
  });
  afterEach(async () => {
    await f.close();
  });

  describe('list and get', () => {
    it('GET branches lists live branches, and deleted ones on request', async () => {
      await f.engine.deleteBranch('shop', 'feature');
      const live = json<{ branches: Array<{ name: string }> }>(await f.app.inject({ url: B }));
      expect(live.branches.map((b) => b.name)).toEqual(['main']);
      const all = json<{ branches: Array<{ name: string; deleted?: boolean }> }>(await f.app.inject({ url: `${B}?includeDeleted=true` }));
      expect(all.branches.map((b) => [b.name, b.deleted ?? false]).sort()).toEqual([
        ['feature', true],
        ['main', false],
      ]);
    });

    it('GET a branch returns it with its range', async () => {
      const res = await f.app.inject({ url: `${B}/feature` });
      expect(res.statusCode).toBe(200);
      expect(json(res)).toEqual({
        branch: {
          name: 'feature',
          parent: 'main',
          baseLsn: 4,
          headLsn: 4,
          createdAt: new Date(T0 + 5000).toISOString(),
          range: { firstLsn: 1, headLsn: 4, firstTime: new Date(T0 + 2000).toISOString(), headTime: new Date(T0 + 3000).toISOString() },
        },
      });
    });

    it('GET time-range', async () => {
      const res = await f.app.inject({ url: `${B}/main/time-range` });
      expect(json(res)).toEqual({ range: { firstLsn: 1, headLsn: 6, firstTime: new Date(T0 + 2000).toISOString(), headTime: new Date(T0 + 4000).toISOString() } });
    });

    it('rejects unknown and invalid names', async () => {
      const nf = await expectRejected(f, { url: `${B}/nope` }, 404, 'BRANCH_NOT_FOUND');
      expect(nf.message).toMatch(/branches: feature, main/);
      expect(nf.details).toMatchObject({ project: 'shop', branch: 'nope' });
      await expectRejected(f, { url: '/api/v1/projects/nope/branches' }, 404, 'PROJECT_NOT_FOUND');
      await expectRejected(f, { url: '/api/v1/projects/nope/branches/main/time-range' }, 404, 'PROJECT_NOT_FOUND');
      await expectRejected(f, { url: `${B}/no%20pe` }, 400, 'INVALID_NAME');
      await expectRejected(f, { url: `${B}/nope/time-range` }, 404, 'BRANCH_NOT_FOUND');
      const q = await expectRejected(f, { url: `${B}?includeDeleted=maybe` }, 400, 'VALIDATION_FAILED');
      expect(q.message).toMatch(/^querystring\/includeDeleted must be boolean/);
      await expectRejected(f, { url: `${B}?includeDeletd=true` }, 400, 'VALIDATION_FAILED');
    });
  });

  describe('create and delete', () => {
    it('POST branches creates at an LSN, a time, or the head of another branch', async () => {
      const atLsn = await f.app.inject({ method: 'POST', url: B, headers: AUTH, payload: { name: 'a', lsn: 2 } });
      expect(atLsn.statusCode).toBe(201);
      expect(json(atLsn)).toMatchObject({ branch: { name: 'a', parent: 'main', baseLsn: 2, headLsn: 2 } });
      const atTime = await f.app.inject({ method: 'POST', url: B, headers: AUTH, payload: { name: 'b', time: new Date(T0 + 3000).toISOString() } });
      expect(json(atTime)).toMatchObject({ branch: { name: 'b', baseLsn: 4 } });
      const fromFeature = await f.app.inject({ method: 'POST', url: B, headers: AUTH, payload: { name: 'c', from: 'feature' } });
      expect(json(fromFeature)).toMatchObject({ branch: { name: 'c', parent: 'feature', baseLsn: 4 } });
    });

    it('rejects bad creations without changing anything', async () => {
      await expectRejected(f, { method: 'POST', url: B, payload: { name: 'x' } }, 401, 'UNAUTHORIZED');
      const lsnType = await expectRejected(f, { method: 'POST', url: B, headers: AUTH, payload: { name: 'x', lsn: '2' } }, 400, 'VALIDATION_FAILED');
      expect(lsnType.message).toMatch(/^body\/lsn must be integer/);
      await expectRejected(f, { method: 'POST', url: B, headers: AUTH, payload: { name: 'x', lsn: -1 } }, 400, 'VALIDATION_FAILED');
      const beyond = await expectRejected(f, { method: 'POST', url: B, headers: AUTH, payload: { name: 'x', lsn: 99 } }, 400, 'LSN_OUT_OF_RANGE');
      expect(beyond.details).toMatchObject({ lsn: 99, headLsn: 6 });
      const time = await expectRejected(f, { method: 'POST', url: B, headers: AUTH, payload: { name: 'x', time: 'yesterday' } }, 400, 'VALIDATION_FAILED');
      expect(time.message).toMatch(/^body\/time must match format "date-time"/);
      await expectRejected(f, { method: 'POST', url: B, headers: AUTH, payload: { name: 'x', lsn: 1, time: '2026-01-01T00:00:00Z' } }, 400, 'BAD_INPUT');
      await expectRejected(f, { method: 'POST', url: B, headers: AUTH, payload: { name: 'x y' } }, 400, 'INVALID_NAME');
      await expectRejected(f, { method: 'POST', url: B, headers: AUTH, payload: { name: 'feature' } }, 409, 'BRANCH_EXISTS');
      await expectRejected(f, { method: 'POST', url: B, headers: AUTH, payload: { name: 'x', from: 'nope' } }, 404, 'BRANCH_NOT_FOUND');
      await expectRejected(f, { method: 'POST', url: '/api/v1/projects/nope/branches', headers: AUTH, payload: { name: 'x' } }, 404, 'PROJECT_NOT_FOUND');
    });

    it('DELETE a branch soft-deletes it', async () => {
      const res = await f.app.inject({ method: 'DELETE', url: `${B}/feature`, headers: AUTH });
      expect(res.statusCode).toBe(200);
      expect(json(res)).toMatchObject({ branch: { name: 'feature', deleted: true } });
      expect((await f.engine.listBranches('shop')).map((b) => b.name)).toEqual(['main']);
    });

    it('rejects bad deletions without changing anything', async () => {
      await expectRejected(f, { method: 'DELETE', url: `${B}/feature` }, 401, 'UNAUTHORIZED');
      await expectRejected(f, { method: 'DELETE', url: `${B}/main`, headers: AUTH }, 409, 'BRANCH_PROTECTED');
      await expectRejected(f, { method: 'DELETE', url: `${B}/nope`, headers: AUTH }, 404, 'BRANCH_NOT_FOUND');
    });
  });

  describe('reset', () => {
    it('previews without a token and without changing anything', async () => {
      const before = json(await f.app.inject({ url: `${B}/main` }));
      const res = await f.app.inject({ method: 'POST', url: `${B}/main/reset`, payload: { lsn: 3, preview: true } });
      expect(res.statusCode).toBe(200);
      expect(json(res)).toEqual({
        from: 'shop',
        to: 'shop@main@3',
        added: [],
        removed: [{ collection: 'users', _id: { $oid: USER_ID }, doc: { _id: { $oid: USER_ID }, name: 'ann' } }],
        changed: [{ collection: 'orders', _id: 1, fields: ['qty'] }],
        toLsn: 3,
      });
      expect(json(await f.app.inject({ url: `${B}/main` }))).toEqual(before);
    });

    it('resets with a backup', async () => {
      const res = await f.app.inject({ method: 'POST', url: `${B}/main/reset`, headers: AUTH, payload: { lsn: 3, backup: 'old-main' } });
      expect(res.statusCode).toBe(200);
      const body = json<{ branch: { headLsn: number; resets: unknown[] }; discarded: unknown; backup: { name: string; headLsn: number } }>(res);
      expect(body.branch.headLsn).toBe(3);
      expect(body.branch.resets).toHaveLength(1);
      expect(body.discarded).toEqual({ from: 4, to: 6 });
      expect(body.backup).toMatchObject({ name: 'old-main', headLsn: 6 });
      expect((await f.engine.getBranch('shop', 'main')).headLsn).toBe(3);
    });

    it('resets to a time', async () => {
      const res = await f.app.inject({ method: 'POST', url: `${B}/main/reset`, headers: AUTH, payload: { time: new Date(T0 + 2500).toISOString() } });
      expect(json(res)).toMatchObject({ branch: { headLsn: 3 }, discarded: { from: 4, to: 6 } });
    });

    it('rejects bad resets without changing anything', async () => {
      await expectRejected(f, { method: 'POST', url: `${B}/main/reset`, payload: { lsn: 3 } }, 401, 'UNAUTHORIZED');
      await expectRejected(f, { method: 'POST', url: `${B}/main/reset`, payload: { lsn: 3, preview: false } }, 401, 'UNAUTHORIZED');
      await expectRejected(f, { method: 'POST', url: `${B}/main/reset`, headers: AUTH, payload: { lsn: 7 } }, 400, 'LSN_OUT_OF_RANGE');
      await expectRejected(f, { method: 'POST', url: `${B}/main/reset`, payload: { lsn: 7, preview: true } }, 400, 'LSN_OUT_OF_RANGE');
      await expectRejected(f, { method: 'POST', url: `${B}/main/reset`, headers: AUTH, payload: {} }, 400, 'BAD_INPUT');
      await expectRejected(f, { method: 'POST', url: `${B}/main/reset`, headers: AUTH, payload: { lsn: 3, backup: 'feature' } }, 409, 'BRANCH_EXISTS');
      await expectRejected(f, { method: 'POST', url: `${B}/main/reset`, headers: AUTH, payload: { lsn: 3, backup: 'no good' } }, 400, 'INVALID_NAME');
      await expectRejected(f, { method: 'POST', url: `${B}/nope/reset`, headers: AUTH, payload: { lsn: 1 } }, 404, 'BRANCH_NOT_FOUND');
      const p = await expectRejected(f, { method: 'POST', url: `${B}/main/reset`, headers: AUTH, payload: { lsn: 1, preview: 'yes' } }, 400, 'VALIDATION_FAILED');
      expect(p.message).toMatch(/^body\/preview must be boolean/);
    });
  });

  describe('restore', () => {
    it('restores a past point as a new branch', async () => {
      const res = await f.app.inject({ method: 'POST', url: `${B}/main/restore`, headers: AUTH, payload: { lsn: 2, as: 'restored' } });
      expect(res.statusCode).toBe(201);
      expect(json(res)).toMatchObject({ branch: { name: 'restored', parent: 'main', baseLsn: 2, headLsn: 2 } });
      expect((await f.engine.getBranch('shop', 'main')).headLsn).toBe(6);
    });

    it('rejects bad restores without changing anything', async () => {
      await expectRejected(f, { method: 'POST', url: `${B}/main/restore`, payload: { lsn: 2, as: 'r' } }, 401, 'UNAUTHORIZED');
      const noAs = await expectRejected(f, { method: 'POST', url: `${B}/main/restore`, headers: AUTH, payload: { lsn: 2 } }, 400, 'VALIDATION_FAILED');
      expect(noAs.message).toMatch(/^body\/as is required/);
      await expectRejected(f, { method: 'POST', url: `${B}/main/restore`, headers: AUTH, payload: { as: 'r' } }, 400, 'BAD_INPUT');
      await expectRejected(f, { method: 'POST', url: `${B}/main/restore`, headers: AUTH, payload: { lsn: 2, as: 'feature' } }, 409, 'BRANCH_EXISTS');
      await expectRejected(f, { method: 'POST', url: `${B}/main/restore`, headers: AUTH, payload: { lsn: 99, as: 'r' } }, 400, 'LSN_OUT_OF_RANGE');
      await expectRejected(f, { method: 'POST', url: `${B}/main/restore`, headers: AUTH, payload: { lsn: 2, as: '../x' } }, 400, 'INVALID_NAME');
    });
  });
});
