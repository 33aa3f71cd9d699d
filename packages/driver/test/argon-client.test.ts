import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Decimal128, Double, Int32, Long, ObjectId } from 'bson';
import { MongoBulkWriteError, MongoServerError } from 'mongodb';
import { afterEach, describe, expect, it } from 'vitest';
import { ArgonClient } from '../src/index.js';

const clients: ArgonClient[] = [];
function client(uri = 'memory:', opts = {}): ArgonClient {
  const c = new ArgonClient(uri, opts);
  clients.push(c);
  return c;
}
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
});

describe('ArgonClient: the driver API and result shapes', () => {
  it('insertOne adds _id like the driver and returns insertedId', async () => {
    const coll = client().db('shop').collection('orders');
    const doc: Record<string, unknown> = { qty: 1 };
    const r = await coll.insertOne(doc);
    expect(r.acknowledged).toBe(true);
    expect(r.insertedId).toBeInstanceOf(ObjectId);
    expect(doc._id).toBe(r.insertedId);
    expect(await coll.findOne({ _id: r.insertedId })).toEqual({ _id: r.insertedId, qty: 1 });
  });

  it('updates report matched/modified/upserted counts; a no-op update modifies nothing', async () => {
    const coll = client().db('shop').collection('c');
    await coll.insertMany([{ _id: 1, a: 1 }, { _id: 2, a: 1 }]);
    expect(await coll.updateMany({ a: 1 }, { $set: { a: 2 } })).toMatchObject({ matchedCount: 2, modifiedCount: 2, upsertedCount: 0, upsertedId: null });
    expect(await coll.updateOne({ _id: 1 }, { $set: { a: 2 } })).toMatchObject({ matchedCount: 1, modifiedCount: 0 });
    expect(await coll.updateOne({ _id: 9 }, { $set: { a: 3 } }, { upsert: true })).toMatchObject({ matchedCount: 0, modifiedCount: 0, upsertedCount: 1, upsertedId: 9 });
    expect(await coll.replaceOne({ _id: 2 }, { b: 1 })).toMatchObject({ matchedCount: 1, modifiedCount: 1 });
    expect(await coll.findOne({ _id: 2 })).toEqual({ _id: 2, b: 1 });
    expect(await coll.deleteMany({ a: 2 })).toEqual({ acknowledged: true, deletedCount: 1 });
    expect(await coll.deleteOne({ nothing: 1 })).toEqual({ acknowledged: true, deletedCount: 0 });
  });

  it('findOneAndUpdate/Replace/Delete return documents before or after', async () => {
    const coll = client().db('shop').collection('c');
    await coll.insertOne({ _id: 1, n: 1 });
    expect(await coll.findOneAndUpdate({ _id: 1 }, { $inc: { n: 1 } })).toEqual({ _id: 1, n: 1 });
    expect(await coll.findOneAndUpdate({ _id: 1 }, { $inc: { n: 1 } }, { returnDocument: 'after' })).toEqual({ _id: 1, n: 3 });
    expect(await coll.findOneAndReplace({ _id: 1 }, { m: 1 }, { returnDocument: 'after' })).toEqual({ _id: 1, m: 1 });
    expect(await coll.findOneAndDelete({ _id: 1 })).toEqual({ _id: 1, m: 1 });
    expect(await coll.findOneAndDelete({ _id: 1 })).toBeNull();
    expect(await coll.findOneAndUpdate({ _id: 5 }, { $set: { x: 1 } }, { upsert: true, returnDocument: 'after' })).toEqual({ _id: 5, x: 1 });
  });

  it('duplicate keys raise the driver error classes with code 11000', async () => {
    const coll = client().db('shop').collection('c');
    await coll.insertOne({ _id: 1 });
    await expect(coll.insertOne({ _id: 1 })).rejects.toBeInstanceOf(MongoServerError);
    await expect(coll.insertOne({ _id: 1 })).rejects.toMatchObject({ code: 11000 });
    const err = (await coll.insertMany([{ _id: 2 }, { _id: 1 }, { _id: 3 }]).catch((e: unknown) => e)) as MongoBulkWriteError;
    expect(err).toBeInstanceOf(MongoBulkWriteError);
    expect(err.insertedCount).toBe(1);
    expect(err.writeErrors).toHaveLength(1);
    const unordered = (await coll.insertMany([{ _id: 4 }, { _id: 1 }, { _id: 5 }], { ordered: false }).catch((e: unknown) => e)) as MongoBulkWriteError;
    expect(unordered.insertedCount).toBe(2);
    expect(await coll.countDocuments()).toBe(4);
  });

  it('bulkWrite groups operations and reports every count', async () => {
    const coll = client().db('shop').collection('c');
    const r = await coll.bulkWrite([
      { insertOne: { document: { _id: 1, a: 1 } } },
      { insertOne: { document: { _id: 2, a: 1 } } },
      { updateMany: { filter: { a: 1 }, update: { $set: { a: 2 } } } },
      { updateOne: { filter: { _id: 3 }, update: { $set: { a: 3 } }, upsert: true } },
      { replaceOne: { filter: { _id: 1 }, replacement: { z: 1 } } },
      { deleteOne: { filter: { _id: 2 } } },
    ]);
    expect(r).toMatchObject({ insertedCount: 2, matchedCount: 3, modifiedCount: 3, upsertedCount: 1, deletedCount: 1, insertedIds: { 0: 1, 1: 2 }, upsertedIds: { 3: 3 } });
  });

  it('cursors sort, skip, limit, project and iterate in batches', async () => {
    const coll = client().db('shop').collection('c');
    await coll.insertMany(Array.from({ length: 30 }, (_, i) => ({ _id: i, g: i % 3 })));
    expect(await coll.find({ g: 1 }).sort({ _id: -1 }).skip(2).limit(3).project({ _id: 1 }).toArray()).toEqual([{ _id: 22 }, { _id: 19 }, { _id: 16 }]);
    let n = 0;
    for await (const _ of coll.find({}).batchSize(4)) n++;
    expect(n).toBe(30);
    expect(await coll.countDocuments({ g: 2 })).toBe(10);
    expect(await coll.estimatedDocumentCount()).toBe(30);
    expect((await coll.distinct('g')).sort()).toEqual([0, 1, 2]);
    expect(await coll.aggregate([{ $group: { _id: '$g', n: { $sum: 1 } } }, { $sort: { _id: 1 } }]).toArray()).toEqual([
      { _id: 0, n: 10 },
      { _id: 1, n: 10 },
      { _id: 2, n: 10 },
    ]);
  });

  it('keeps numeric BSON types: promoted by default like the driver, wrappers with promoteValues:false', async () => {
    const c = client();
    const coll = c.db('t').collection('n');
    await coll.insertOne({ _id: 1, i: new Int32(1), d: new Double(1), l: Long.fromNumber(5), m: Decimal128.fromString('1.5') });
    await coll.updateOne({ _id: 1 }, { $inc: { i: 2147483647 } });
    const plain = await coll.findOne({ _id: 1 });
    expect(plain).toMatchObject({ i: 2147483648, d: 1, l: 5 });
    expect(plain!.m).toBeInstanceOf(Decimal128);
    const raw = client('memory:', { promoteValues: false });
    await raw.db('t').collection('n').insertOne({ _id: 1, i: new Int32(1), d: new Double(1), l: Long.fromNumber(5) });
    await raw.db('t').collection('n').updateOne({ _id: 1 }, { $inc: { i: 2147483647, d: 1 } });
    const typed = (await raw.db('t').collection('n').findOne({ _id: 1 })) as Record<string, { _bsontype: string; toString(): string }>;
    expect([typed.i!._bsontype, typed.i!.toString()]).toEqual(['Long', '2147483648']);
    expect([typed.d!._bsontype, typed.d!.toString()]).toEqual(['Double', '2']);
    expect(typed.l!._bsontype).toBe('Long');
  });

  it('indexes: create, list, enforce uniqueness, drop', async () => {
    const coll = client().db('shop').collection('u');
    await coll.insertOne({ _id: 1, email: 'a' });
    expect(await coll.createIndex({ email: 1 }, { unique: true })).toBe('email_1');
    expect((await coll.indexes()).map((i) => i.name)).toEqual(['_id_', 'email_1']);
    await expect(coll.insertOne({ _id: 2, email: 'a' })).rejects.toMatchObject({ code: 11000 });
    await coll.dropIndex('email_1');
    await coll.insertOne({ _id: 2, email: 'a' });
    expect(await coll.countDocuments({ email: 'a' })).toBe(2);
  });
});

describe('ArgonClient: branches and time travel', () => {
  it('typed helpers create, list, reset, diff and show history', async () => {
    const c = client();
    const orders = c.db('shop').collection('orders');
    await orders.insertOne({ _id: 1, qty: 1 });
    const { headLsn } = await c.status('shop');
    await orders.updateOne({ _id: 1 }, { $set: { qty: 2 } });
    const b = await c.createBranch('shop', 'feature');
    expect(b).toMatchObject({ name: 'feature', parent: 'main', baseLsn: headLsn + 1 });
    await c.db('shop@feature').collection('orders').insertOne({ _id: 2 });
    expect((await c.listBranches('shop')).map((x) => x.name).sort()).toEqual(['feature', 'main']);
    const d = await c.diff('shop', 'shop@feature');
    expect(d.added.map((x) => (x as { _id: unknown })._id)).toEqual([2]);
    const h = await c.history('shop', 'orders', 1);
    expect(h.versions.map((v) => v.doc)).toEqual([{ _id: 1, qty: 1 }, { _id: 1, qty: 2 }]);
    expect(await c.db(`shop@main@${headLsn}`).collection('orders').findOne({ _id: 1 })).toEqual({ _id: 1, qty: 1 });
    await expect(c.db(`shop@main@${headLsn}`).collection('orders').deleteMany({})).rejects.toMatchObject({ code: 166 });
    const reset = await c.resetBranch('shop', 'main', { lsn: headLsn, backup: 'old-main' });
    expect(reset.discarded).toEqual({ from: headLsn + 1, to: headLsn + 1 });
    expect(await orders.findOne({ _id: 1 })).toEqual({ _id: 1, qty: 1 });
    expect(await c.db('shop@old-main').collection('orders').findOne({ _id: 1 })).toEqual({ _id: 1, qty: 2 });
    await expect(c.createBranch('shop', 'feature')).rejects.toMatchObject({ code: 48 });
    await expect(c.db('shop@nope').collection('orders').findOne({})).rejects.toThrow(/branch 'nope' does not exist/);
  });

  it('a file: URL persists across reopen', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'argon-driver-'));
    try {
      const a = new ArgonClient(`file:${dir}`);
      await a.db('p').collection('c').insertMany([{ _id: 1 }, { _id: 2 }]);
      await a.createBranch('p', 'b');
      await a.close();
      const b = client(dir);
      expect(await b.db('p').collection('c').countDocuments()).toBe(2);
      expect((await b.listBranches('p')).map((x) => x.name).sort()).toEqual(['b', 'main']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
