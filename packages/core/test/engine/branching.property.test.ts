import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allBackends } from '../support/backends.js';
import { allDocs, openRunner, run, status } from '../support/engine-fixture.js';

/**
 * Property: random sequences of writes, branch creations and resets, checked
 * against a naive reference model that copies every branch's full state at
 * every LSN. Every branch must equal the model at every LSN up to its head.
 * Checkpoints (incremental after the first) and restarts (recovery from the
 * newest checkpoint plus the log tail) come in between and change nothing.
 */

type State = ReadonlyMap<number, number>;
interface ModelBranch {
  events: Array<{ lsn: number; state: State }>;
  head: number;
}

function stateAt(b: ModelBranch, lsn: number): State {
  let s: State = new Map();
  for (const e of b.events) if (e.lsn <= lsn) s = e.state;
  return s;
}

type Op =
  | { t: 'insert'; b: number; v: number }
  | { t: 'update'; b: number; pick: number; v: number }
  | { t: 'delete'; b: number; pick: number }
  | { t: 'branch'; from: number; at: number | null }
  | { t: 'reset'; b: number; at: number }
  | { t: 'checkpoint' }
  | { t: 'reopen' };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ t: fc.constant('insert' as const), b: fc.nat(), v: fc.integer({ min: -50, max: 50 }) }) },
  { weight: 3, arbitrary: fc.record({ t: fc.constant('update' as const), b: fc.nat(), pick: fc.nat(), v: fc.integer({ min: -50, max: 50 }) }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('delete' as const), b: fc.nat(), pick: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('branch' as const), from: fc.nat(), at: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: null }) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('reset' as const), b: fc.nat(), at: fc.double({ min: 0, max: 1, noNaN: true }) }) },
  { weight: 3, arbitrary: fc.constant({ t: 'checkpoint' as const }) },
  { weight: 2, arbitrary: fc.constant({ t: 'reopen' as const }) },
);

for (const backend of allBackends()) {
describe(`engine against a full-copy reference model (${backend.name} backend)`, () => {
  beforeAll(() => backend.start());
  afterAll(() => backend.stop());
  it('every branch equals the model at every LSN', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 40 }), async (ops) => {
        let store = backend.make();
        let r = await openRunner(store);
        const names = ['main'];
        const model = new Map<string, ModelBranch>([['main', { events: [], head: 0 }]]);
        let nextId = 1;
        const db = (name: string) => (name === 'main' ? 'p' : `p@${name}`);
        for (const op of ops) {
          if (op.t === 'checkpoint') {
            if (r.engine.project('p')) expect(await r.engine.checkpoint('p')).toBe(r.engine.project('p')!.durableLsn);
            continue;
          }
          if (op.t === 'reopen') {
            r.close();
            await r.engine.close();
            store = backend.reopen(store);
            r = await openRunner(store);
            continue;
          }
          if (op.t === 'branch') {
            if (!(await r.engine.project('p'))) continue;
            const from = names[op.from % names.length]!;
            const mb = model.get(from)!;
            const at = op.at === null ? null : Math.floor(op.at * mb.head);
            const name = `b${names.length}`;
            await run(r, db(from), { argonCreateBranch: name, from, ...(at === null ? {} : { lsn: at }) });
            const base = at ?? mb.head;
            model.set(name, { events: mb.events.filter((e) => e.lsn <= base), head: base });
            names.push(name);
            continue;
          }
          const name = names[op.b % names.length]!;
          const mb = model.get(name)!;
          const cur = stateAt(mb, mb.head);
          if (op.t === 'reset') {
            if (mb.head === 0) continue;
            const to = Math.floor(op.at * mb.head);
            await run(r, 'p', { argonResetBranch: name, lsn: to });
            const { projectLsn } = await status(r, db(name));
            mb.events.push({ lsn: projectLsn, state: stateAt(mb, to) });
            mb.head = to;
            continue;
          }
          const next = new Map(cur);
          const ids = [...cur.keys()].sort((a, b) => a - b);
          if (op.t === 'insert') {
            const id = nextId++;
            await run(r, db(name), { insert: 'c', documents: [{ _id: id, v: op.v }] });
            next.set(id, op.v);
          } else if (op.t === 'update') {
            if (ids.length === 0) continue;
            const id = ids[op.pick % ids.length]!;
            const reply = await run(r, db(name), { update: 'c', updates: [{ q: { _id: id }, u: { $set: { v: op.v } } }] });
            expect(reply.n).toBe(1);
            if (cur.get(id) === op.v) {
              expect(reply.nModified).toBe(0);
              continue;
            }
            next.set(id, op.v);
          } else {
            if (ids.length === 0) continue;
            const id = ids[op.pick % ids.length]!;
            const reply = await run(r, db(name), { delete: 'c', deletes: [{ q: { _id: id }, limit: 1 }] });
            expect(reply.n).toBe(1);
            next.delete(id);
          }
          const { headLsn } = await status(r, db(name));
          expect(headLsn).toBeGreaterThan(mb.head);
          mb.events.push({ lsn: headLsn, state: next });
          mb.head = headLsn;
        }
        // Check every branch at every LSN up to its head, and at the head itself.
        if (!r.engine.project('p')) {
          expect(model.get('main')!.events).toEqual([]);
          r.close();
          await r.engine.close();
          return;
        }
        for (const name of names) {
          const mb = model.get(name)!;
          const { headLsn } = await status(r, db(name));
          expect(headLsn).toBe(mb.head);
          for (let lsn = 0; lsn <= mb.head; lsn++) {
            const expected = [...stateAt(mb, lsn)].sort((a, b) => a[0] - b[0]).map(([id, v]) => ({ _id: id, v }));
            const got = await allDocs(r, `p@${name}@${lsn}`, 'c');
            expect(got, `${name}@${lsn}`).toEqual(expected);
          }
          const head = [...stateAt(mb, mb.head)].sort((a, b) => a[0] - b[0]).map(([id, v]) => ({ _id: id, v }));
          expect(await allDocs(r, db(name), 'c'), `${name} head`).toEqual(head);
        }
        r.close();
        await r.engine.close();
      }),
      { numRuns: backend.runs },
    );
  });
});
}
