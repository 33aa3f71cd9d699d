import { Binary } from 'bson';
import { afterEach, describe, expect, it } from 'vitest';
import { ArgonClient, type ArgonCollection } from '../src/index.js';

/**
 * The official driver serializes a command when it is called, so an
 * application may reuse or change its objects afterwards. ArgonClient runs
 * in-process: each case changes the objects it passed (or got back) and
 * checks that the stored document, and its history, did not change.
 */
const clients: ArgonClient[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
});

async function collection(): Promise<ArgonCollection> {
  const c = new ArgonClient('memory:');
  clients.push(c);
  const coll = c.db('shop').collection('c');
  await coll.insertOne({ _id: 0, seed: true });
  return coll;
}

type Doc = Record<string, any>;
interface Case {
  readonly name: string;
  /** Writes through the API, then changes what it passed in; returns the `_id` to read back. */
  readonly run: (coll: ArgonCollection) => Promise<unknown>;
  readonly expected: Doc;
}

const cases: Case[] = [
  {
    name: 'insertOne: nested array and subdocument changed after the call',
    run: async (coll) => {
      const d: Doc = { _id: 1, tags: ['a'], sub: { s: 'x' } };
      await coll.insertOne(d);
      d.tags.push('b');
      d.sub.s = 'changed';
      d.extra = 1;
      return 1;
    },
    expected: { _id: 1, tags: ['a'], sub: { s: 'x' } },
  },
  {
    name: 'insertMany: every document of the batch',
    run: async (coll) => {
      const docs: Doc[] = [{ _id: 'm2', a: ['x'] }, { _id: 'm3', a: ['x'] }];
      await coll.insertMany(docs);
      for (const d of docs) d.a.push('y');
      docs[0]!.a = 'replaced';
      return 'm2';
    },
    expected: { _id: 'm2', a: ['x'] },
  },
  {
    name: 'a Date and a Buffer changed in place',
    run: async (coll) => {
      const when = new Date(1000);
      const bytes = Buffer.from([1, 2, 3]);
      const bin = new Binary(Buffer.from([4, 5]), 0);
      await coll.insertOne({ _id: 4, when, bytes, bin });
      when.setTime(2000);
      bytes[0] = 9;
      bin.buffer[0] = 9;
      return 4;
    },
    expected: { _id: 4, when: new Date(1000), bytes: Buffer.from([1, 2, 3]), bin: new Binary(Buffer.from([4, 5]), 0) },
  },
  {
    name: 'updateOne: the $set value changed after the call',
    run: async (coll) => {
      await coll.insertOne({ _id: 5 });
      const tags = ['a'];
      await coll.updateOne({ _id: 5 }, { $set: { tags } });
      tags.push('b');
      return 5;
    },
    expected: { _id: 5, tags: ['a'] },
  },
  {
    name: 'updateOne: the $push value changed after the call',
    run: async (coll) => {
      await coll.insertOne({ _id: 6, items: [] });
      const item = { sku: 'x', qty: 1 };
      await coll.updateOne({ _id: 6 }, { $push: { items: item } });
      item.qty = 99;
      return 6;
    },
    expected: { _id: 6, items: [{ sku: 'x', qty: 1 }] },
  },
  {
    name: 'replaceOne: the replacement changed after the call',
    run: async (coll) => {
      await coll.insertOne({ _id: 7 });
      const r: Doc = { list: [1] };
      await coll.replaceOne({ _id: 7 }, r);
      r.list.push(2);
      return 7;
    },
    expected: { _id: 7, list: [1] },
  },
  {
    name: 'upsert: the seeded document changed after the call',
    run: async (coll) => {
      const filter: Doc = { _id: 8, k: { deep: 'x' } };
      await coll.updateOne(filter, { $set: { v: 1 } }, { upsert: true });
      filter.k.deep = 'changed';
      return 8;
    },
    expected: { _id: 8, k: { deep: 'x' }, v: 1 },
  },
  {
    name: 'findOneAndUpdate: the update value changed after the call',
    run: async (coll) => {
      await coll.insertOne({ _id: 9 });
      const sub = { n: 1 };
      await coll.findOneAndUpdate({ _id: 9 }, { $set: { sub } });
      sub.n = 2;
      return 9;
    },
    expected: { _id: 9, sub: { n: 1 } },
  },
  {
    name: 'bulkWrite: inserted and replacement documents',
    run: async (coll) => {
      const ins: Doc = { _id: 10, a: ['x'] };
      const rep: Doc = { b: ['y'] };
      await coll.bulkWrite([{ insertOne: { document: ins } }, { insertOne: { document: { _id: 11 } } }, { replaceOne: { filter: { _id: 11 }, replacement: rep } }]);
      ins.a.push('changed');
      rep.b.push('changed');
      return 10;
    },
    expected: { _id: 10, a: ['x'] },
  },
  {
    name: 'a document read back and changed',
    run: async (coll) => {
      await coll.insertOne({ _id: 12, a: ['x'], when: new Date(5), bin: new Binary(Buffer.from([1]), 0) });
      const got = (await coll.findOne({ _id: 12 })) as Doc;
      got.a.push('changed');
      got.when.setTime(6);
      got.bin.buffer[0] = 7;
      const [viaCursor] = (await coll.find({ _id: 12 }).toArray()) as Doc[];
      viaCursor!.a.push('changed too');
      return 12;
    },
    expected: { _id: 12, a: ['x'], when: new Date(5), bin: new Binary(Buffer.from([1]), 0) },
  },
];

describe('ArgonClient keeps no reference to the caller\'s objects', () => {
  it.each(cases)('$name', async ({ run, expected }) => {
    const coll = await collection();
    const id = await run(coll);
    expect(await coll.findOne({ _id: id })).toEqual(expected);
  });

  it('an old version (time travel) stays as it was written when the caller reuses its object', async () => {
    const c = new ArgonClient('memory:');
    clients.push(c);
    const coll = c.db('shop').collection('c');
    const d: Doc = { _id: 1, v: ['first'] };
    await coll.insertOne(d);
    const { headLsn: lsn } = await c.status('shop');
    d.v.push('mutated');
    await coll.updateOne({ _id: 1 }, { $set: { w: 1 } });
    const old = c.db(`shop@main@${lsn}`).collection('c');
    expect(await old.findOne({ _id: 1 })).toEqual({ _id: 1, v: ['first'] });
    expect(await coll.findOne({ _id: 1 })).toEqual({ _id: 1, v: ['first'], w: 1 });
  });
});
