import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Binary, BSONRegExp, Code, Decimal128, Double, Int32, Long, MaxKey, ObjectId, Timestamp, calculateObjectSize } from 'bson';
import { fitsInBson } from '../../src/engine/document-size.js';

const scalar = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.string({ maxLength: 300 }),
  fc.double(),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.date({ noInvalidDate: true }),
  fc.uint8Array({ maxLength: 50 }),
  fc.uint8Array({ maxLength: 50 }).map((u) => new Binary(u, 0)),
  fc.integer().map((n) => new Int32(n | 0)),
  fc.double().map((d) => new Double(d)),
  fc.constantFrom(Long.fromNumber(5), Decimal128.fromString('1.5'), new ObjectId(), new Timestamp({ t: 1, i: 2 }), new MaxKey(), new BSONRegExp('ä+', 'i'), new Code('x')),
);
const { doc } = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, scalar, tie('doc'), fc.array(tie('value'), { maxLength: 5 })),
  doc: fc.dictionary(fc.string({ unit: 'binary', maxLength: 8 }), tie('value'), { maxKeys: 6 }),
}));

describe('fitsInBson', () => {
  it('agrees with calculateObjectSize(doc) <= limit at and around the exact size', () => {
    fc.assert(
      fc.property(doc, fc.integer({ min: -3, max: 3 }), (d, delta) => {
        const size = calculateObjectSize(d);
        for (const limit of [size + delta, size * 3 + 100, Math.floor(size / 2)]) {
          expect(fitsInBson(d, limit), `limit ${limit}, size ${size}`).toBe(size <= limit);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('measures exactly when the bound is over the limit (multi-byte text, deep nesting)', () => {
    const text = { s: 'é'.repeat(1000) }; // 2,000 UTF-8 bytes, bound 3,000
    const size = calculateObjectSize(text);
    expect(fitsInBson(text, size)).toBe(true);
    expect(fitsInBson(text, size - 1)).toBe(false);
    let deep: Record<string, unknown> = { a: 1 };
    for (let i = 0; i < 300; i++) deep = { d: deep };
    expect(fitsInBson(deep, calculateObjectSize(deep))).toBe(true);
    expect(fitsInBson(deep, calculateObjectSize(deep) - 1)).toBe(false);
  });
});
