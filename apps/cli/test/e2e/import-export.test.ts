/**
 * End to end: `argon import` from a MongoDB (here another `argon serve`)
 * into a data directory, resumed; and `argon export` of the result.
 */
import { readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Decimal128, Double, EJSON, Int32, Long, ObjectId } from 'bson';
import { MongoClient, type Document } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCli, removeBuild, runCli, startServer, tempDir, type RunResult, type ServerChild } from './cli-harness.js';

let bin: string;
let sourceDir: string;
let destDir: string;
let source: ServerChild;
let sourceUri: string;

const PRODUCTS = 1200;

interface ImportJson {
  collections: Array<{ name: string; source: number; inserted: number; skipped: number; destination: number; indexes: string[] }>;
  inserted: number;
  skipped: number;
}

const importInto = (dataDir: string, ...extra: string[]): Promise<RunResult> =>
  runCli(bin, ['--data-dir', dataDir, 'import', '--from', sourceUri, '--db', 'store', '--project', 'shop', '--batch-size', '250', '--json', ...extra]);

function product(i: number): Document {
  return {
    _id: new ObjectId(i.toString(16).padStart(24, '0')),
    sku: `sku-${i}`,
    price: new Double(i % 7 === 0 ? 1 : i / 4),
    stock: new Int32(i % 50),
    views: Long.fromString(`${9_007_199_254_740_000 + i}`),
    cost: Decimal128.fromString(`${i}.10`),
    added: new Date(Date.UTC(2026, 0, 1) + i * 1000),
    tags: ['a', { n: i }],
  };
}

beforeAll(async () => {
  bin = buildCli();
  sourceDir = tempDir('import-source');
  destDir = tempDir('import-dest');
  source = await startServer(bin, sourceDir);
  sourceUri = `mongodb://127.0.0.1:${source.info.wire.port}/?directConnection=true`;
  const client = await new MongoClient(sourceUri).connect();
  try {
    const db = client.db('store');
    await db.collection('products').insertMany(Array.from({ length: PRODUCTS }, (_, i) => product(i)));
    await db.collection('products').createIndex({ sku: 1 }, { unique: true, name: 'sku_unique' });
    await db.collection<{ _id: string; email: string }>('customers').insertMany(Array.from({ length: 10 }, (_, i) => ({ _id: `c${i}`, email: `c${i}@example.com` })));
    await db.collection('customers').createIndex({ email: 1 });
  } finally {
    await client.close();
  }
});

afterAll(async () => {
  if (source) await source.stop();
  removeBuild(bin);
  rmSync(sourceDir, { recursive: true, force: true });
  rmSync(destDir, { recursive: true, force: true });
});

async function readDest(): Promise<{ products: Document[]; customers: number; indexes: string[] }> {
  const server = await startServer(bin, destDir);
  const client = await new MongoClient(`mongodb://127.0.0.1:${server.info.wire.port}/?directConnection=true`, { promoteValues: false, promoteLongs: false }).connect();
  try {
    const db = client.db('shop');
    return {
      products: await db.collection('products').find({}).sort({ _id: 1 }).toArray(),
      customers: Number(await db.collection('customers').countDocuments()),
      indexes: (await db.collection('products').listIndexes().toArray()).map((i) => String(i.name)).sort(),
    };
  } finally {
    await client.close();
    expect(await server.stop()).toBe(0);
  }
}

describe('argon import', () => {
  it('copies every collection with its indexes, keeping BSON types', async () => {
    const r = await importInto(destDir);
    expect(r.code, r.stderr).toBe(0);
    const j = r.json<ImportJson>();
    expect(j.collections).toEqual([
      { name: 'customers', source: 10, inserted: 10, skipped: 0, destination: 10, indexes: ['email_1'] },
      { name: 'products', source: PRODUCTS, inserted: PRODUCTS, skipped: 0, destination: PRODUCTS, indexes: ['sku_unique'] },
    ]);
    const dest = await readDest();
    expect(dest.customers).toBe(10);
    expect(dest.products).toHaveLength(PRODUCTS);
    expect(dest.indexes).toEqual(['_id_', 'sku_unique']);
    // Double(1) stays a double, Int32 an int, Long a long (no promotion on the way).
    expect(EJSON.stringify(dest.products[0], { relaxed: false })).toBe(EJSON.stringify(product(0), { relaxed: false }));
    expect(EJSON.stringify(dest.products[PRODUCTS - 1], { relaxed: false })).toBe(EJSON.stringify(product(PRODUCTS - 1), { relaxed: false }));
  });

  it('resumes: a second run skips what is there and adds only what is new, without duplicates', async () => {
    const client = await new MongoClient(sourceUri).connect();
    try {
      await client.db('store').collection('products').insertMany([product(PRODUCTS), product(PRODUCTS + 1)]);
    } finally {
      await client.close();
    }
    const r = await importInto(destDir);
    expect(r.code, r.stderr).toBe(0);
    const j = r.json<ImportJson>();
    expect(j.inserted).toBe(2);
    expect(j.skipped).toBe(PRODUCTS + 10);
    expect(j.collections.find((c) => c.name === 'products')).toMatchObject({ inserted: 2, skipped: PRODUCTS, destination: PRODUCTS + 2 });
    const again = (await importInto(destDir)).json<ImportJson>();
    expect(again.inserted).toBe(0);
    const dest = await readDest();
    expect(dest.products).toHaveLength(PRODUCTS + 2);
    expect(new Set(dest.products.map((p) => String(p._id))).size).toBe(PRODUCTS + 2);
  });

  it('writes through the wire port when a server holds the destination', async () => {
    const dest2 = tempDir('import-dest2');
    const server = await startServer(bin, dest2);
    try {
      const r = await runCli(bin, ['--data-dir', dest2, 'import', '--from', sourceUri, '--db', 'store', '--project', 'viaserver']);
      // A local engine could not have opened the directory: the server holds its lock.
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/products\s+1202\s+1202\s+0\s+1202\s+sku_unique/);
      expect(r.stdout).toContain('imported 1212 document(s) into viaserver');
      const client = await new MongoClient(`mongodb://127.0.0.1:${server.info.wire.port}/?directConnection=true`).connect();
      try {
        expect(await client.db('viaserver').collection('products').countDocuments()).toBe(PRODUCTS + 2);
      } finally {
        await client.close();
      }
    } finally {
      expect(await server.stop()).toBe(0);
      rmSync(dest2, { recursive: true, force: true });
    }
  });

  it('names a database without collections and an unreachable source', async () => {
    const r = await runCli(bin, ['--data-dir', destDir, 'import', '--from', sourceUri, '--db', 'nothing', '--project', 'shop']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("database 'nothing' on mongodb://127.0.0.1:");
    expect(r.stderr).toContain('(databases there: store)');
    const bad = await runCli(bin, ['--data-dir', destDir, 'import', '--from', 'mongodb://127.0.0.1:1/?serverSelectionTimeoutMS=500', '--db', 'store', '--project', 'shop']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('cannot connect to the source MongoDB at mongodb://127.0.0.1:1/');
    const name = await runCli(bin, ['--data-dir', destDir, 'import', '--from', sourceUri, '--db', 'store', '--project', 'no way']);
    expect(name.code).toBe(1);
    expect(name.stderr).toContain('invalid project name "no way"');
  });
});

describe('argon export', () => {
  it('writes one canonical Extended JSON file per collection, loadable line by line', async () => {
    const out = tempDir('export');
    try {
      const r = await runCli(bin, ['--data-dir', destDir, 'export', '--project', 'shop', '--branch', 'main', '--out', out]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/exported 1212 document\(s\) of shop@main as of LSN \d+ to /);
      expect(readdirSync(out).sort()).toEqual(['customers.json', 'products.json']);
      const lines = readFileSync(join(out, 'products.json'), 'utf8').trimEnd().split('\n');
      expect(lines).toHaveLength(PRODUCTS + 2);
      const docs = lines.map((l) => EJSON.parse(l, { relaxed: false }) as Document);
      const byId = new Map(docs.map((d) => [String(d._id), d]));
      for (const i of [0, 7, 500, PRODUCTS + 1]) {
        const want = product(i);
        expect(EJSON.stringify(byId.get(String(want._id)), { relaxed: false })).toBe(EJSON.stringify(want, { relaxed: false }));
      }
      expect(lines.find((l) => l.includes('"sku":"sku-0"'))).toContain('"price":{"$numberDouble":"1.0"}');
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  it('exports the same snapshot through a running server', async () => {
    const local = tempDir('export-local');
    const remote = tempDir('export-remote');
    const server = await startServer(bin, destDir);
    try {
      const a = await runCli(bin, ['--data-dir', destDir, 'export', '--project', 'shop', '--lsn', '5', '--out', remote, '--json']);
      expect(a.code, a.stderr).toBe(0);
      expect(a.json<{ lsn: number; documents: number }>()).toMatchObject({ lsn: 5 });
      expect(server.log()).toContain('"url":"/api/v1/projects/shop/branches/main/time-range"');
      expect(await server.stop()).toBe(0);
      const b = await runCli(bin, ['--data-dir', destDir, 'export', '--project', 'shop', '--lsn', '5', '--out', local, '--json']);
      expect(b.code, b.stderr).toBe(0);
      expect(b.json<{ documents: number }>().documents).toBe(a.json<{ documents: number }>().documents);
      for (const f of readdirSync(local)) expect(readFileSync(join(remote, f), 'utf8')).toBe(readFileSync(join(local, f), 'utf8'));
    } finally {
      await server.stop();
      rmSync(local, { recursive: true, force: true });
      rmSync(remote, { recursive: true, force: true });
    }
  });
});
