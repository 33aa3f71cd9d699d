/**
 * The benchmark documents: YCSB-style records of about 1 KB of BSON —
 * `_id` (integer key), `f` (a numeric field for range queries) and ten
 * string fields of 90 characters.
 */
import { calculateObjectSize } from 'bson';
import { Rng } from './zipfian.js';

/** One benchmark record. */
export interface BenchDoc {
  _id: number;
  f: number;
  [field: string]: number | string;
}

/** Number of string fields per record (YCSB uses 10). */
export const FIELD_COUNT = 10;
/** Characters per string field. */
export const FIELD_LENGTH = 90;
/** Field names `field0` … `field9`. */
export const FIELDS: readonly string[] = Array.from({ length: FIELD_COUNT }, (_, i) => `field${i}`);

const POOL_BYTES = 1 << 20;
const ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const pool: Buffer = (() => {
  const r = new Rng(12345);
  const b = Buffer.allocUnsafe(POOL_BYTES);
  for (let i = 0; i < POOL_BYTES; i++) b[i] = ALPHABET.charCodeAt(r.int(ALPHABET.length));
  return b;
})();

/**
 * A fresh (flat, not sliced) random-looking string of `FIELD_LENGTH`
 * characters, chosen by `seed`.
 */
export function fieldValue(seed: number): string {
  const off = (Math.imul(seed >>> 0, 2654435761) >>> 0) % (POOL_BYTES - FIELD_LENGTH);
  return pool.toString('latin1', off, off + FIELD_LENGTH);
}

/** Record number `i` (deterministic). */
export function makeDoc(i: number): BenchDoc {
  const d: BenchDoc = { _id: i, f: i };
  for (let k = 0; k < FIELD_COUNT; k++) d[FIELDS[k]!] = fieldValue(i * FIELD_COUNT + k);
  return d;
}

/** Records `from` … `to - 1`. */
export function makeDocs(from: number, to: number): BenchDoc[] {
  const out: BenchDoc[] = new Array<BenchDoc>(Math.max(0, to - from));
  for (let i = from; i < to; i++) out[i - from] = makeDoc(i);
  return out;
}

/** BSON size of record `i` in bytes. */
export function bsonSize(doc: BenchDoc = makeDoc(0)): number {
  return calculateObjectSize(doc);
}
