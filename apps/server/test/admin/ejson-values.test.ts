import { ARGON_CODES, ArgonError } from '@argon/core';
import { Decimal128, Double, Int32, Long, ObjectId } from 'bson';
import { describe, expect, it } from 'vitest';
import { documentFromEjson, fromEjson, jsonSafe, toEjson } from '../../src/admin/ejson-values.js';

describe('toEjson', () => {
  it('writes relaxed Extended JSON', () => {
    const id = new ObjectId('65f0c1a2b3c4d5e6f7a8b9c0');
    expect(toEjson({ _id: id, n: new Int32(3), d: new Double(1.5), at: new Date('2026-01-01T00:00:00Z'), dec: Decimal128.fromString('1.10') })).toEqual({
      _id: { $oid: '65f0c1a2b3c4d5e6f7a8b9c0' },
      n: 3,
      d: 1.5,
      at: { $date: '2026-01-01T00:00:00Z' },
      dec: { $numberDecimal: '1.10' },
    });
  });

  it('keeps Longs beyond 2^53 exact, in documents and arrays, and small ones as numbers', () => {
    const big = Long.fromBigInt(2n ** 60n + 1n);
    expect(toEjson({ a: big, b: [Long.fromNumber(7), big], c: { d: big } })).toEqual({
      a: { $numberLong: '1152921504606846977' },
      b: [7, { $numberLong: '1152921504606846977' }],
      c: { d: { $numberLong: '1152921504606846977' } },
    });
  });

  it('maps undefined to null', () => {
    expect(toEjson(undefined)).toBeNull();
  });
});

describe('fromEjson', () => {
  it('reads $oid, $date and $numberLong into BSON values, keeping numeric types', () => {
    const v = fromEjson({ _id: { $oid: '65f0c1a2b3c4d5e6f7a8b9c0' }, at: { $date: '2026-01-01T00:00:00Z' }, n: { $numberLong: '5' }, i: 1 }, 'filter') as Record<string, unknown>;
    expect(v._id).toBeInstanceOf(ObjectId);
    expect(v.at).toBeInstanceOf(Date);
    expect(v.n).toBeInstanceOf(Long);
    expect(v.i).toBeInstanceOf(Int32);
  });

  it('passes scalars through', () => {
    expect(fromEjson('abc', 'id')).toBe('abc');
    expect(fromEjson(1, 'id')).toBe(1);
  });

  it('rejects invalid Extended JSON with BAD_INPUT naming the field', () => {
    let err: unknown;
    try {
      fromEjson({ _id: { $oid: 'nothex' } }, 'filter');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ArgonError);
    expect((err as ArgonError).argonCode).toBe(ARGON_CODES.BAD_INPUT);
    expect((err as ArgonError).message).toMatch(/^filter is not valid Extended JSON/);
    expect((err as ArgonError).details).toEqual({ field: 'filter' });
  });

  it('requires documents to be objects', () => {
    expect(documentFromEjson(undefined, 'sort')).toBeUndefined();
    expect(() => documentFromEjson([1], 'sort')).toThrow(/sort must be a JSON object.*array/);
    expect(() => documentFromEjson('x', 'sort')).toThrow(/sort must be a JSON object.*string/);
  });
});

describe('jsonSafe', () => {
  it('turns dates into ISO strings, bigints into numbers or strings, and drops functions', () => {
    expect(jsonSafe({ at: new Date(0), n: 5n, big: 2n ** 70n, f: () => 1, nested: [{ e: new Error('boom') }], bytes: new Uint8Array(3) })).toEqual({
      at: '1970-01-01T00:00:00.000Z',
      n: 5,
      big: String(2n ** 70n),
      nested: [{ e: 'boom' }],
      bytes: '<3 bytes>',
    });
  });
});
