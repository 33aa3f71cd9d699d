import { Binary, BSONRegExp, DBRef, Decimal128, Double, Int32, Long, ObjectId } from 'bson';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { copyValue, normalizeValue, promoteValue } from '../../src/index.js';

/** Every object reachable from `v` that a caller could change in place. */
function mutables(v: unknown, out: unknown[] = []): unknown[] {
  if (v === null || typeof v !== 'object') return out;
  if (Array.isArray(v) || v instanceof Date || v instanceof Uint8Array) out.push(v);
  else if ((v as { _bsontype?: string })._bsontype === 'Binary') out.push(v, (v as Binary).buffer);
  else if ((v as { _bsontype?: string })._bsontype === undefined) out.push(v);
  if (Array.isArray(v)) for (const x of v) mutables(x, out);
  else if ((v as { _bsontype?: string })._bsontype === undefined && !(v instanceof Date) && !(v instanceof Uint8Array)) for (const x of Object.values(v)) mutables(x, out);
  return out;
}

const cases: Array<[string, unknown]> = [
  ['int32 number', 5],
  ['double number', 1.5],
  ['negative zero', -0],
  ['bigint', 2n ** 40n],
  ['string', 'x'],
  ['null', null],
  ['boolean', true],
  ['array with undefined', [1, undefined, 'a']],
  ['nested document', { a: { b: [1, { c: 'd' }] }, u: undefined }],
  ['date', new Date(1234)],
  ['buffer', Buffer.from([1, 2])],
  ['binary', new Binary(Buffer.from([3, 4]), 4)],
  ['regexp', /ab+c/gi],
  ['wrappers', { i: new Int32(1), d: new Double(2), l: Long.fromNumber(3), dec: Decimal128.fromString('4.5'), o: new ObjectId('65f0a0a0a0a0a0a0a0a0a0a0'), r: new BSONRegExp('x', 'i') }],
  ['__proto__ key', JSON.parse('{"__proto__": {"polluted": 1}, "a": 1}')],
];

describe('copyValue', () => {
  it.each(cases)('%s: the same value normalizeValue gives', (_name, v) => {
    expect(copyValue(v)).toStrictEqual(normalizeValue(v));
  });

  it.each(cases)('%s: shares no mutable object with the input', (_name, v) => {
    const copied = new Set(mutables(copyValue(v)));
    for (const m of mutables(v)) expect(copied.has(m)).toBe(false);
  });

  it('copies what the serializer would encode: a Map as its entries, an object with toBSON as its result', () => {
    const map = new Map<string, unknown>([['b', 1], ['a', [new Map([['x', 'y']])]]]);
    const bsonLike = { toBSON: () => ({ kept: 2 }), dropped: 3 };
    const out = copyValue({ map, bsonLike }) as Record<string, unknown>;
    expect(out).toStrictEqual({ map: { b: new Int32(1), a: [{ x: 'y' }] }, bsonLike: { kept: new Int32(2) } });
    expect(Object.keys(out.map as object)).toEqual(['b', 'a']);
  });

  it('copies a DBRef as a document whose extra fields share nothing with the input', () => {
    const extra = { tags: ['x'] };
    const ref = new DBRef('orders', new ObjectId('65f0a0a0a0a0a0a0a0a0a0a1'), 'shop', { extra });
    const out = copyValue(ref) as Record<string, unknown>;
    expect(out).toStrictEqual(normalizeValue(ref));
    expect(out.extra).not.toBe(extra);
    expect((out.extra as { tags: unknown }).tags).not.toBe(extra.tags);
  });

  it('keeps a __proto__ key as a field, not as the prototype', () => {
    const out = copyValue(JSON.parse('{"__proto__": {"polluted": 1}}')) as Record<string, unknown>;
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.keys(out)).toEqual(['__proto__']);
  });

  it('property: equals normalizeValue and shares nothing mutable, for JSON-like values', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const c = copyValue(v);
        expect(c).toStrictEqual(normalizeValue(v));
        const copied = new Set(mutables(c));
        for (const m of mutables(v)) expect(copied.has(m)).toBe(false);
      }),
    );
  });
});

describe('promoteValue returns copies of mutable leaves', () => {
  it.each([
    ['date', new Date(5)],
    ['buffer', Buffer.from([1])],
    ['binary', new Binary(Buffer.from([2]), 0)],
  ])('%s', (_name, v) => {
    const out = promoteValue({ v }) as { v: unknown };
    expect(out.v).toStrictEqual(v);
    expect(out.v).not.toBe(v);
    if (v instanceof Binary) expect((out.v as Binary).buffer).not.toBe(v.buffer);
  });

  it.each([
    ['int32', new Int32(7)],
    ['double', new Double(2.5)],
    ['long', Long.fromString('9007199254740993')],
  ])('%s left unpromoted (promoteValues: false)', (_name, v) => {
    const out = promoteValue({ v }, { promoteValues: false }) as { v: unknown };
    expect(out.v).toStrictEqual(v);
    expect(out.v).not.toBe(v);
  });
});
