import { describe, expect, it } from 'vitest';
import { Int32 } from 'bson';
import { CollationKeys, compileCollation, compareValues, valuesEqual } from '../../src/values/index.js';
import type { Document } from '../../src/values/index.js';
import { expectCode } from '../expression/support.js';

const sign = (n: number) => (n < 0 ? -1 : n > 0 ? 1 : 0);

describe('compileCollation: string comparison by strength and options', () => {
  // [collation, a, b, expected sign of compare(a, b)]
  const rows: [Document, string, string, number][] = [
    [{ locale: 'en', strength: 1 }, 'ping', 'PING', 0],
    [{ locale: 'en', strength: 1 }, 'resume', 'résumé', 0],
    [{ locale: 'en', strength: 1 }, 'a', 'b', -1],
    [{ locale: 'en', strength: 2 }, 'ping', 'PING', 0],
    [{ locale: 'en', strength: 2 }, 'resume', 'résumé', -1],
    [{ locale: 'en', strength: 3 }, 'ping', 'PING', -1],
    [{ locale: 'en' }, 'ping', 'PING', -1],
    [{ locale: 'en', strength: 1, caseLevel: true }, 'ping', 'PING', -1],
    [{ locale: 'en', strength: 1, caseLevel: true }, 'resume', 'résumé', 0],
    [{ locale: 'en_US', strength: 2 }, 'Ping', 'pING', 0],
    [{ locale: 'en', numericOrdering: true }, '10', '9', 1],
    [{ locale: 'en' }, '10', '9', -1],
    [{ locale: 'en', caseFirst: 'upper' }, 'A', 'a', -1],
    [{ locale: 'en', caseFirst: 'lower' }, 'A', 'a', 1],
    [{ locale: 'fr', strength: 1 }, 'côte', 'COTE', 0],
  ];
  for (const [spec, a, b, expected] of rows) {
    it(`${JSON.stringify(spec)}: '${a}' vs '${b}' → ${expected}`, () => {
      expect(sign(compileCollation(spec)!.compare(a, b))).toBe(expected);
    });
  }
});

describe('compileCollation: binary and errors', () => {
  it('no collation and {locale: "simple"} are binary (undefined)', () => {
    expect(compileCollation(undefined)).toBeUndefined();
    expect(compileCollation(null)).toBeUndefined();
    expect(compileCollation({ locale: 'simple' })).toBeUndefined();
  });
  it('reports the full specification', () => {
    expect(compileCollation({ locale: 'en_US', strength: new Int32(2) })!.spec).toEqual({
      locale: 'en_US', caseLevel: false, caseFirst: 'off', strength: 2, numericOrdering: false, alternate: 'non-ignorable',
      maxVariable: 'punct', normalization: false, backwards: false, version: '57.1',
    });
  });
  it('is cached per specification', () => {
    expect(compileCollation({ locale: 'en', strength: 2 })).toBe(compileCollation({ locale: 'en', strength: 2 }));
  });
  const errors: [unknown, number][] = [
    [{ strength: 2 }, 40414],
    [{ locale: 'en', colour: 1 }, 40415],
    [{ locale: 'xx_YY_bogus!' }, 2],
    [{ locale: 'en', strength: 7 }, 2],
    [{ locale: 'en', caseFirst: 'sideways' }, 2],
    [{ locale: 'simple', strength: 2 }, 2],
    [{ locale: 5 }, 14],
    ['en', 14],
  ];
  for (const [spec, code] of errors) it(`${JSON.stringify(spec)} → ${code}`, () => expectCode(() => compileCollation(spec), code));
});

describe('compareValues / valuesEqual under a collation', () => {
  const c = compileCollation({ locale: 'en', strength: 2 })!;
  const rows: [unknown, unknown, number][] = [
    ['a', 'A', 0],
    [{ x: 'a' }, { x: 'A' }, 0],
    [['a', 'b'], ['A', 'B'], 0],
    [{ X: 'a' }, { x: 'a' }, -1], // field names stay binary
    ['a', new Int32(1), 1], // type order is unchanged
  ];
  rows.forEach(([a, b, expected], k) => {
    it(`#${k}`, () => {
      expect(sign(compareValues(a, b, c))).toBe(expected);
      expect(valuesEqual(a, b, c)).toBe(expected === 0);
    });
  });
  it('without a collator strings compare by code point', () => expect(valuesEqual('a', 'A')).toBe(false));
});

describe('CollationKeys', () => {
  it('gives collation-equal values one key', () => {
    const keys = new CollationKeys(compileCollation({ locale: 'en', strength: 2 }));
    expect(keys.key('PING')).toBe(keys.key('ping'));
    expect(keys.key({ a: ['X', 'y'] })).toBe(keys.key({ a: ['x', 'Y'] }));
    expect(keys.key('ping')).not.toBe(keys.key('pong'));
    expect(keys.key(new Int32(1))).toBe(keys.key(1));
  });
  it('is valueKey without a collator', () => {
    const keys = new CollationKeys(undefined);
    expect(keys.key('PING')).not.toBe(keys.key('ping'));
  });
});
