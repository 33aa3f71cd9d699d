import { describe, expect, it } from 'vitest';
import { Int32 } from 'bson';
import { compileSort } from '../../src/sort/index.js';
import type { Document } from '../../src/values/index.js';

const i = (n: number) => new Int32(n);

/** Sorts documents tagged with `t` and returns the tags in result order. */
function order(spec: Document, docs: Document[], collation?: Document): unknown[] {
  const cmp = compileSort(spec, collation ? { collation } : undefined)!;
  return [...docs].sort(cmp).map((d) => d.t);
}

// [name, sort, collation, documents, expected order]
const rows: [string, Document, Document | undefined, Document[], unknown[]][] = [
  ['binary puts upper case first', { s: 1 }, undefined, [{ t: 1, s: 'b' }, { t: 2, s: 'B' }, { t: 3, s: 'a' }], [2, 3, 1]],
  ['locale order interleaves cases', { s: 1 }, { locale: 'en' }, [{ t: 1, s: 'b' }, { t: 2, s: 'B' }, { t: 3, s: 'a' }], [3, 1, 2]],
  ['descending', { s: -1 }, { locale: 'en' }, [{ t: 1, s: 'b' }, { t: 2, s: 'c' }, { t: 3, s: 'a' }], [2, 1, 3]],
  ['strength 1 ties keep input order', { s: 1 }, { locale: 'en', strength: 1 }, [{ t: 1, s: 'B' }, { t: 2, s: 'b' }, { t: 3, s: 'a' }], [3, 1, 2]],
  ['numericOrdering', { s: 1 }, { locale: 'en', numericOrdering: true }, [{ t: 1, s: '10' }, { t: 2, s: '9' }, { t: 3, s: '100' }], [2, 1, 3]],
  ['array keys use the collated minimum', { s: 1 }, { locale: 'en' }, [{ t: 1, s: ['z', 'B'] }, { t: 2, s: ['a', 'Z'] }], [2, 1]],
  ['embedded documents', { 'e.s': 1 }, { locale: 'en' }, [{ t: 1, e: { s: 'b' } }, { t: 2, e: { s: 'A' } }], [2, 1]],
  ['numbers are unaffected', { n: 1, s: 1 }, { locale: 'en' }, [{ t: 1, n: i(2), s: 'a' }, { t: 2, n: i(1), s: 'b' }], [2, 1]],
  ['simple locale is binary', { s: 1 }, { locale: 'simple' }, [{ t: 1, s: 'b' }, { t: 2, s: 'B' }], [2, 1]],
];

describe('compileSort with a collation', () => {
  for (const [name, spec, collation, docs, expected] of rows) {
    it(name, () => expect(order(spec, docs, collation)).toEqual(expected));
  }
});
