import { MongoClient, type Document } from 'mongodb';

// Numeric _ids: declare the id type so the driver's typings do not assume ObjectId.
type Row = Document & { _id?: number };
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../support/argon-server.js';

describe('the official Node driver against argon serve', () => {
  let t: Awaited<ReturnType<typeof startTestServer>>;
  let client: MongoClient;
  beforeAll(async () => {
    t = await startTestServer();
    client = await new MongoClient(t.uri()).connect();
  });
  afterAll(async () => {
    await client?.close();
    await t?.stop();
  });

  it('writes on main, branches over the wire, writes on the branch, and time-travels', async () => {
    const main = client.db('shop').collection<Row>('orders');
    await main.insertMany([{ _id: 1, qty: 5 }, { _id: 2, qty: 7 }]);
    const before = await client.db('shop').command({ argonStatus: 1 });
    await main.updateOne({ _id: 1 }, { $inc: { qty: 1 } });
    const created = await client.db('shop').command({ argonCreateBranch: 'feature' });
    expect(created.branch).toMatchObject({ name: 'feature', parent: 'main' });
    const feature = client.db('shop@feature').collection<Row>('orders');
    await feature.insertOne({ _id: 3, qty: 1 });
    await feature.deleteOne({ _id: 2 });
    await main.insertOne({ _id: 4, qty: 9 });
    expect(await main.find().sort({ _id: 1 }).toArray()).toEqual([{ _id: 1, qty: 6 }, { _id: 2, qty: 7 }, { _id: 4, qty: 9 }]);
    expect(await feature.find().sort({ _id: 1 }).toArray()).toEqual([{ _id: 1, qty: 6 }, { _id: 3, qty: 1 }]);
    const old = client.db(`shop@main@${before.headLsn}`).collection<Row>('orders');
    expect(await old.find().sort({ _id: 1 }).toArray()).toEqual([{ _id: 1, qty: 5 }, { _id: 2, qty: 7 }]);
    await expect(old.insertOne({ _id: 99 })).rejects.toMatchObject({ code: 166, message: expect.stringContaining('read-only time-travel view') });
  });

  it('reports duplicate keys with code 11000 and stops an ordered batch at the failing document', async () => {
    const c = client.db('dups').collection<Row>('c');
    await c.insertOne({ _id: 1 });
    const err = await c.insertMany([{ _id: 2 }, { _id: 1 }, { _id: 3 }]).catch((e: unknown) => e as { code: number; insertedCount: number });
    expect(err).toMatchObject({ code: 11000, insertedCount: 1 });
    expect(await c.countDocuments()).toBe(2);
  });

  it('pages through a cursor with getMore and kills it', async () => {
    const c = client.db('paging').collection<Row>('c');
    await c.insertMany(Array.from({ length: 250 }, (_, i) => ({ _id: i })));
    const cursor = c.find({}, { batchSize: 7 });
    let n = 0;
    for await (const _ of cursor) n++;
    expect(n).toBe(250);
    const partial = c.find({}, { batchSize: 2 });
    await partial.next();
    await partial.close();
    expect(await c.estimatedDocumentCount()).toBe(250);
  });

  it('rejects transactions with a clear error instead of ignoring them', async () => {
    const session = client.startSession();
    try {
      const err = (await session.withTransaction(async () => client.db('tx').collection<Row>('c').insertOne({ a: 1 }, { session })).catch((e: unknown) => e)) as { code?: number; originalError?: { code?: number; message: string } };
      // The driver replaces code 20 on writes with its own "retryable writes" text; our reply is kept as originalError.
      const reply = err.originalError ?? (err as { code?: number; message: string });
      expect(reply.code).toBe(20);
      expect(reply.message).toMatch(/Transaction numbers are only allowed on a replica set member or mongos/);
    } finally {
      await session.endSession();
    }
    expect(await client.db('tx').collection<Row>('c').countDocuments()).toBe(0);
  });
});
