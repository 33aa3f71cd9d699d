/**
 * The total order over BSON values that MongoDB uses for sort, range
 * predicates, index keys and equality.
 */
import type { Binary, BSONRegExp, Code, ObjectId, Timestamp } from 'bson';
import { bsonTypeOf, canonicalRank, isPlainObject } from './bson-type.js';
import type { Collator } from './collation.js';
import { compareNumbers, decodeNumber } from './numeric.js';

/** Compares strings by Unicode code point, which is UTF-8 byte order (MongoDB's binary order). */
export function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) {
      // Surrogates (U+D800–U+DFFF) encode code points above U+FFFF, which sort after U+E000–U+FFFF.
      const xs = x >= 0xd800 && x <= 0xdfff;
      const ys = y >= 0xd800 && y <= 0xdfff;
      if (xs !== ys) return xs ? 1 : -1;
      return x < y ? -1 : 1;
    }
  }
  return a.length < b.length ? -1 : a.length > b.length ? 1 : 0;
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x !== y) return x < y ? -1 : 1;
  }
  return a.length - b.length < 0 ? -1 : a.length > b.length ? 1 : 0;
}

/** Entries of an embedded document or DBRef in field order. */
export function documentEntries(v: object): [string, unknown][] {
  const tag = (v as { _bsontype?: string })._bsontype;
  if (tag === 'DBRef') {
    const ref = v as { collection: string; oid: unknown; db?: string; fields?: Record<string, unknown> };
    const out: [string, unknown][] = [
      ['$ref', ref.collection],
      ['$id', ref.oid],
    ];
    if (ref.db) out.push(['$db', ref.db]);
    for (const [k, val] of Object.entries(ref.fields ?? {})) out.push([k, val]);
    return out;
  }
  return Object.entries(v).filter(([, val]) => val !== undefined);
}

function compareDocuments(a: object, b: object, collator: Collator | undefined): number {
  const ea = documentEntries(a);
  const eb = documentEntries(b);
  const n = Math.min(ea.length, eb.length);
  for (let i = 0; i < n; i++) {
    const [ka, va] = ea[i]!;
    const [kb, vb] = eb[i]!;
    // Element comparison: canonical type first, then field name, then value.
    const ra = canonicalRank(va);
    const rb = canonicalRank(vb);
    if (ra !== rb) return ra < rb ? -1 : 1;
    const kc = compareStrings(ka, kb);
    if (kc !== 0) return kc;
    const vc = compareValues(va, vb, collator);
    if (vc !== 0) return vc;
  }
  return ea.length < eb.length ? -1 : ea.length > eb.length ? 1 : 0;
}

function compareArrays(a: unknown[], b: unknown[], collator: Collator | undefined): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const c = compareValues(a[i], b[i], collator);
    if (c !== 0) return c;
  }
  return a.length < b.length ? -1 : a.length > b.length ? 1 : 0;
}

function regexParts(v: unknown): [string, string] {
  if (v instanceof RegExp) return [v.source, v.flags];
  const r = v as BSONRegExp;
  return [r.pattern, r.options];
}

function timestampParts(v: Timestamp): [number, number] {
  return [v.high >>> 0, v.low >>> 0];
}

function binaryParts(v: unknown): [number, Uint8Array] {
  if (v instanceof Uint8Array) return [0, v];
  const b = v as Binary;
  return [b.sub_type, b.buffer.subarray(0, b.position)];
}

/**
 * Compares two BSON values in MongoDB's canonical order.
 * Returns a negative number, zero or a positive number.
 * `undefined` stands for a missing value and sorts with null's neighbours below null.
 * With a `collator`, strings (also inside documents and arrays) compare under
 * that collation instead of by code point.
 */
export function compareValues(a: unknown, b: unknown, collator?: Collator): number {
  if (a === b) return 0;
  const ra = canonicalRank(a);
  const rb = canonicalRank(b);
  if (ra !== rb) return ra < rb ? -1 : 1;
  switch (ra) {
    case -1:
    case 0:
    case 5:
    case 127:
      return 0;
    case 10:
      return compareNumbers(decodeNumber(a)!, decodeNumber(b)!);
    case 15:
      return collator ? collator.compare(String(a), String(b)) : compareStrings(String(a), String(b));
    case 20:
      return compareDocuments(a as object, b as object, collator);
    case 25:
      return compareArrays(a as unknown[], b as unknown[], collator);
    case 30: {
      const [sa, ba] = binaryParts(a);
      const [sb, bb] = binaryParts(b);
      if (ba.length !== bb.length) return ba.length < bb.length ? -1 : 1;
      if (sa !== sb) return sa < sb ? -1 : 1;
      return compareBytes(ba, bb);
    }
    case 35:
      return compareBytes((a as ObjectId).id, (b as ObjectId).id);
    case 40:
      return a === b ? 0 : a ? 1 : -1;
    case 45: {
      const x = (a as Date).getTime();
      const y = (b as Date).getTime();
      return x < y ? -1 : x > y ? 1 : 0;
    }
    case 47: {
      const [ta, ia] = timestampParts(a as Timestamp);
      const [tb, ib] = timestampParts(b as Timestamp);
      if (ta !== tb) return ta < tb ? -1 : 1;
      return ia < ib ? -1 : ia > ib ? 1 : 0;
    }
    case 50: {
      const [pa, fa] = regexParts(a);
      const [pb, fb] = regexParts(b);
      return compareStrings(pa, pb) || compareStrings(fa, fb);
    }
    case 60:
    case 65: {
      const ca = a as Code;
      const cb = b as Code;
      const c = compareStrings(String(ca.code), String(cb.code));
      if (c !== 0) return c;
      return compareValues(ca.scope ?? null, cb.scope ?? null);
    }
    default:
      return 0;
  }
}

/**
 * MongoDB equality: same canonical type class and equal by value. Numbers are
 * equal across types; embedded documents compare field order too. With a
 * `collator`, strings are equal when the collation says so.
 */
export function valuesEqual(a: unknown, b: unknown, collator?: Collator): boolean {
  if (a === b) return true;
  // null and missing are distinct values for equality of stored values.
  if ((a === undefined) !== (b === undefined)) return false;
  return compareValues(a, b, collator) === 0;
}

/** True for values whose canonical type is an embedded document. */
export function isDocumentLike(v: unknown): v is object {
  return isPlainObject(v) || bsonTypeOf(v) === 'object';
}
