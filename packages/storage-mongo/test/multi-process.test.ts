import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mongoTarget, type MongoTarget } from './support/mongo-target.js';

const here = dirname(fileURLToPath(import.meta.url));

function runWriter(uri: string, database: string, name: string, count: number, total: number): Promise<{ name: string; heads: number[]; seen: number; mine: number; theirs: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(here, 'fixtures', 'writer.ts'), uri, database, name, String(count), String(total)], { cwd: join(here, '..', '..', '..'), stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('exit', (code) => {
      if (code !== 0) reject(new Error(`writer ${name} exited ${code}: ${err}`));
      else resolve(JSON.parse(out.trim().split('\n').at(-1)!));
    });
  });
}

describe('two Argon processes on one MongoDB backend', () => {
  let target: MongoTarget;
  beforeAll(async () => {
    target = await mongoTarget();
    console.log(`multi-process test runs against: ${target.kind}`);
  });
  afterAll(async () => target?.stop());

  it('both read their own and each other’s writes; LSNs are unique and heads never move backwards', async () => {
    const database = `argon_wal_${randomUUID().slice(0, 8)}`;
    const count = 40;
    const [a, b] = await Promise.all([runWriter(target.uri, database, 'a', count, 2 * count), runWriter(target.uri, database, 'b', count, 2 * count)]);
    for (const r of [a, b]) {
      expect(r.mine).toBe(count);
      expect(r.theirs).toBe(count);
      expect(r.seen).toBe(2 * count);
      for (let i = 1; i < r.heads.length; i++) expect(r.heads[i]!).toBeGreaterThanOrEqual(r.heads[i - 1]!);
    }
    const client = await new MongoClient(target.uri).connect();
    try {
      const lsns = (await client.db(database).collection('wal_log').find({ project: 'shared' }, { projection: { lsn: 1 } }).toArray()).map((d) => Number(d.lsn));
      expect(new Set(lsns).size).toBe(lsns.length);
      expect(lsns.length).toBeGreaterThanOrEqual(2 * count);
    } finally {
      await client.close();
    }
  });
});
