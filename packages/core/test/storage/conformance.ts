import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Binary, BSONRegExp, Decimal128, Double, Int32, Long, ObjectId, Timestamp } from 'bson';
import type { BranchRecord, CheckpointImage, Lsn, ProjectRecord, PutEntry, StorageBackend, WalEntry } from '../../src/index.js';

/**
 * What a backend's test file hands to {@link runStorageConformance}: a fresh,
 * not yet opened store, optionally a way to get a new (not yet opened) store
 * on the same data (called after the suite closed `store`), and a cleanup.
 */
export interface ConformanceFixture {
  readonly store: StorageBackend;
  readonly reopen?: () => Promise<StorageBackend>;
  readonly cleanup: () => Promise<void>;
}

/** Builds a put entry with sensible defaults. */
export function putEntry(project: string, lsn: Lsn, extra: Partial<PutEntry> = {}): PutEntry {
  return {
    project,
    lsn,
    branchId: 'b-main',
    ts: 1_700_000_000_000 + lsn,
    collection: 'users',
    kind: 'put',
    id: new Int32(lsn),
    post: { _id: new Int32(lsn), n: new Int32(lsn) },
    pre: null,
    op: { type: 'insert' },
    ...extra,
  };
}

/** Builds a checkpoint image from byte arrays. */
export function checkpointImage(project: string, lsn: Lsn, chunks: number[][]): CheckpointImage {
  return { project, lsn, createdAt: new Date(1_700_000_000_000 + lsn), chunks: chunks.map((c) => new Uint8Array(c)) };
}

async function collect(it: AsyncIterable<WalEntry>): Promise<WalEntry[]> {
  const out: WalEntry[] = [];
  for await (const e of it) out.push(e);
  return out;
}

function bsonType(v: unknown): string {
  return v !== null && typeof v === 'object' && '_bsontype' in v ? String((v as { _bsontype: unknown })._bsontype) : typeof v;
}

/**
 * The storage contract, run against every backend (memory, file, MongoDB).
 * It calls describe/it itself; call it once per backend from a test file.
 */
export function runStorageConformance(name: string, makeStore: () => Promise<ConformanceFixture>): void {
  describe(`storage conformance: ${name}`, () => {
    let fx: ConformanceFixture;
    let store: StorageBackend;

    beforeEach(async () => {
      fx = await makeStore();
      store = fx.store;
      await store.open();
    });

    afterEach(async () => {
      await store.close();
      await fx.cleanup();
    });

    async function reopened(): Promise<StorageBackend | undefined> {
      if (!fx.reopen) return undefined;
      await store.close();
      store = await fx.reopen();
      await store.open();
      return store;
    }

    describe('reserveLsns', () => {
      it('hands out ascending, non-overlapping ranges', async () => {
        let prevLast = 0;
        for (const count of [1, 5, 3, 1, 100]) {
          const first = await store.reserveLsns('shop', count);
          expect(first).toBeGreaterThan(prevLast);
          prevLast = first + count - 1;
        }
      });

      it('keeps projects separate and valid for each', async () => {
        const a = await store.reserveLsns('alpha', 2);
        const b = await store.reserveLsns('beta', 2);
        const a2 = await store.reserveLsns('alpha', 1);
        expect(a).toBeGreaterThanOrEqual(1);
        expect(b).toBeGreaterThanOrEqual(1);
        expect(a2).toBeGreaterThan(a + 1);
      });

      it('never hands out an LSN twice under 100 concurrent calls', async () => {
        const counts = Array.from({ length: 100 }, (_, i) => 1 + (i % 4));
        const firsts = await Promise.all(counts.map((c) => store.reserveLsns('shop', c)));
        const seen = new Set<number>();
        firsts.forEach((first, i) => {
          for (let l = first; l < first + counts[i]!; l++) {
            expect(seen.has(l)).toBe(false);
            seen.add(l);
          }
        });
        expect(seen.size).toBe(counts.reduce((a, b) => a + b, 0));
        // In one process calls are served in order, so ranges ascend in call order;
        // a shared backend serves concurrent calls over a pool, where only uniqueness holds.
        if (!store.shared) for (let i = 1; i < firsts.length; i++) expect(firsts[i]!).toBeGreaterThan(firsts[i - 1]!);
        const after = await store.reserveLsns('shop', 1);
        expect(after).toBeGreaterThan(Math.max(...seen));
      });
    });

    describe('append and readLog', () => {
      it('returns a project’s entries in LSN order, honouring afterLsn and limit', async () => {
        const shop: Lsn[] = [];
        for (let i = 0; i < 6; i++) {
          const a = await store.reserveLsns('shop', 1);
          const b = await store.reserveLsns('other', 1);
          shop.push(a);
          await store.append([putEntry('shop', a), putEntry('other', b)]);
        }
        const all = await collect(store.readLog('shop', 0));
        expect(all.map((e) => e.lsn)).toEqual(shop);
        expect(all.every((e) => e.project === 'shop')).toBe(true);
        expect((await collect(store.readLog('shop', shop[2]!))).map((e) => e.lsn)).toEqual(shop.slice(3));
        expect((await collect(store.readLog('shop', shop[2]!, 2))).map((e) => e.lsn)).toEqual(shop.slice(3, 5));
        expect((await collect(store.readLog('shop', 0, 1))).map((e) => e.lsn)).toEqual(shop.slice(0, 1));
        expect(await collect(store.readLog('shop', shop.at(-1)!))).toEqual([]);
        expect(await collect(store.readLog('nobody', 0))).toEqual([]);
      });

      it('reads from an LSN that falls in a gap', async () => {
        await store.append([putEntry('gap', 10), putEntry('gap', 20), putEntry('gap', 30)]);
        expect((await collect(store.readLog('gap', 15))).map((e) => e.lsn)).toEqual([20, 30]);
        expect((await collect(store.readLog('gap', 9))).map((e) => e.lsn)).toEqual([10, 20, 30]);
      });

      it('accepts many entries in many calls and seeks into the middle', async () => {
        let lsn = 0;
        for (let batch = 0; batch < 20; batch++) {
          const entries: WalEntry[] = [];
          for (let i = 0; i < 100; i++) entries.push(putEntry('big', ++lsn));
          await store.append(entries);
        }
        const tail = await collect(store.readLog('big', 1500));
        expect(tail.length).toBe(500);
        expect(tail[0]!.lsn).toBe(1501);
        expect(tail.at(-1)!.lsn).toBe(2000);
        const window = await collect(store.readLog('big', 777, 3));
        expect(window.map((e) => e.lsn)).toEqual([778, 779, 780]);
      });

      it('resolves concurrent appends in call order and keeps them all', async () => {
        const order: number[] = [];
        await Promise.all(Array.from({ length: 20 }, (_, i) => store.append([putEntry('conc', i + 1)]).then(() => order.push(i))));
        expect(order).toEqual(Array.from({ length: 20 }, (_, i) => i));
        expect((await collect(store.readLog('conc', 0))).map((e) => e.lsn)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
      });

      it('accepts an empty append', async () => {
        await expect(store.append([])).resolves.toBeUndefined();
      });

      it('keeps BSON types: Int32, Double(1.0), Long and Decimal128 stay distinct', async () => {
        const oid = new ObjectId('65a1b2c3d4e5f60718293a4b');
        const when = new Date('2026-11-21T10:00:00.123Z');
        const post = {
          _id: oid,
          i: new Int32(1),
          d: new Double(1.0),
          l: Long.fromNumber(1),
          big: Long.fromString('9007199254740993'),
          dec: Decimal128.fromString('1.0'),
          nested: { a: { b: [new Int32(1), new Double(2.5), 'x', null, true] } },
          arr: [{ k: new Int32(2) }, [new Double(3)]],
          when,
          bin: new Binary(Buffer.from([0, 1, 2, 255]), 0),
          uuid: new Binary(Buffer.from('0123456789abcdef0123456789abcdef', 'hex'), 4),
          re: new BSONRegExp('^a.c$', 'i'),
          ts: new Timestamp({ t: 1700000000, i: 7 }),
          s: 'héllo',
          nul: null,
          t: true,
        };
        const entry = putEntry('types', 1, { id: oid, post, pre: { _id: oid, i: new Double(1) }, op: { type: 'update', filter: { _id: oid }, update: { $set: { d: new Double(1) } } } });
        await store.append([entry]);
        const [got] = await collect(store.readLog('types', 0));
        expect(got).toBeDefined();
        const e = got as PutEntry;
        expect(typeof e.lsn).toBe('number');
        expect(typeof e.ts).toBe('number');
        expect(e.lsn).toBe(1);
        expect(e.ts).toBe(entry.ts);
        expect(bsonType(e.id)).toBe('ObjectId');
        expect((e.id as ObjectId).toHexString()).toBe(oid.toHexString());
        const p = e.post as typeof post;
        expect(bsonType(p.i)).toBe('Int32');
        expect(bsonType(p.d)).toBe('Double');
        expect(bsonType(p.l)).toBe('Long');
        expect(bsonType(p.dec)).toBe('Decimal128');
        expect(p.i.value).toBe(1);
        expect(p.d.value).toBe(1);
        expect(p.l.toString()).toBe('1');
        expect(p.big.toString()).toBe('9007199254740993');
        expect(p.dec.toString()).toBe('1.0');
        expect(bsonType(p.nested.a.b[0])).toBe('Int32');
        expect(bsonType(p.nested.a.b[1])).toBe('Double');
        expect(p.nested.a.b.slice(2)).toEqual(['x', null, true]);
        expect(bsonType((p.arr[0] as { k: Int32 }).k)).toBe('Int32');
        expect(bsonType((p.arr[1] as Double[])[0])).toBe('Double');
        expect(p.when).toBeInstanceOf(Date);
        expect(p.when.getTime()).toBe(when.getTime());
        expect(bsonType(p.bin)).toBe('Binary');
        expect([...p.bin.buffer]).toEqual([0, 1, 2, 255]);
        expect(p.uuid.sub_type).toBe(4);
        expect(bsonType(p.re)).toBe('BSONRegExp');
        expect(p.re.pattern).toBe('^a.c$');
        expect(bsonType(p.ts)).toBe('Timestamp');
        expect(p.ts.t).toBe(1700000000);
        expect(p.s).toBe('héllo');
        expect(p.nul).toBeNull();
        expect(p.t).toBe(true);
        expect(Object.keys(p)).toEqual(Object.keys(post));
        expect(bsonType((e.pre as { i: unknown }).i)).toBe('Double');
        expect(e.op.type).toBe('update');
        expect(bsonType((e.op.update as { $set: { d: unknown } }).$set.d)).toBe('Double');
      });

      it('round-trips every entry kind', async () => {
        const base = { project: 'kinds', branchId: 'b1', ts: 1_700_000_000_000, collection: 'c' };
        const entries: WalEntry[] = [
          { ...base, lsn: 1, kind: 'createCollection', options: { capped: false } },
          { ...base, lsn: 2, kind: 'createIndex', spec: { name: 'a_1', key: { a: new Int32(1) }, unique: true } },
          putEntry('kinds', 3, { actor: 'alice', opId: 'op-1' }),
          { ...base, lsn: 4, kind: 'delete', id: new Int32(3), pre: { _id: new Int32(3) }, op: { type: 'delete', filter: { _id: new Int32(3) } } },
          { ...base, lsn: 5, kind: 'dropIndex', name: 'a_1' },
          { ...base, lsn: 6, kind: 'dropCollection' },
        ];
        await store.append(entries);
        const got = await collect(store.readLog('kinds', 0));
        expect(got.map((e) => e.kind)).toEqual(['createCollection', 'createIndex', 'put', 'delete', 'dropIndex', 'dropCollection']);
        expect(got[1]).toMatchObject({ spec: { name: 'a_1', unique: true } });
        expect(got[2]).toMatchObject({ actor: 'alice', opId: 'op-1', branchId: 'b-main' });
        expect(got[4]).toMatchObject({ name: 'a_1', collection: 'c', branchId: 'b1' });
      });
    });

    describe('projects and branches', () => {
      const created = new Date('2026-01-02T03:04:05.678Z');
      const project = (name: string, extra: Partial<ProjectRecord> = {}): ProjectRecord => ({ name, createdAt: created, deleted: false, ...extra });
      const branch = (p: string, id: string, extra: Partial<BranchRecord> = {}): BranchRecord => ({
        id,
        project: p,
        name: id,
        parentId: id === 'main' ? null : 'main',
        baseLsn: 0,
        headLsn: 0,
        createdAt: created,
        resets: [],
        deleted: false,
        ...extra,
      });

      it('saves, loads and overwrites projects', async () => {
        expect(await store.loadProjects()).toEqual([]);
        await store.saveProject(project('shop'));
        await store.saveProject(project('blog'));
        const deletedAt = new Date('2026-02-01T00:00:00Z');
        await store.saveProject(project('shop', { deleted: true, deletedAt }));
        const got = (await store.loadProjects()).sort((a, b) => a.name.localeCompare(b.name));
        expect(got).toEqual([project('blog'), project('shop', { deleted: true, deletedAt })]);
        expect(got[1]!.createdAt).toBeInstanceOf(Date);
        expect(got[1]!.deletedAt).toBeInstanceOf(Date);
      });

      it('saves, loads and overwrites branches per project', async () => {
        expect(await store.loadBranches('shop')).toEqual([]);
        await store.saveBranch(branch('shop', 'main'));
        await store.saveBranch(branch('shop', 'feature', { baseLsn: 5, headLsn: 9 }));
        await store.saveBranch(branch('blog', 'main'));
        const reset = { atLsn: 12, toLsn: 6, discarded: { from: 7, to: 11 }, at: new Date('2026-03-01T00:00:00Z'), backup: 'feature-backup' };
        await store.saveBranch(branch('shop', 'feature', { baseLsn: 5, headLsn: 12, resets: [reset] }));
        const shop = (await store.loadBranches('shop')).sort((a, b) => a.id.localeCompare(b.id));
        expect(shop).toEqual([branch('shop', 'feature', { baseLsn: 5, headLsn: 12, resets: [reset] }), branch('shop', 'main')]);
        expect(shop[0]!.resets[0]!.at).toBeInstanceOf(Date);
        expect(await store.loadBranches('blog')).toEqual([branch('blog', 'main')]);
      });

      it('keeps every concurrent branch save', async () => {
        await Promise.all(Array.from({ length: 30 }, (_, i) => store.saveBranch(branch('shop', `b${i}`, { headLsn: i }))));
        const got = await store.loadBranches('shop');
        expect(got.length).toBe(30);
        expect(got.find((b) => b.id === 'b17')?.headLsn).toBe(17);
      });
    });

    describe('checkpoints', () => {
      it('returns null when there is none', async () => {
        expect(await store.loadCheckpoint('shop')).toBeNull();
      });

      it('saves and loads; the newest wins, per project', async () => {
        await store.saveCheckpoint(checkpointImage('shop', 10, [[1, 2, 3], [4]]));
        await store.saveCheckpoint(checkpointImage('shop', 20, [[5, 6], [], [7]]));
        await store.saveCheckpoint(checkpointImage('blog', 3, [[9]]));
        const got = await store.loadCheckpoint('shop');
        expect(got).not.toBeNull();
        expect(got!.project).toBe('shop');
        expect(got!.lsn).toBe(20);
        expect(got!.createdAt.getTime()).toBe(1_700_000_000_020);
        expect(got!.chunks.map((c) => [...c])).toEqual([[5, 6], [], [7]]);
        expect((await store.loadCheckpoint('blog'))!.lsn).toBe(3);
      });
    });

    describe('status', () => {
      it('names the backend kind and location', async () => {
        const s = await store.status();
        expect(s.kind).toBe(store.kind);
        expect(typeof s.location).toBe('string');
        expect(s.location.length).toBeGreaterThan(0);
      });
    });

    describe('persistence across reopen', () => {
      it('keeps projects, branches, entries, checkpoints and LSN uniqueness', async (ctx) => {
        if (!fx.reopen) {
          console.log(`SKIP ${name}: persistence across reopen — this backend keeps nothing after close (no reopen in its fixture)`);
          ctx.skip();
          return;
        }
        await store.saveProject({ name: 'shop', createdAt: new Date(5), deleted: false });
        await store.saveBranch({ id: 'main', project: 'shop', name: 'main', parentId: null, baseLsn: 0, headLsn: 3, createdAt: new Date(6), resets: [], deleted: false });
        const first = await store.reserveLsns('shop', 3);
        await store.append([putEntry('shop', first, { post: { _id: new Int32(1), d: new Double(1) } }), putEntry('shop', first + 1), putEntry('shop', first + 2)]);
        await store.saveCheckpoint(checkpointImage('shop', first + 1, [[42]]));
        const unused = await store.reserveLsns('shop', 5); // reserved, never logged

        const s2 = (await reopened())!;
        expect((await s2.loadProjects()).map((p) => p.name)).toEqual(['shop']);
        expect((await s2.loadBranches('shop'))[0]!.headLsn).toBe(3);
        const entries = await collect(s2.readLog('shop', 0));
        expect(entries.map((e) => e.lsn)).toEqual([first, first + 1, first + 2]);
        expect(bsonType((entries[0] as PutEntry).post.d)).toBe('Double');
        expect((await s2.loadCheckpoint('shop'))!.lsn).toBe(first + 1);
        expect(await s2.reserveLsns('shop', 1)).toBeGreaterThan(unused + 4);
        await s2.append([putEntry('shop', unused + 100)]);
        expect((await collect(s2.readLog('shop', first + 2))).map((e) => e.lsn)).toEqual([unused + 100]);
      });
    });
  });
}
