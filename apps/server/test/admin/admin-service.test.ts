import { ARGON_CODES, ArgonError, type ArgonEngine, type CommandRunner } from '@argon/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AdminService, DEFAULT_QUERY_LIMIT } from '../../src/admin/admin-service.js';
import { T0, USER_ID, seededEngine } from '../http/admin-fixture.js';

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(ArgonError);
    return (err as ArgonError).argonCode;
  }
  throw new Error('expected a rejection');
}

describe('AdminService', () => {
  let engine: ArgonEngine;
  let runner: CommandRunner;
  let admin: AdminService;

  beforeEach(async () => {
    ({ engine, runner } = await seededEngine());
    admin = new AdminService({ engine, runner, startedAt: new Date(Date.now() - 5000), connections: () => 3, dataDir: '/data/argon' });
  });
  afterEach(async () => {
    runner.close();
    await engine.close();
  });

  describe('status and projects', () => {
    it('reports storage, recovery, projects with branch counts and the server', async () => {
      const s = await admin.status();
      expect(s.storage).toMatchObject({ kind: 'memory', entries: 6, dataDir: '/data/argon' });
      expect(s.recovery).toMatchObject({ projects: 0, entriesScanned: 0 });
      expect(s.projects).toHaveLength(1);
      expect(s.projects[0]).toMatchObject({ name: 'shop', branches: 2, lastLsn: 6 });
      expect(s.projects[0]!.branches_detail!.map((b) => b.name).sort()).toEqual(['feature', 'main']);
      expect(s.server).toMatchObject({ pid: process.pid, connections: 3 });
      expect(s.server!.uptimeSeconds).toBeGreaterThanOrEqual(4);
      expect(JSON.parse(JSON.stringify(s))).toEqual(s);
    });

    it('lists, creates and deletes projects', async () => {
      expect(await admin.listProjects()).toEqual([{ name: 'shop', createdAt: new Date(T0 + 1000).toISOString(), branches: 2, lastLsn: 6 }]);
      const p = await admin.createProject('crm');
      expect(p).toMatchObject({ name: 'crm', branches: 1, lastLsn: 0 });
      expect((await admin.listProjects()).map((x) => x.name)).toEqual(['crm', 'shop']);
      expect(await admin.deleteProject('crm')).toEqual({ name: 'crm', deleted: true });
      expect((await admin.listProjects()).map((x) => x.name)).toEqual(['shop']);
    });

    it('rejects bad project names and duplicates with stable codes', async () => {
      expect(await codeOf(admin.createProject('bad name'))).toBe(ARGON_CODES.INVALID_NAME);
      expect(await codeOf(admin.createProject('shop'))).toBe(ARGON_CODES.PROJECT_EXISTS);
      expect(await codeOf(admin.deleteProject('nope'))).toBe(ARGON_CODES.PROJECT_NOT_FOUND);
    });
  });

  describe('branches', () => {
    it('lists branches with parents and fork points', async () => {
      const bs = await admin.listBranches('shop');
      const feature = bs.find((b) => b.name === 'feature');
      expect(feature).toMatchObject({ parent: 'main', baseLsn: 4, headLsn: 4 });
      expect(typeof feature!.createdAt).toBe('string');
    });

    it('creates a branch at a time and at the head, and gets it with its range', async () => {
      const atTime = await admin.createBranch('shop', { name: 'early', time: new Date(T0 + 2000).toISOString() });
      expect(atTime).toMatchObject({ name: 'early', parent: 'main', baseLsn: 3 });
      const fromFeature = await admin.createBranch('shop', { name: 'sub', from: 'feature' });
      expect(fromFeature).toMatchObject({ parent: 'feature', baseLsn: 4 });
      const got = await admin.getBranch('shop', 'main');
      expect(got).toMatchObject({ name: 'main', headLsn: 6, range: { firstLsn: 1, headLsn: 6 } });
      expect(got.range.headTime).toBe(new Date(T0 + 4000).toISOString());
    });

    it('deletes a branch softly and lists it with includeDeleted', async () => {
      const d = await admin.deleteBranch('shop', 'feature');
      expect(d).toMatchObject({ name: 'feature', deleted: true });
      expect((await admin.listBranches('shop')).map((b) => b.name)).toEqual(['main']);
      expect((await admin.listBranches('shop', { includeDeleted: true })).map((b) => b.name).sort()).toEqual(['feature', 'main']);
    });

    it('rejects unknown, invalid, protected and conflicting branches', async () => {
      expect(await codeOf(admin.getBranch('shop', 'nope'))).toBe(ARGON_CODES.BRANCH_NOT_FOUND);
      expect(await codeOf(admin.getBranch('shop', 'bad!'))).toBe(ARGON_CODES.INVALID_NAME);
      expect(await codeOf(admin.getBranch('nope', 'main'))).toBe(ARGON_CODES.PROJECT_NOT_FOUND);
      expect(await codeOf(admin.deleteBranch('shop', 'main'))).toBe(ARGON_CODES.BRANCH_PROTECTED);
      expect(await codeOf(admin.createBranch('shop', { name: 'feature' }))).toBe(ARGON_CODES.BRANCH_EXISTS);
      expect(await codeOf(admin.createBranch('shop', { name: 'x', lsn: 99 }))).toBe(ARGON_CODES.LSN_OUT_OF_RANGE);
      expect(await codeOf(admin.createBranch('shop', { name: 'x', lsn: 1, time: new Date().toISOString() }))).toBe(ARGON_CODES.BAD_INPUT);
      expect(await codeOf(admin.createBranch('shop', { name: 'x', time: 'yesterday' }))).toBe(ARGON_CODES.BAD_INPUT);
      expect(await codeOf(admin.createBranch('shop', { name: 'x', from: 'no such' }))).toBe(ARGON_CODES.INVALID_NAME);
    });
  });

  describe('reset and restore', () => {
    it('previews a reset as the diff from the head to the target, without changing anything', async () => {
      const p = await admin.resetPreview('shop', 'main', { lsn: 3 });
      expect(p.toLsn).toBe(3);
      expect(p.from).toBe('shop');
      expect(p.to).toBe('shop@main@3');
      expect(p.changed).toEqual([{ collection: 'orders', _id: 1, fields: ['qty'] }]);
      expect(p.removed).toEqual([{ collection: 'users', _id: { $oid: USER_ID }, doc: { _id: { $oid: USER_ID }, name: 'ann' } }]);
      expect(p.added).toEqual([]);
      expect((await admin.getBranch('shop', 'main')).headLsn).toBe(6);
    });

    it('resolves a preview time to the last commit at or before it', async () => {
      const p = await admin.resetPreview('shop', 'main', { time: new Date(T0 + 3500).toISOString() });
      expect(p.toLsn).toBe(4);
    });

    it('resets with a backup branch and reports the discarded window', async () => {
      const r = await admin.resetBranch('shop', 'main', { lsn: 3, backup: 'before' });
      expect(r.discarded).toEqual({ from: 4, to: 6 });
      expect(r.branch).toMatchObject({ name: 'main', headLsn: 3 });
      expect(r.branch.resets).toHaveLength(1);
      expect(r.branch.resets![0]).toMatchObject({ toLsn: 3, discarded: { from: 4, to: 6 }, backup: 'before' });
      expect(r.backup).toMatchObject({ name: 'before', headLsn: 6 });
      const q = await admin.query('shop', 'main', { collection: 'orders', filter: { _id: 1 } });
      expect(q.documents).toEqual([{ _id: 1, item: 'apple', qty: 5 }]);
    });

    it('needs exactly one point to reset or restore', async () => {
      expect(await codeOf(admin.resetBranch('shop', 'main', {}))).toBe(ARGON_CODES.BAD_INPUT);
      expect(await codeOf(admin.restoreAsBranch('shop', 'main', { as: 'x' }))).toBe(ARGON_CODES.BAD_INPUT);
      expect(await codeOf(admin.resetPreview('shop', 'main', { lsn: 1, time: new Date().toISOString() }))).toBe(ARGON_CODES.BAD_INPUT);
      expect(await codeOf(admin.resetBranch('shop', 'main', { lsn: 1, backup: 'bad name' }))).toBe(ARGON_CODES.INVALID_NAME);
      expect((await admin.getBranch('shop', 'main')).headLsn).toBe(6);
    });

    it('restores a past point as a new branch without touching the source', async () => {
      const b = await admin.restoreAsBranch('shop', 'main', { lsn: 3, as: 'restored' });
      expect(b).toMatchObject({ name: 'restored', parent: 'main', baseLsn: 3 });
      expect((await admin.query('shop', 'restored', { collection: 'orders', filter: { _id: 1 } })).documents).toEqual([{ _id: 1, item: 'apple', qty: 5 }]);
      expect((await admin.getBranch('shop', 'main')).headLsn).toBe(6);
    });
  });

  describe('query', () => {
    it('reads the head through the command layer and reports the LSN', async () => {
      const r = await admin.query('shop', 'main', { collection: 'orders', sort: { _id: -1 } });
      expect(r).toEqual({ lsn: 6, documents: [{ _id: 2, item: 'pear', qty: 1 }, { _id: 1, item: 'apple', qty: 6 }] });
    });

    it('reads at an LSN or a time', async () => {
      expect(await admin.query('shop', 'main', { collection: 'orders', lsn: 2 })).toEqual({ lsn: 2, documents: [{ _id: 1, item: 'apple', qty: 5 }] });
      const t = await admin.query('shop', 'main', { collection: 'orders', time: new Date(T0 + 2000).toISOString(), filter: { _id: 1 } });
      expect(t).toEqual({ lsn: 3, documents: [{ _id: 1, item: 'apple', qty: 5 }] });
    });

    it('takes Extended JSON filters and projections and returns Extended JSON', async () => {
      const r = await admin.query('shop', 'main', { collection: 'users', filter: { _id: { $oid: USER_ID } }, projection: { name: 1 } });
      expect(r.documents).toEqual([{ _id: { $oid: USER_ID }, name: 'ann' }]);
    });

    it('applies the limit across batches and keeps no cursor open', async () => {
      await runner.execute('shop', { insert: 'many', documents: Array.from({ length: 250 }, (_, i) => ({ _id: i })) });
      const def = await admin.query('shop', 'main', { collection: 'many' });
      expect(def.documents).toHaveLength(DEFAULT_QUERY_LIMIT);
      const r = await admin.query('shop', 'main', { collection: 'many', limit: 240, sort: { _id: 1 } });
      expect(r.documents).toHaveLength(240);
      expect(r.documents[239]).toEqual({ _id: 239 });
      expect(runner.cursors.size).toBe(0);
    });

    it('keeps Longs beyond 2^53 exact', async () => {
      await runner.execute('shop', { insert: 'big', documents: [{ _id: 1, n: 2n ** 60n }] });
      expect((await admin.query('shop', 'main', { collection: 'big' })).documents).toEqual([{ _id: 1, n: { $numberLong: String(2n ** 60n) } }]);
    });

    it('rejects bad input with stable codes', async () => {
      expect(await codeOf(admin.query('shop', 'main', { collection: 'orders', lsn: 7 }))).toBe(ARGON_CODES.LSN_OUT_OF_RANGE);
      expect(await codeOf(admin.query('shop', 'main', { collection: 'orders', filter: { _id: { $oid: 'zz' } } }))).toBe(ARGON_CODES.BAD_INPUT);
      expect(await codeOf(admin.query('shop', 'main', { collection: 'orders', filter: [1] }))).toBe(ARGON_CODES.BAD_INPUT);
      expect(await codeOf(admin.query('shop', 'main', { collection: 'orders', filter: { qty: { $bogus: 1 } } }))).toBe(ARGON_CODES.QUERY_ERROR);
      expect(await codeOf(admin.query('shop', 'main', { collection: '' }))).toBe(ARGON_CODES.BAD_INPUT);
      expect(await codeOf(admin.query('shop', 'main', { collection: 'orders', limit: 0 }))).toBe(ARGON_CODES.BAD_INPUT);
      expect(await codeOf(admin.query('nope', 'main', { collection: 'orders' }))).toBe(ARGON_CODES.PROJECT_NOT_FOUND);
      expect(await codeOf(admin.query('shop', 'nope', { collection: 'orders' }))).toBe(ARGON_CODES.BRANCH_NOT_FOUND);
    });
  });

  describe('history, log and diff', () => {
    it('returns every version of a document, oldest first', async () => {
      await runner.execute('shop', { delete: 'orders', deletes: [{ q: { _id: 1 }, limit: 1 }] });
      const h = await admin.history('shop', 'main', 'orders', 1);
      expect(h.versions.map((v) => [v.lsn, v.op])).toEqual([
        [2, 'insert'],
        [4, 'update'],
        [7, 'delete'],
      ]);
      expect(h.versions[1]!.doc).toEqual({ _id: 1, item: 'apple', qty: 6 });
      expect(h.versions[2]!.doc).toBeNull();
      expect(h.versions[0]!.time).toBe(new Date(T0 + 2000).toISOString());
    });

    it('finds ObjectId ids given as Extended JSON and is branch-scoped', async () => {
      expect((await admin.history('shop', 'main', 'users', { $oid: USER_ID })).versions).toHaveLength(1);
      expect((await admin.history('shop', 'feature', 'users', { $oid: USER_ID })).versions).toHaveLength(0);
      expect(await codeOf(admin.history('nope', 'main', 'users', 1))).toBe(ARGON_CODES.PROJECT_NOT_FOUND);
    });

    it('lists the log newest first with branch names', async () => {
      await runner.execute('shop@feature', { insert: 'orders', documents: [{ _id: 3, item: 'fig' }] });
      const all = await admin.log('shop');
      expect(all.entries.map((e) => [e.lsn, e.branch])).toEqual([
        [7, 'feature'],
        [6, 'main'],
        [5, 'main'],
        [4, 'main'],
        [3, 'main'],
        [2, 'main'],
        [1, 'main'],
      ]);
      expect(all.entries[0]).toMatchObject({ collection: 'orders', kind: 'put', op: 'insert', _id: 3 });
      const feature = await admin.log('shop', { branch: 'feature', collection: 'orders', limit: 2 });
      expect(feature.entries.map((e) => [e.lsn, e.branch])).toEqual([
        [7, 'feature'],
        [4, 'main'],
      ]);
      expect((await admin.log('shop', { limit: 1 })).entries.map((e) => e.lsn)).toEqual([7]);
      expect(await codeOf(admin.log('nope'))).toBe(ARGON_CODES.PROJECT_NOT_FOUND);
      expect(await codeOf(admin.log('shop', { branch: 'nope' }))).toBe(ARGON_CODES.BRANCH_NOT_FOUND);
    });

    it('diffs two points of a project', async () => {
      const d = await admin.diff('shop@feature', 'shop@main', 'users');
      expect(d.added).toEqual([{ collection: 'users', _id: { $oid: USER_ID }, doc: { _id: { $oid: USER_ID }, name: 'ann' } }]);
      expect(d.removed).toEqual([]);
      expect(d.changed).toEqual([]);
      const e = await admin.diff('shop@main@2', 'shop@main@4');
      expect(e.added.map((x) => x._id)).toEqual([2]);
      expect(e.changed).toEqual([{ collection: 'orders', _id: 1, fields: ['qty'] }]);
      expect(await codeOf(admin.diff('shop', 'other'))).toBe(ARGON_CODES.BAD_INPUT);
      expect(await codeOf(admin.diff('nope', 'nope@main@1'))).toBe(ARGON_CODES.PROJECT_NOT_FOUND);
      expect(await codeOf(admin.diff('shop', 'shop@main@99'))).toBe(ARGON_CODES.LSN_OUT_OF_RANGE);
    });
  });
});
