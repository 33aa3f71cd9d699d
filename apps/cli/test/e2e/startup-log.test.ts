/**
 * What `argon serve` logs when it opens a data directory: a clean restart is
 * not a warning, and a repaired torn tail is warned about exactly once.
 */
import { appendFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCli, removeBuild, startServer, tempDir, type ServerChild } from './cli-harness.js';

let bin: string;
let dir: string;

beforeAll(() => {
  bin = buildCli();
  dir = tempDir('startup-log');
});

afterAll(() => {
  removeBuild(bin);
  rmSync(dir, { recursive: true, force: true });
});

/** The server's log lines at warn level or above (pino: 40 and up). */
function warnings(server: ServerChild): string[] {
  return server
    .log()
    .split('\n')
    .filter((l) => /"level":(4|5|6)0,/.test(l));
}

describe('the startup log of argon serve', () => {
  it('has no warning after a clean stop, and one for a torn tail it truncates', async () => {
    const first = await startServer(bin, dir);
    const mongo = await new MongoClient(`mongodb://127.0.0.1:${first.info.wire.port}/?directConnection=true`).connect();
    await mongo.db('shop').collection<{ _id: number }>('items').insertMany([{ _id: 1 }, { _id: 2 }]);
    await mongo.close();
    expect(await first.stop()).toBe(0);

    const clean = await startServer(bin, dir);
    expect(clean.log()).toContain('"msg":"opened ');
    expect(await clean.stop()).toBe(0);
    expect(warnings(clean)).toEqual([]);

    // An append cut short by a crash: a frame header promising 200 bytes, and 3 of them.
    const header = Buffer.alloc(8);
    header.writeUInt32LE(200, 0);
    appendFileSync(join(dir, 'wal', '00000001.seg'), Buffer.concat([header, Buffer.from([1, 2, 3])]));
    const repaired = await startServer(bin, dir);
    expect(await repaired.stop()).toBe(0);
    const w = warnings(repaired);
    expect(w).toHaveLength(1);
    expect(w[0]).toMatch(/torn tail .* truncated/);
  });
});
