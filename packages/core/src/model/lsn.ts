/**
 * Log sequence numbers: one monotonic sequence per project. LSNs are ordered,
 * not dense: gaps are allowed, and an LSN is never reused or rolled back.
 * They are JS safe integers (2^53 writes is beyond any deployment's lifetime).
 */
export type Lsn = number;

/** Converts a number, bigint or BSON Long/Int32/Double into an LSN, or undefined if it is not one. */
export function toLsn(v: unknown): Lsn | undefined {
  let n: number | undefined;
  if (typeof v === 'number') n = v;
  else if (typeof v === 'bigint') n = Number(v);
  else if (v !== null && typeof v === 'object') {
    const tag = (v as { _bsontype?: string })._bsontype;
    if (tag === 'Long') n = Number((v as { toBigInt(): bigint }).toBigInt());
    else if (tag === 'Int32' || tag === 'Double') n = (v as { value: number }).value;
  }
  if (n === undefined || !Number.isSafeInteger(n) || n < 0) return undefined;
  return n;
}
