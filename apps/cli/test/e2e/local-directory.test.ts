/**
 * End to end, without a server: the built `argon` binary against a data
 * directory that an embedded ArgonClient populated.
 */
import { cpSync, existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EJSON } from 'bson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArgonClient } from '@argon/driver';
import { buildCli, removeBuild, runCli, tempDir, type RunResult } from './cli-harness.js';

let bin: string;
let dir: string;
/** LSNs of interesting writes, learned from the data. */
const at = { beforeUpdate: 0, head: 0, featureBase: 0, last: 0 };
let tMid: Date;

const argon = (...args: string[]): Promise<RunResult> => runCli(bin, ['--data-dir', dir, ...args]);
const noStack = (r: RunResult): void => expect(r.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);

beforeAll(async () => {
  bin = buildCli();
  dir = tempDir('local');
  const client = new ArgonClient(`file:${dir}`);
  const orders = client.db('shop').collection('orders');
  await orders.insertMany([
    { _id: 1, qty: 5, status: 'open' },
    { _id: 2, qty: 1, status: 'open' },
    { _id: 3, qty: 7, status: 'closed' },
  ]);
  at.beforeUpdate = (await client.status('shop')).headLsn;
  await new Promise((r) => setTimeout(r, 30));
  tMid = new Date();
  await new Promise((r) => setTimeout(r, 30));
  await orders.updateOne({ _id: 1 }, { $set: { qty: 6 } });
  await orders.deleteOne({ _id: 3 });
  await client.db('shop').collection('users').insertOne({ _id: 'alice', age: 30 });
  at.featureBase = (await client.createBranch('shop', 'feature')).baseLsn;
  await client.db('shop@feature').collection('orders').insertOne({ _id: 10, qty: 4 });
  await client.createBranch('shop', 'fix', { from: 'feature' });
  const feature = await client.status('shop@feature');
  at.head = feature.headLsn;
  at.last = feature.projectLsn;
  await client.close();
});

afterAll(() => {
  removeBuild(bin);
  rmSync(dir, { recursive: true, force: true });
});

describe('reading a data directory', () => {
  it('lists projects', async () => {
    const r = await argon('projects', 'list');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^PROJECT\s+BRANCHES\s+LAST LSN\s+CREATED\n/);
    expect(r.stdout).toMatch(/\nshop\s+3\s+\d+\s+(just now|\d+ seconds? ago)\n/);
    const j = (await argon('projects', 'list', '--json')).json<{ projects: Array<{ name: string; branches: number }> }>();
    expect(j.projects).toEqual([expect.objectContaining({ name: 'shop', branches: 3 })]);
  });

  it('draws the branch tree with base and head LSNs and ages', async () => {
    const r = await argon('branches', 'list', '--project', 'shop');
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('project shop');
    expect(lines[1]).toMatch(/^BRANCH\s+BASE\s+HEAD\s+CREATED$/);
    expect(lines[2]).toMatch(new RegExp(`^main\\s+0\\s+${at.featureBase}\\s+(just now|\\d+ seconds? ago)$`));
    expect(lines[3]).toMatch(new RegExp(`^└─ feature\\s+${at.featureBase}\\s+${at.head}\\s`));
    expect(lines[4]).toMatch(new RegExp(`^   └─ fix\\s+${at.head}\\s+${at.head}\\s`));
    expect(lines).toHaveLength(5);
  });

  it('infers the only project and reports a branch with its range', async () => {
    const r = await argon('branches', 'info', 'feature', '--json');
    expect(r.code).toBe(0);
    const { project, branch } = r.json<{ project: string; branch: { parent: string; baseLsn: number; headLsn: number; range: { headLsn: number } } }>();
    expect(project).toBe('shop');
    expect(branch).toMatchObject({ parent: 'main', baseLsn: at.featureBase, headLsn: at.head, range: { headLsn: at.head } });
  });

  it('shows the log of a branch, newest first, without sibling entries', async () => {
    const feature = (await argon('log', '--branch', 'feature', '--json')).json<{ entries: Array<{ lsn: number; branch: string; _id?: unknown; op?: string }> }>();
    expect(feature.entries[0]).toMatchObject({ lsn: at.head, branch: 'feature', _id: 10, op: 'insert' });
    expect(feature.entries.map((e) => e.lsn)).toEqual([...feature.entries.map((e) => e.lsn)].sort((a, b) => b - a));
    const main = (await argon('log', '--branch', 'main', '--json')).json<{ entries: Array<{ lsn: number; branch: string }> }>();
    expect(main.entries.some((e) => e.branch === 'feature')).toBe(false);
    expect(main.entries.length).toBeGreaterThan(0);
    const text = await argon('log', '--collection', 'users', '--limit', '1');
    expect(text.stdout).toMatch(/^LSN\s+TIME\s+BRANCH\s+COLLECTION\s+OP\s+_ID\s+ACTOR\n/);
    expect(text.stdout).toMatch(/main\s+users\s+insert\s+'alice'/);
    expect(text.stdout.trimEnd().split('\n')).toHaveLength(2);
  });

  it('shows the history of a document, typed ids included', async () => {
    const r = await argon('history', 'orders', '1', '--json');
    expect(r.code).toBe(0);
    const { versions } = r.json<{ versions: Array<{ op: string; doc: { qty: number } }> }>();
    expect(versions.map((v) => [v.op, v.doc.qty])).toEqual([
      ['insert', 5],
      ['update', 6],
    ]);
    const deleted = (await argon('history', 'orders', '3', '--json')).json<{ versions: Array<{ op: string; doc: unknown }> }>();
    expect(deleted.versions.at(-1)).toMatchObject({ op: 'delete', doc: null });
    const alice = await argon('history', 'users', 'alice');
    expect(alice.stdout).toMatch(/insert\s+\{"_id":"alice","age":30\}/);
    const asString = await argon('history', 'orders', '"1"');
    expect(asString.code).toBe(0);
    expect(asString.stdout).toContain("no versions of orders '1'");
  });

  it('reports the time range of a branch', async () => {
    const r = await argon('time-travel', 'info', '--json');
    const { range } = r.json<{ range: { firstLsn: number; headLsn: number; headTime: string } }>();
    expect(range.headLsn).toBe(at.featureBase);
    expect(range.firstLsn).toBe(1);
    expect(Date.parse(range.headTime)).not.toBeNaN();
    const text = await argon('time-travel', 'info', '--branch', 'feature');
    expect(text.stdout).toMatch(new RegExp(`head\\s+LSN ${at.head}\\s`));
  });

  it('reads a collection as of an LSN, an RFC 3339 time and a relative time', async () => {
    const byLsn = await argon('time-travel', 'query', '--lsn', String(at.beforeUpdate), '--collection', 'orders');
    expect(byLsn.code).toBe(0);
    expect(byLsn.stdout.trimEnd().split('\n')).toEqual(['{"_id":1,"qty":5,"status":"open"}', '{"_id":2,"qty":1,"status":"open"}', '{"_id":3,"qty":7,"status":"closed"}']);
    expect(byLsn.stderr).toContain(`3 document(s) of shop@main.orders as of LSN ${at.beforeUpdate}`);

    const byTime = (await argon('time-travel', 'query', '--time', tMid.toISOString(), '--collection', 'orders', '--json')).json<{ lsn: number; documents: unknown[]; resolvedTime: { time: string } }>();
    expect(byTime.lsn).toBe(at.beforeUpdate);
    expect(byTime.documents).toHaveLength(3);
    expect(byTime.resolvedTime.time).toBe(tMid.toISOString());

    const before = Date.now();
    const old = await argon('time-travel', 'query', '--time', '1 hour ago', '--collection', 'orders');
    expect(old.code).toBe(0);
    expect(old.stdout.trim()).toBe('');
    const m = /resolved "1 hour ago" to (\S+)/.exec(old.stderr);
    expect(m).not.toBeNull();
    const resolved = Date.parse(m![1]!);
    expect(resolved).toBeGreaterThanOrEqual(before - 3_600_000 - 1000);
    expect(resolved).toBeLessThanOrEqual(Date.now() - 3_600_000 + 1000);

    const filtered = await argon('time-travel', 'query', '--branch', 'feature', '--collection', 'orders', '--filter', '{"qty":{"$gt":3}}', '--sort', '{"_id":-1}', '--limit', '5');
    expect(filtered.stdout.trimEnd().split('\n')).toEqual(['{"_id":10,"qty":4}', '{"_id":1,"qty":6,"status":"open"}']);
  });

  it('diffs two branches and two points', async () => {
    const d = (await argon('diff', 'shop@main', 'shop@feature', '--json')).json<{ added: Array<{ _id: unknown }>; removed: unknown[]; changed: unknown[] }>();
    expect(d.added.map((x) => x._id)).toEqual([10]);
    expect(d.removed).toEqual([]);
    const text = await argon('diff', `shop@main@${at.beforeUpdate}`, 'shop@main', '--collection', 'orders');
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('- orders 3 {"_id":3,"qty":7,"status":"closed"}');
    expect(text.stdout).toContain('~ orders 1 fields: qty');
    expect(text.stdout).toContain('0 added, 1 removed, 1 changed');
  });

  it('reports status: storage, disk use, recovery, projects', async () => {
    const r = await argon('status');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/via\s+data directory .* \(read-only\)/);
    expect(r.stdout).toMatch(/storage\s+file /);
    expect(r.stdout).toMatch(/disk use\s+\d/);
    expect(r.stdout).toMatch(/recovery\s+checkpoint LSN/);
    expect(r.stdout).toContain('project shop');
    const j = (await argon('status', '--json')).json<{ storage: { kind: string }; projects: Array<{ name: string; lastLsn: number }>; server?: unknown }>();
    expect(j.storage.kind).toBe('file');
    expect(j.projects[0]).toMatchObject({ name: 'shop', lastLsn: at.last });
    expect(j.server).toBeUndefined();
  });

  it('verifies and dumps the WAL', async () => {
    const v = await argon('wal', 'verify');
    expect(v.code).toBe(0);
    expect(v.stdout).toMatch(/^ok\s+.*: 1 segment\(s\), .* log entries/);
    const dump = await argon('wal', 'dump', '--limit', '3');
    expect(dump.code).toBe(0);
    const entries = dump.stdout.split('\n').filter((l) => l.startsWith('offset='));
    expect(entries).toHaveLength(3);
    expect(entries[0]).toMatch(/lsn=1 project=shop .*kind=createCollection collection=orders/);
    expect(dump.stderr).toContain('stopped after 3 entries');
    const one = (await argon('wal', 'dump', '00000001.seg', '--json')).json<{ segments: Array<{ file: string; lines: string[] }>; entries: number }>();
    expect(one.segments[0]!.file).toBe(join(dir, 'wal', '00000001.seg'));
    expect(one.entries).toBeGreaterThanOrEqual(at.head - 2);
  });
});

describe('writing to a data directory', () => {
  it('creates and deletes projects and branches', async () => {
    expect((await argon('projects', 'create', 'scratch')).code).toBe(0);
    const several = await argon('branches', 'list');
    expect(several.code).toBe(1);
    expect(several.stderr).toContain('several projects exist (scratch, shop): pass --project <name> or set ARGON_PROJECT');
    const env = await runCli(bin, ['--data-dir', dir, 'branches', 'list', '--json'], { env: { ARGON_PROJECT: 'scratch' } });
    expect(env.json<{ project: string }>().project).toBe('scratch');
    const created = await argon('branches', 'create', 'tmp', '--project', 'scratch');
    expect(created.stdout).toContain('created branch scratch@tmp from main at LSN 0');
    expect((await argon('branches', 'delete', 'tmp', '--project', 'scratch')).code).toBe(0);
    const all = (await argon('branches', 'list', '--project', 'scratch', '--all', '--json')).json<{ branches: Array<{ name: string; deleted?: boolean }> }>();
    expect(all.branches.find((b) => b.name === 'tmp')?.deleted).toBe(true);
    expect((await argon('projects', 'delete', 'scratch')).code).toBe(0);
    const list = (await argon('projects', 'list', '--json')).json<{ projects: Array<{ name: string }> }>();
    expect(list.projects.map((p) => p.name)).toEqual(['shop']);
  });

  it('creates a branch at a past LSN and time', async () => {
    const r = (await argon('branches', 'create', 'early', '--lsn', String(at.beforeUpdate), '--json')).json<{ branch: { baseLsn: number; parent: string } }>();
    expect(r.branch).toMatchObject({ baseLsn: at.beforeUpdate, parent: 'main' });
    const t = await argon('branches', 'create', 'early2', '--time', tMid.toISOString());
    expect(t.code).toBe(0);
    expect(t.stdout).toContain(`at LSN ${at.beforeUpdate}`);
    expect(t.stderr).toContain(`resolved "${tMid.toISOString()}" to ${tMid.toISOString()}`);
  });

  it('previews a reset, restores a point as a branch, and resets with a backup', async () => {
    const preview = (await argon('restore', 'preview', '--branch', 'main', '--lsn', String(at.beforeUpdate), '--json')).json<{
      toLsn: number;
      added: Array<{ _id: unknown }>;
      removed: Array<{ _id: unknown }>;
      changed: Array<{ _id: unknown; fields: string[] }>;
    }>();
    expect(preview.toLsn).toBe(at.beforeUpdate);
    expect(preview.added.map((x) => x._id)).toEqual([3]);
    expect(preview.removed.map((x) => x._id)).toEqual(['alice']);
    expect(preview.changed).toEqual([expect.objectContaining({ _id: 1, fields: ['qty'] })]);
    // A preview changes nothing.
    expect((await argon('time-travel', 'info', '--json')).json<{ range: { headLsn: number } }>().range.headLsn).toBe(at.featureBase);

    const restored = await argon('restore', 'branch', '--branch', 'main', '--lsn', String(at.beforeUpdate), '--as', 'recovered');
    expect(restored.code).toBe(0);
    const docs = (await argon('time-travel', 'query', '--branch', 'recovered', '--collection', 'orders', '--json')).json<{ documents: Array<{ _id: number }> }>();
    expect(docs.documents.map((d) => d._id)).toEqual([1, 2, 3]);

    const reset = await argon('restore', 'reset', '--branch', 'main', '--lsn', String(at.beforeUpdate), '--backup', 'before-reset');
    expect(reset.code).toBe(0);
    expect(reset.stdout).toContain(`reset shop@main to LSN ${at.beforeUpdate}; LSNs ${at.beforeUpdate + 1}–${at.featureBase} are discarded`);
    expect(reset.stdout).toContain('the previous head is kept as branch before-reset');
    const backup = (await argon('time-travel', 'query', '--branch', 'before-reset', '--collection', 'orders', '--json')).json<{ documents: Array<{ _id: number }> }>();
    expect(backup.documents.map((d) => d._id)).toEqual([1, 2]);
    const tree = await argon('branches', 'list');
    expect(tree.stdout).toMatch(/^main ↺1\s/m);
  });

  // Each CLI run is a new process: the reset must survive reopening the directory, even
  // though the last checkpoint (written when the ArgonClient closed) predates it.
  it('reads the reset state of a branch in the next process', async () => {
    const info = (await argon('branches', 'info', 'main', '--json')).json<{ branch: { headLsn: number } }>();
    expect(info.branch.headLsn).toBe(at.beforeUpdate);
    const main = (await argon('time-travel', 'query', '--collection', 'orders', '--json')).json<{ documents: Array<{ _id: number; qty: number }> }>();
    expect(main.documents.map((d) => [d._id, d.qty])).toEqual([
      [1, 5],
      [2, 1],
      [3, 7],
    ]);
  });

  it('exports every collection as canonical Extended JSON from one snapshot', async () => {
    const out = tempDir('export');
    try {
      const r = await argon('export', '--branch', 'before-reset', '--out', out, '--json');
      expect(r.code).toBe(0);
      const j = r.json<{ lsn: number; documents: number; collections: Array<{ name: string; documents: number }> }>();
      expect(j.collections).toEqual([expect.objectContaining({ name: 'orders', documents: 2 }), expect.objectContaining({ name: 'users', documents: 1 })]);
      expect(readdirSync(out).sort()).toEqual(['orders.json', 'users.json']);
      const lines = readFileSync(join(out, 'orders.json'), 'utf8').trimEnd().split('\n');
      expect(lines[0]).toBe('{"_id":{"$numberInt":"1"},"qty":{"$numberInt":"6"},"status":"open"}');
      expect(lines.map((l) => EJSON.parse(l))).toHaveLength(2);
      const past = tempDir('export-past');
      try {
        const p = await argon('export', '--branch', 'before-reset', '--lsn', String(at.beforeUpdate), '--out', past);
        expect(p.code).toBe(0);
        expect(p.stdout).toContain(`as of LSN ${at.beforeUpdate}`);
        expect(readFileSync(join(past, 'orders.json'), 'utf8').trimEnd().split('\n')).toHaveLength(3);
        expect(existsSync(join(past, 'users.json'))).toBe(false);
      } finally {
        rmSync(past, { recursive: true, force: true });
      }
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});

describe('bad input: a clear message, exit 1, nothing changed', () => {
  const branchNames = async (): Promise<string[]> =>
    (await argon('branches', 'list', '--json')).json<{ branches: Array<{ name: string }> }>().branches.map((b) => b.name).sort();

  it('names an unknown branch and how to list branches', async () => {
    const beforeNames = await branchNames();
    const r = await argon('branches', 'create', 'x', '--from', 'featur');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("branch 'featur' does not exist in project 'shop'");
    expect(r.stderr).toContain('argon branches list --project shop');
    noStack(r);
    expect(await branchNames()).toEqual(beforeNames);
    const q = await argon('time-travel', 'query', '--branch', 'featur', '--collection', 'orders', '--json');
    expect(q.code).toBe(1);
    expect(q.json<{ error: { code: string } }>().error.code).toBe('BRANCH_NOT_FOUND');
  });

  it('refuses an LSN beyond the head', async () => {
    const beforeNames = await branchNames();
    const r = await argon('branches', 'create', 'future', '--lsn', '999999');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/LSN 999999 is beyond the head of branch 'main' \(head LSN \d+\)/);
    expect(r.stderr).toContain('argon time-travel info --project shop --branch main');
    noStack(r);
    expect(await branchNames()).toEqual(beforeNames);
    const reset = await argon('restore', 'reset', '--branch', 'feature', '--lsn', '999999', '--json');
    expect(reset.code).toBe(1);
    expect(reset.json<{ error: { code: string } }>().error.code).toBe('LSN_OUT_OF_RANGE');
    const exp = await argon('export', '--lsn', '999999', '--out', join(dir, 'never'));
    expect(exp.code).toBe(1);
    expect(existsSync(join(dir, 'never'))).toBe(false);
  });

  it('names a malformed --filter', async () => {
    const r = await argon('time-travel', 'query', '--collection', 'orders', '--filter', '{qty: 5}');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('--filter is not valid JSON');
    expect(r.stderr).toContain('{qty: 5}');
    noStack(r);
    const j = await argon('time-travel', 'query', '--collection', 'orders', '--sort', '[1]', '--json');
    expect(j.code).toBe(1);
    expect(j.json<{ error: { code: string } }>().error.code).toBe('BAD_JSON');
  });

  it('refuses invalid names', async () => {
    const beforeNames = await branchNames();
    const r = await argon('branches', 'create', 'bad name');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('invalid branch name "bad name": use 1–64 characters from [A-Za-z0-9_-]');
    const p = await argon('projects', 'create', 'a/b', '--json');
    expect(p.code).toBe(1);
    expect(p.json<{ error: { code: string } }>().error.code).toBe('INVALID_NAME');
    expect(await branchNames()).toEqual(beforeNames);
  });

  it('refuses bad times, --lsn with --time, and usage errors', async () => {
    const t = await argon('time-travel', 'query', '--collection', 'orders', '--time', 'soonish');
    expect(t.code).toBe(1);
    expect(t.stderr).toContain('invalid time "soonish"');
    const both = await argon('restore', 'preview', '--branch', 'main', '--lsn', '1', '--time', 'now');
    expect(both.code).toBe(1);
    expect(both.stderr).toContain('give either --lsn or --time, not both');
    const lsn = await argon('restore', 'preview', '--branch', 'main', '--lsn', 'abc');
    expect(lsn.code).toBe(1);
    expect(lsn.stderr).toContain("expected an LSN (a non-negative integer such as 1200), got 'abc'");
    const unknown = await argon('branches', 'list', '--bogus', '--json');
    expect(unknown.code).toBe(1);
    expect(unknown.json<{ error: { code: string } }>().error.code).toBe('USAGE');
    const missing = await argon('restore', 'reset', '--lsn', '1');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("required option '--branch <name>' not specified");
  });

  it('names a missing data directory', async () => {
    const r = await runCli(bin, ['status', '--data-dir', join(dir, 'nope')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`no Argon data directory at ${join(dir, 'nope')}`);
    expect(existsSync(join(dir, 'nope'))).toBe(false);
    const w = await runCli(bin, ['branches', 'create', 'x', '--project', 'shop', '--data-dir', join(dir, 'nope')]);
    expect(w.code).toBe(1);
    expect(existsSync(join(dir, 'nope'))).toBe(false);
  });

  it('names the process that holds the directory, and still serves reads', async () => {
    const client = new ArgonClient(`file:${dir}`);
    await client.connect();
    try {
      const r = await argon('branches', 'create', 'locked-out');
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`in use by process ${process.pid}`);
      noStack(r);
      const read = await argon('branches', 'list', '--json');
      expect(read.code).toBe(0);
      expect(read.json<{ branches: Array<{ name: string }> }>().branches.map((b) => b.name)).not.toContain('locked-out');
    } finally {
      await client.close();
    }
  });

  it('exits 1 and names each damaged file and offset when the WAL is damaged', async () => {
    const copy = tempDir('damaged');
    try {
      cpSync(dir, copy, { recursive: true });
      rmSync(join(copy, 'LOCK'), { force: true });
      const seg = join(copy, 'wal', '00000001.seg');
      const buf = readFileSync(seg);
      buf[120] = buf[120]! ^ 0xff;
      writeFileSync(seg, buf);
      const r = await runCli(bin, ['wal', 'verify', '--data-dir', copy]);
      expect(r.code).toBe(1);
      expect(r.stdout).toMatch(/^DAMAGED/);
      expect(r.stdout).toMatch(new RegExp(`corrupt\\s+${seg.replace(/[.]/g, '\\.')} at offset \\d+: `));
      expect(r.stderr).toContain('damaged place(s) in 1 file(s)');
      const j = await runCli(bin, ['wal', 'verify', '--data-dir', copy, '--json']);
      expect(j.code).toBe(1);
      const report = j.json<{ ok: boolean; problems: Array<{ file: string; offset: number; severity: string }> }>();
      expect(report.ok).toBe(false);
      expect(report.problems).toContainEqual(expect.objectContaining({ file: seg, severity: 'corrupt' }));
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });

  it('prints exactly one JSON document for every command with --json', async () => {
    const out = tempDir('json-export');
    const commands: string[][] = [
      ['status'],
      ['projects', 'list'],
      ['branches', 'list'],
      ['branches', 'info', 'main'],
      ['log', '--limit', '2'],
      ['history', 'orders', '1'],
      ['time-travel', 'info'],
      ['time-travel', 'query', '--collection', 'orders', '--time', 'now'],
      ['restore', 'preview', '--branch', 'main', '--time', 'now'],
      ['diff', 'shop@main', 'shop@feature'],
      ['wal', 'verify'],
      ['wal', 'dump', '--limit', '1'],
      ['export', '--out', out],
      ['branches', 'info', 'nope'],
    ];
    try {
      for (const c of commands) {
        const r = await argon(...c, '--json');
        expect(() => r.json(), `argon ${c.join(' ')} --json`).not.toThrow();
        expect(r.code, `argon ${c.join(' ')}`).toBe(c.includes('nope') ? 1 : 0);
      }
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
