import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArgonEngine, CommandRunner } from '@argon/core';
import { runStorageConformance } from '../../core/test/storage/conformance.js';
import { MongoStore } from '../src/index.js';
import { mongoTarget, type MongoTarget } from './support/mongo-target.js';

let target: MongoTarget;
beforeAll(async () => {
  target = await mongoTarget();
  console.log(`MongoStore tests run against: ${target.kind} (${target.uri.replace(/\/\/[^@/]*@/, '//***@')})`);
});
afterAll(async () => target?.stop());

// Each fixture gets its own WAL database so tests never see each other's data.
runStorageConformance('mongodb', async () => {
  const database = `argon_wal_${randomUUID().slice(0, 8)}`;
  return {
    store: new MongoStore({ uri: target.uri, database }),
    reopen: async () => new MongoStore({ uri: target.uri, database }),
    cleanup: async () => {},
  };
});

describe('the engine on the MongoDB backend', () => {
  it('branches, time-travels and survives a restart', async () => {
    const database = `argon_wal_${randomUUID().slice(0, 8)}`;
    const engine = await ArgonEngine.open({ storage: new MongoStore({ uri: target.uri, database }) });
    const r = new CommandRunner(engine);
    await r.execute('shop', { insert: 'o', documents: [{ _id: 1, qty: 1 }] });
    const { headLsn } = (await r.execute('shop', { argonStatus: 1 })) as { headLsn: number };
    await r.execute('shop', { update: 'o', updates: [{ q: { _id: 1 }, u: { $inc: { qty: 1 } } }] });
    await r.execute('shop', { argonCreateBranch: 'f' });
    await r.execute('shop@f', { insert: 'o', documents: [{ _id: 2 }] });
    r.close();
    await engine.close();

    const again = new CommandRunner(await ArgonEngine.open({ storage: new MongoStore({ uri: target.uri, database }) }));
    const find = async (db: string) => JSON.parse(JSON.stringify(((await again.execute(db, { find: 'o', sort: { _id: 1 } })).cursor as { firstBatch: unknown[] }).firstBatch));
    expect(await find('shop')).toEqual([{ _id: 1, qty: 2 }]);
    expect(await find('shop@f')).toEqual([{ _id: 1, qty: 2 }, { _id: 2 }]);
    expect(await find(`shop@main@${headLsn}`)).toEqual([{ _id: 1, qty: 1 }]);
    again.close();
    await again.engine.close();
  });

  it('a retried append of the same entries is not applied twice', async () => {
    const database = `argon_wal_${randomUUID().slice(0, 8)}`;
    const store = new MongoStore({ uri: target.uri, database });
    await store.open();
    const lsn = await store.reserveLsns('p', 1);
    const entry = { project: 'p', lsn, branchId: 'b', ts: Date.now(), collection: 'c', kind: 'put' as const, id: 1, post: { _id: 1 }, pre: null, op: { type: 'insert' as const }, opId: 'op-1' };
    await store.append([entry]);
    await store.append([entry]);
    const all = [];
    for await (const e of store.readLog('p', 0)) all.push(e);
    expect(all).toHaveLength(1);
    await expect(store.append([{ ...entry, opId: 'someone-else' }])).rejects.toThrow(/failed to append/);
    await store.close();
  });
});
