import { execFile, spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../support/argon-server.js';

/**
 * pymongo 3.11 from Debian, run with Debian's own python3 (/usr/bin/python3,
 * not the first python3 on PATH). Installed here when missing; skipped with a
 * printed reason when it cannot be installed.
 */
const PYTHON = '/usr/bin/python3';

function pymongoAvailable(): { ok: true } | { ok: false; reason: string } {
  const probe = () => spawnSync(PYTHON, ['-c', 'import pymongo; print(pymongo.version)'], { encoding: 'utf8' });
  if (probe().status === 0) return { ok: true };
  if (process.getuid?.() === 0) {
    spawnSync('apt-get', ['update', '-qq'], { stdio: 'ignore', timeout: 300_000 });
    const inst = spawnSync('apt-get', ['install', '-y', '-qq', 'python3-pymongo'], { encoding: 'utf8', timeout: 300_000, env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    if (probe().status === 0) return { ok: true };
    return { ok: false, reason: `apt-get install python3-pymongo failed: ${(inst.stderr || inst.stdout).trim().split('\n').at(-1)}` };
  }
  return { ok: false, reason: `${PYTHON} has no pymongo and this user cannot apt-get install python3-pymongo` };
}

const availability = pymongoAvailable();
if (!availability.ok) console.log(`SKIP pymongo tests: ${availability.reason}`);

describe.skipIf(!availability.ok)('pymongo 3.11 (Debian) against argon serve', () => {
  let t: Awaited<ReturnType<typeof startTestServer>>;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(async () => t?.stop());

  it('writes, branches, isolates and reads an old LSN', async () => {
    const script = `
import json, sys
from pymongo import MongoClient
c = MongoClient(sys.argv[1])
shop = c['shop']
shop.orders.insert_many([{'_id': 1, 'qty': 5}, {'_id': 2, 'qty': 7}])
lsn = shop.command('argonStatus')['headLsn']
shop.orders.update_one({'_id': 1}, {'$set': {'qty': 50}})
created = shop.command({'argonCreateBranch': 'feature'})
feature = c['shop@feature']
feature.orders.insert_one({'_id': 3, 'qty': 1})
feature.orders.delete_many({'_id': 2})
print(json.dumps({
  'ok': created['ok'],
  'main': list(shop.orders.find().sort('_id', 1)),
  'feature': list(feature.orders.find().sort('_id', 1)),
  'old': list(c['shop@main@%d' % lsn].orders.find().sort('_id', 1)),
  'version': c.server_info()['version'],
}))
c.close()
`;
    // Asynchronous: the server runs in this process and must keep serving.
    const r = await new Promise<{ status: number; stdout: string; stderr: string }>((resolve) =>
      execFile(PYTHON, ['-c', script, t.uri()], { encoding: 'utf8', timeout: 60_000 }, (err, stdout, stderr) => resolve({ status: err ? 1 : 0, stdout, stderr })),
    );
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout.trim());
    expect(out.ok).toBe(1);
    expect(out.main).toEqual([{ _id: 1, qty: 50 }, { _id: 2, qty: 7 }]);
    expect(out.feature).toEqual([{ _id: 1, qty: 50 }, { _id: 3, qty: 1 }]);
    expect(out.old).toEqual([{ _id: 1, qty: 5 }, { _id: 2, qty: 7 }]);
    expect(out.version).toBe('7.0.0');
  });
});
