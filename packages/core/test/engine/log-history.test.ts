import { describe, expect, it } from 'vitest';
import { ArgonEngine, CommandRunner, MemoryStore, type Lsn, type WalEntry } from '../../src/index.js';
import { run } from '../support/engine-fixture.js';

/** A MemoryStore that records where each readLog starts and how many entries it hands out. */
class CountingStore extends MemoryStore {
  starts: Lsn[] = [];
  yielded = 0;
  override async *readLog(project: string, afterLsn: Lsn, limit?: number): AsyncIterable<WalEntry> {
    this.starts.push(afterLsn);
    for await (const e of super.readLog(project, afterLsn, limit)) {
      this.yielded++;
      yield e;
    }
  }
}

const lsns = (es: readonly WalEntry[]) => es.map((e) => e.lsn);

describe('project and branch log (newest entries first)', () => {
  // 3 documents in `rare`, then 3,000 in `busy` on main; a branch `dev` forked
  // in the middle with its own writes, and a sibling `other` whose writes
  // dev must not list.
  async function history() {
    const store = new CountingStore();
    const engine = await ArgonEngine.open({ storage: store, checkpointEveryEntries: 0 });
    const r = new CommandRunner(engine);
    await run(r, 'shop', { insert: 'rare', documents: [{ _id: 1 }, { _id: 2 }, { _id: 3 }] });
    for (let b = 0; b < 6; b++) {
      await run(r, 'shop', { insert: 'busy', documents: Array.from({ length: 500 }, (_, i) => ({ _id: b * 500 + i })) });
      if (b === 2) {
        await engine.createBranch('shop', 'dev');
        await engine.createBranch('shop', 'other');
        await run(r, 'shop@dev', { insert: 'busy', documents: [{ _id: 'd1' }, { _id: 'd2' }] });
        await run(r, 'shop@other', { insert: 'busy', documents: [{ _id: 'o1' }] });
      }
    }
    await run(r, 'shop@dev', { delete: 'busy', deletes: [{ q: { _id: 'd1' }, limit: 1 }] });
    // What a scan of the whole log says, newest first.
    const all: WalEntry[] = [];
    for await (const e of store.readLog('shop', 0)) all.push(e);
    all.reverse();
    store.starts = [];
    store.yielded = 0;
    return { store, engine, all };
  }

  it('lists the newest entries of every branch without reading the whole log', async () => {
    const { store, engine, all } = await history();
    const got = await engine.projectLog('shop', { limit: 10 });
    expect(lsns(got)).toEqual(lsns(all.slice(0, 10)));
    expect(Math.min(...store.starts)).toBeGreaterThan(0);
    expect(store.yielded).toBeLessThan(all.length / 2);
    await engine.close();
  });

  it('reaches back as far as a filter needs, and lists everything without a limit', async () => {
    const { store, engine, all } = await history();
    const rare = await engine.projectLog('shop', { collection: 'rare', limit: 10 });
    expect(lsns(rare)).toEqual(lsns(all.filter((e) => e.collection === 'rare')));
    expect(rare).toHaveLength(4); // createCollection and three inserts
    expect(store.starts.at(-1)).toBe(0);
    expect(lsns(await engine.projectLog('shop'))).toEqual(lsns(all));
    for (const limit of [1, 600, 2000, 5000, 7000]) expect(lsns(await engine.projectLog('shop', { limit }))).toEqual(lsns(all.slice(0, limit)));
    await engine.close();
  });

  it('lists what a branch sees: its own entries and its ancestry up to the fork, never a sibling', async () => {
    const { engine, all } = await history();
    const state = engine.projectStates().find((s) => s.name === 'shop')!;
    const ids = new Map([...state.branches.values()].map((b) => [b.name, b.id]));
    const dev = await engine.branchLog('shop', 'dev', { limit: 5 });
    const devEntries = all.filter((e) => e.branchId === ids.get('dev'));
    expect(devEntries).toHaveLength(3);
    // dev's newest entries are its own three, then main's last before the fork.
    expect(lsns(dev.slice(0, 3))).toEqual(lsns(devEntries));
    const fork = Math.min(...lsns(devEntries)) - 1;
    expect(lsns(dev.slice(3))).toEqual(lsns(all.filter((e) => e.branchId === ids.get('main') && e.lsn <= fork).slice(0, 2)));
    expect(dev.some((e) => e.branchId === ids.get('other'))).toBe(false);
    const devAll = await engine.branchLog('shop', 'dev', { collection: 'busy' });
    // createCollection, main's 1,500 inserts before the fork, dev's two inserts and a delete.
    expect(devAll).toHaveLength(1 + 1500 + 3);
    const mainBusy = await engine.branchLog('shop', 'main', { collection: 'busy', limit: 4000 });
    expect(lsns(mainBusy)).toEqual(lsns(all.filter((e) => e.branchId === ids.get('main') && e.collection === 'busy').slice(0, 4000)));
    await engine.close();
  });
});
