import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../support/argon-server.js';

const mongosh = join(dirname(fileURLToPath(import.meta.url)), '..', 'node_modules', '.bin', 'mongosh');

/** Runs mongosh asynchronously: the server lives in this process, so a sync spawn would freeze it. */
function mongoshRun(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(mongosh, args, { encoding: 'utf8', timeout: 90_000, env: { ...process.env, MONGOSH_NO_UPDATE_CHECK: '1', DO_NOT_TRACK: '1' } }, (err, stdout, stderr) => {
      resolve({ status: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

function runMongosh(uri: string, script: string): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const file = join(mkdtempSync(join(tmpdir(), 'argon-mongosh-')), 'script.js');
  writeFileSync(file, script);
  return mongoshRun([uri, '--quiet', '--norc', '--file', file]);
}

describe('mongosh (from npm) against argon serve', () => {
  let t: Awaited<ReturnType<typeof startTestServer>>;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(async () => t?.stop());

  it('is installed', () => {
    expect(existsSync(mongosh)).toBe(true);
  });

  it('writes, branches with runCommand, isolates, and reads an old LSN', async () => {
    const script = `
      const shop = db.getSiblingDB('shop');
      shop.orders.insertMany([{ _id: 1, qty: 5 }, { _id: 2, qty: 7 }]);
      const lsn = shop.runCommand({ argonStatus: 1 }).headLsn;
      shop.orders.updateOne({ _id: 1 }, { $set: { qty: 50 } });
      const created = shop.runCommand({ argonCreateBranch: 'feature' });
      const feature = db.getSiblingDB('shop@feature');
      feature.orders.insertOne({ _id: 3, qty: 1 });
      print(JSON.stringify({
        ok: created.ok,
        main: shop.orders.find().sort({ _id: 1 }).toArray(),
        feature: feature.orders.find().sort({ _id: 1 }).toArray(),
        old: db.getSiblingDB('shop@main@' + lsn).orders.find().sort({ _id: 1 }).toArray(),
        dbs: db.adminCommand({ listDatabases: 1 }).databases.map((d) => d.name),
      }));
    `;
    const r = await runMongosh(t.uri('test'), script);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout.trim().split('\n').at(-1)!);
    expect(out.ok).toBe(1);
    expect(out.main).toEqual([{ _id: 1, qty: 50 }, { _id: 2, qty: 7 }]);
    expect(out.feature).toEqual([{ _id: 1, qty: 50 }, { _id: 2, qty: 7 }, { _id: 3, qty: 1 }]);
    expect(out.old).toEqual([{ _id: 1, qty: 5 }, { _id: 2, qty: 7 }]);
    expect(out.dbs).toEqual(expect.arrayContaining(['shop', 'shop@feature']));
  });

  it('runs --eval one-liners', async () => {
    const r = await mongoshRun([t.uri('shop'), '--quiet', '--norc', '--eval', 'db.orders.countDocuments()']);
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe('2');
  });
});
