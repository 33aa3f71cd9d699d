import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { BSONRegExp, BSONSymbol, Code, DBRef, ObjectId, serialize } from 'bson';
import { bsonDocument, mixedDocument } from '../support/bson-arbitraries.js';
import { BsonWriter, UNENCODABLE } from '../../src/storage/bson-writer.js';

const OPTIONS = { ignoreUndefined: true } as const;

function fast(doc: Record<string, unknown>): Buffer | typeof UNENCODABLE {
  const w = new BsonWriter(16); // tiny, so growth is exercised
  w.pos = 3; // not at the buffer's start
  try {
    w.writeDocument(doc);
  } catch (err) {
    if (err === UNENCODABLE) return UNENCODABLE;
    throw err;
  }
  return Buffer.from(w.bytes.subarray(3, w.pos));
}

const hasRegExp = (v: unknown): boolean => v instanceof BSONRegExp || (v !== null && typeof v === 'object' && Object.values(v).some(hasRegExp));

describe('BsonWriter', () => {
  it('produces exactly the bytes of bson.serialize(doc, {ignoreUndefined: true})', () => {
    fc.assert(
      fc.property(mixedDocument(8), (doc) => {
        const out = fast(doc);
        if (out === UNENCODABLE) {
          expect(hasRegExp(doc), 'only BSONRegExp is left to serialize in these documents').toBe(true);
          return;
        }
        expect(out.equals(Buffer.from(serialize(doc, OPTIONS)))).toBe(true);
      }),
      { numRuns: 600 },
    );
  });

  it('encodes documents of the BSON value generator without giving up, except on BSONRegExp', () => {
    fc.assert(
      fc.property(bsonDocument(8), (doc) => {
        expect(fast(doc) === UNENCODABLE).toBe(hasRegExp(doc));
      }),
      { numRuns: 300 },
    );
  });

  it('gives up on what it leaves to bson.serialize, and leaves the writer where it was', () => {
    const cases: Record<string, unknown>[] = [
      { c: new Code('x') },
      { s: new BSONSymbol('s') },
      { r: new DBRef('coll', new ObjectId()) },
      { re: /a/ },
      { m: new Map([['a', 1]]) },
      { b: 10n },
      { 'a\0b': 1 },
      { ['é\0']: 1 },
      { t: { toBSON: () => ({ a: 1 }) } },
      { f: new Float64Array(2) },
      { bad: new Date(NaN) },
    ];
    let deep: Record<string, unknown> = { leaf: 1 };
    for (let i = 0; i < 200; i++) deep = { d: deep };
    cases.push(deep);
    for (const doc of cases) {
      const w = new BsonWriter();
      w.pos = 10;
      expect(() => w.writeDocument(doc), JSON.stringify(Object.keys(doc))).toThrow();
      try {
        w.writeDocument(doc);
      } catch (err) {
        expect(err).toBe(UNENCODABLE);
      }
      expect(w.pos).toBe(10);
    }
  });

  it('keeps value NUL bytes and non-ASCII text byte-exact', () => {
    // Short strings go through a JS loop that hands over to the native encoder at the first non-ASCII unit.
    const short = [{ s: 'x'.repeat(11) + 'é' }, { s: 'é' + 'x'.repeat(11) }, { s: 'x'.repeat(12) }, { s: 'x'.repeat(13) + '€' }];
    for (const doc of [{ s: 'a\0b' }, { s: 'ü'.repeat(600) }, ...short, { ['clé']: 'v', k: '\ud800' }]) {
      expect(fast(doc)).toEqual(Buffer.from(serialize(doc, OPTIONS)));
    }
  });

  it('encodes every entry of a sequence as bson.serialize does, reusing the previous entry’s bytes only where they match', () => {
    const sharedOps = [{ type: 'insert' }, { type: 'update', filter: { a: 1 }, update: { $set: { b: 2 } } }];
    const field = {
      project: fc.constantFrom('p', 'shop'),
      ts: fc.constantFrom(1, 1.5, 0, -0, 2 ** 40),
      kind: fc.constantFrom('put', 'delete'),
      collection: fc.constantFrom('c', 'items', 'é'),
      id: fc.integer(),
      post: mixedDocument(3),
      pre: fc.oneof(fc.constant(null), mixedDocument(2)),
      // Shared objects (a batch's one op), fresh equal ones, and one the writer leaves to serialize.
      op: fc.oneof(fc.constantFrom(...sharedOps), fc.constantFrom('insert', 'delete').map((type) => ({ type })), fc.constant({ type: 'insert', n: 10n })),
      branchId: fc.constantFrom('b1', 'main'),
      actor: fc.constantFrom(undefined, 'ann', 'bob'),
      opId: fc.constantFrom('x', '3b6f3c8e-05be-476d-bdfb-a7dedda5464e'),
    };
    const entry = fc
      .tuple(fc.record(field, { requiredKeys: ['project', 'ts', 'kind', 'collection', 'opId'] }), fc.integer({ min: 1, max: 2 ** 40 }), fc.boolean())
      .map(([r, lsn, reorder]) => {
        // Entries as WriteBatch.emit builds them, or with their fields in another order.
        const e: Record<string, unknown> = { ...r, lsn };
        return reorder ? Object.fromEntries(Object.entries(e).reverse()) : e;
      });
    fc.assert(
      fc.property(fc.array(entry, { minLength: 1, maxLength: 12 }), (entries) => {
        const w = new BsonWriter(16);
        for (const e of entries) {
          const at = w.pos;
          let expected: Buffer | undefined;
          try {
            expected = Buffer.from(serialize(Object.assign({ project: e.project, lsn: e.lsn, ts: e.ts }, e), OPTIONS));
          } catch {
            // serialize rejects it too (a regexp or key it refuses): the writer must not write it either.
          }
          try {
            w.writeEntry(e as { project: string; lsn: number; ts: number });
          } catch (err) {
            expect(err).toBe(UNENCODABLE);
            expect(w.pos).toBe(at);
            continue;
          }
          expect(expected).toBeDefined();
          expect(Buffer.from(w.bytes.subarray(at, w.pos)).equals(expected!)).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('copies a cached run’s prefix when an entry’s run ends earlier or differs part-way', () => {
    const op = { type: 'update' };
    const entries: Record<string, unknown>[] = [
      { project: 'p', lsn: 1, ts: 1, kind: 'put', collection: 'c', pre: null, op, branchId: 'b', opId: 'x', id: 1, post: { a: 1 } },
      // The run ts…opId of the first entry; this one's stops after collection (all equal so far).
      { project: 'p', lsn: 2, ts: 1, kind: 'put', collection: 'c', id: 2, post: { a: 2 }, pre: { a: 1 }, op, branchId: 'b', opId: 'x' },
      // Equal up to collection again, then a different branch.
      { project: 'p', lsn: 3, ts: 1, kind: 'put', collection: 'c', id: 3, post: { a: 3 }, pre: null, op, branchId: 'b2', opId: 'x' },
      { project: 'p', lsn: 4, ts: 1, kind: 'put', collection: 'c', id: 4, post: { a: 4 }, pre: null, op, branchId: 'b2', opId: 'x' },
    ];
    const w = new BsonWriter(16);
    for (const e of entries) {
      const at = w.pos;
      w.writeEntry(e as { project: string; lsn: number; ts: number });
      expect(Buffer.from(w.bytes.subarray(at, w.pos))).toEqual(Buffer.from(serialize(Object.assign({ project: e.project, lsn: e.lsn, ts: e.ts }, e), OPTIONS)));
    }
  });
});
