import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArgonClient } from '@argon/driver';
import { mongoTarget, type MongoTarget } from './support/mongo-target.js';

describe('pass-through mode (wal: false / ARGON_ENABLE_WAL=false)', () => {
  let target: MongoTarget;
  beforeAll(async () => {
    target = await mongoTarget();
    console.log(`pass-through test runs against: ${target.kind}`);
  });
  afterAll(async () => target?.stop());

  it('sends operations straight to the real collections and writes no log', async () => {
    const argon = new ArgonClient(target.uri, { wal: false });
    const direct = await new MongoClient(target.uri).connect();
    try {
      expect(argon.passThrough).toBe(true);
      await argon.db('plainshop').collection('orders').insertOne({ _id: 1, qty: 2 } as never);
      await argon.db('plainshop').collection('orders').updateOne({ _id: 1 } as never, { $inc: { qty: 1 } });
      expect(await direct.db('plainshop').collection('orders').findOne({ _id: 1 } as never)).toEqual({ _id: 1, qty: 3 });
      const walDbs = (await direct.db('admin').command({ listDatabases: 1, nameOnly: true })).databases.map((d: { name: string }) => d.name);
      expect(walDbs).not.toContain('argon_wal');
      await expect(argon.createBranch('plainshop', 'feature')).rejects.toThrow(/pass-through/);
    } finally {
      await argon.close();
      await direct.close();
    }
  });

  it('reads the switch from ARGON_ENABLE_WAL, and refuses it without a real MongoDB', () => {
    const before = process.env.ARGON_ENABLE_WAL;
    process.env.ARGON_ENABLE_WAL = 'false';
    try {
      expect(new ArgonClient(target.uri).passThrough).toBe(true);
      expect(() => new ArgonClient('memory:')).toThrow(/needs a mongodb:\/\/ connection string/);
    } finally {
      if (before === undefined) delete process.env.ARGON_ENABLE_WAL;
      else process.env.ARGON_ENABLE_WAL = before;
    }
    expect(new ArgonClient(target.uri).passThrough).toBe(false);
  });
});
