import { Binary } from 'bson';

/**
 * Arrays of numbers stored as one BSON Binary of little-endian float64s
 * (checkpoint time indexes and version LSNs, log segment summaries): one
 * copy of the bytes each way instead of a BSON element per number.
 */
export function float64Binary(values: readonly number[] | Float64Array): Binary {
  const a = values instanceof Float64Array ? values : Float64Array.from(values);
  return new Binary(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
}

/** The numbers of a {@link float64Binary}; throws when `value` is not a Binary. */
export function readFloat64Binary(value: unknown): Float64Array {
  // Duck-typed, like BSON values elsewhere, so a Binary from another copy of bson is accepted.
  if ((value as { _bsontype?: unknown } | null)?._bsontype !== 'Binary') throw new TypeError('expected a BSON Binary of float64 values');
  const bin = value as Binary;
  const bytes = new Uint8Array(bin.buffer.subarray(0, bin.position)); // a copy, aligned to 8 bytes
  return new Float64Array(bytes.buffer, 0, bytes.byteLength >>> 3);
}
