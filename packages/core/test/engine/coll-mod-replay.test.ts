import { describe, expect, it } from 'vitest';
import { ArgonEngine, CommandRunner, MemoryStore, type Doc } from '../../src/index.js';

async function listed(r: CommandRunner, db: string): Promise<Doc[]> {
  const reply = await r.execute(db, { listCollections: 1 });
  return JSON.parse(JSON.stringify((reply.cursor as { firstBatch: Doc[] }).firstBatch));
}

async function listedIndexes(r: CommandRunner, db: string, coll: string): Promise<Doc[]> {
  const reply = await r.execute(db, { listIndexes: coll });
  return JSON.parse(JSON.stringify((reply.cursor as { firstBatch: Doc[] }).firstBatch));
}

describe('collMod entries are part of the durable catalog', () => {
  for (const viaCheckpoint of [false, true]) {
    it(viaCheckpoint ? 'survive a checkpoint' : 'survive log replay', async () => {
      const storage = new MemoryStore();
      const first = new CommandRunner(await ArgonEngine.open({ storage }));
      await first.execute('db', { insert: 'c', documents: [{ _id: 1, x: 'a' }] });
      await first.execute('db', { createIndexes: 'c', indexes: [{ key: { x: 1 }, name: 'x_1' }] });
      await first.execute('db', { collMod: 'c', validator: { x: { $type: 'string' } }, index: { name: 'x_1', hidden: true } });
      await first.execute('db', { create: 'v', viewOn: 'c', pipeline: [] });
      await first.execute('db', { collMod: 'v', viewOn: 'c', pipeline: [{ $match: { x: 'z' } }] });
      if (viaCheckpoint) await first.engine.checkpoint('db');
      const before = await listed(first, 'db');
      first.close();
      await first.engine.close();
      const second = new CommandRunner(await ArgonEngine.open({ storage }));
      expect(await listed(second, 'db')).toEqual(before);
      expect(before.find((c) => c.name === 'c')!.options).toEqual({ validator: { x: { $type: 'string' } } });
      expect(before.find((c) => c.name === 'v')!.options).toEqual({ viewOn: 'c', pipeline: [{ $match: { x: 'z' } }] });
      expect((await listedIndexes(second, 'db', 'c')).find((i) => i.name === 'x_1')!.hidden).toBe(true);
      const reply = await second.execute('db', { insert: 'c', documents: [{ _id: 2, x: 1 }] });
      expect((reply.writeErrors as Doc[])[0]!.code).toBe(121);
      second.close();
    });
  }
});
