/**
 * A bundle installed without its checkpoint worker file (`checkpoint-worker.mjs`,
 * built beside `argon.mjs`) still writes checkpoints: the server says once
 * which file is missing and builds them from the log in its main thread.
 */
import { copyFileSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCli, removeBuild, runCli, startServer, tempDir } from './cli-harness.js';

let bin: string;
let lonely: string;
let dir: string;

beforeAll(() => {
  bin = buildCli();
  // A directory beside the bundle (so its dependencies still resolve) holding argon.mjs alone.
  const home = join(dirname(bin), `e2e-no-worker-${process.pid}`);
  mkdirSync(home, { recursive: true });
  lonely = join(home, 'argon.mjs');
  copyFileSync(bin, lonely);
  dir = tempDir('no-worker');
});

afterAll(() => {
  removeBuild(bin);
  rmSync(dirname(lonely), { recursive: true, force: true });
  rmSync(dir, { recursive: true, force: true });
});

describe('a bundle without its checkpoint worker', () => {
  it('checkpoints in the main thread, says which file is missing once, and recovers from that checkpoint', async () => {
    expect(readdirSync(dirname(lonely))).toEqual(['argon.mjs']);
    const server = await startServer(lonely, dir);
    const checkpointLines = () => server.log().split('\n').filter((l) => l.includes('"msg":"checkpoint of shop at LSN'));
    const mongo = await new MongoClient(`mongodb://127.0.0.1:${server.info.wire.port}/?directConnection=true`).connect();
    try {
      // Past the default interval of 100,000 entries (one checkpoint while serving), then more for the one at shutdown.
      const items = mongo.db('shop').collection<{ _id: number; v: number }>('items');
      for (let b = 0; b < 10; b++) await items.insertMany(Array.from({ length: 10_005 }, (_, i) => ({ _id: b * 10_005 + i, v: i })));
      const deadline = Date.now() + 30_000;
      while (checkpointLines().length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      await items.insertMany(Array.from({ length: 50 }, (_, i) => ({ _id: -1 - i, v: i })));
    } finally {
      await mongo.close();
    }
    expect(await server.stop()).toBe(0);
    const log = server.log();
    expect(checkpointLines().map((l) => /LSN (\d+) \((full|incremental on LSN \d+), built from the log\)/.exec(l)?.slice(1))).toEqual([
      ['100051', 'full'],
      ['100101', 'incremental on LSN 100051'],
    ]);
    const warnings = log.split('\n').filter((l) => l.includes('the checkpoint worker could not be started'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(`${join(dirname(lonely), 'checkpoint-worker.mjs')} is missing`);
    expect(warnings[0]).toContain('checkpoints are built in the main thread from now on');

    // The complete bundle recovers from that checkpoint without replaying anything.
    const status = await runCli(bin, ['--data-dir', dir, 'status', '--json']);
    expect(status.code).toBe(0);
    expect(status.json<{ recovery: { checkpointLsn: number; entriesScanned: number } }>().recovery).toMatchObject({ checkpointLsn: 100_101, entriesScanned: 0 });
    const verify = await runCli(bin, ['--data-dir', dir, 'wal', 'verify']);
    expect(verify.code, verify.stdout + verify.stderr).toBe(0);
  });
});
