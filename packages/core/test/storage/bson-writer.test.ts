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
});

