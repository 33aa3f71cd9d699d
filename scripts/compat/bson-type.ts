/**
 * BSON type classification of the JavaScript values the driver hands back,
 * and the flexible numeric comparison of the unified format.
 *
 * The driver promotes int32, int64 and double to JavaScript numbers by
 * default, so a plain number can stand for any of the three: the type
 * checks are lenient exactly where that promotion loses information.
 */

/** The `_bsontype` tag of a BSON class instance, if any. */
export function bsonTag(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const tag = (value as { _bsontype?: unknown })._bsontype;
  if (typeof tag !== 'string') return undefined;
  return tag === 'ObjectID' ? 'ObjectId' : tag;
}

/** True for plain objects (documents), not BSON class instances, arrays or dates. */
export function isPlainDocument(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  if (bsonTag(value) !== undefined) return false;
  if (value instanceof Date || value instanceof RegExp || ArrayBuffer.isView(value) || value instanceof Map || value instanceof Set) return false;
  // Driver option classes inside command events (e.g. ReadConcern, WriteConcern)
  // are documents on the wire, so they are matched as documents too.
  return true;
}

/** A numeric value reduced for comparison: exact integers as bigint, anything else as a float. */
export type NumericValue = { readonly kind: 'int'; readonly int: bigint } | { readonly kind: 'float'; readonly float: number };

/** The numeric value of int32/int64/double values (Decimal128 excluded), or undefined. */
export function numericValue(value: unknown): NumericValue | undefined {
  if (typeof value === 'number') return Number.isInteger(value) ? { kind: 'int', int: BigInt(value) } : { kind: 'float', float: value };
  if (typeof value === 'bigint') return { kind: 'int', int: value };
  const tag = bsonTag(value);
  if (tag === 'Int32' || tag === 'Double') return numericValue((value as { valueOf(): number }).valueOf());
  if (tag === 'Long') return { kind: 'int', int: (value as { toBigInt(): bigint }).toBigInt() };
  return undefined;
}

/** Compares two numeric values: negative, zero or positive like a comparator. */
export function compareNumeric(a: NumericValue, b: NumericValue): number {
  if (a.kind === 'int' && b.kind === 'int') return a.int < b.int ? -1 : a.int > b.int ? 1 : 0;
  const x = a.kind === 'int' ? Number(a.int) : a.float;
  const y = b.kind === 'int' ? Number(b.int) : b.float;
  if (Number.isNaN(x) && Number.isNaN(y)) return 0;
  return x < y ? -1 : x > y ? 1 : x === y ? 0 : Number.NaN;
}

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;

/**
 * The BSON type names (as used by the `$type` query operator) a value may
 * have been on the wire. Returns an empty list for `undefined` (a missing value).
 */
export function possibleBsonTypes(value: unknown): readonly string[] {
  if (value === undefined) return [];
  if (value === null) return ['null'];
  if (typeof value === 'boolean') return ['bool'];
  if (typeof value === 'string') return ['string'];
  if (typeof value === 'bigint') return ['long'];
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) return ['double'];
    return value >= INT32_MIN && value <= INT32_MAX ? ['int', 'long', 'double'] : ['long', 'double'];
  }
  if (Array.isArray(value)) return ['array'];
  if (value instanceof Date) return ['date'];
  if (value instanceof RegExp) return ['regex'];
  if (value instanceof Uint8Array) return ['binData'];
  switch (bsonTag(value)) {
    case 'ObjectId':
      return ['objectId'];
    case 'Binary':
      return ['binData'];
    case 'Long':
      return ['long'];
    case 'Int32':
      return ['int'];
    case 'Double':
      return ['double'];
    case 'Decimal128':
      return ['decimal'];
    case 'Timestamp':
      return ['timestamp'];
    case 'MinKey':
      return ['minKey'];
    case 'MaxKey':
      return ['maxKey'];
    case 'BSONRegExp':
      return ['regex'];
    case 'BSONSymbol':
    case 'Symbol':
      return ['symbol'];
    case 'Code':
      return (value as { scope?: unknown }).scope != null ? ['javascriptWithScope'] : ['javascript'];
    case 'DBRef':
      return ['object'];
    case 'DBPointer':
      return ['dbPointer'];
    default:
      return typeof value === 'object' ? ['object'] : [];
  }
}

/** True when `value` may be of BSON type `typeName` (`number` is the alias for any numeric type). */
export function hasBsonType(value: unknown, typeName: string): boolean {
  const types = possibleBsonTypes(value);
  if (typeName === 'number') return types.some((t) => t === 'int' || t === 'long' || t === 'double' || t === 'decimal');
  return types.includes(typeName);
}

/** Bytes of a binary-ish value (Binary, Buffer, Uint8Array), or undefined. */
export function bytesOf(value: unknown): Uint8Array | undefined {
  if (value instanceof Uint8Array) return value;
  if (bsonTag(value) === 'Binary') {
    const b = value as { buffer?: unknown; value?: (asRaw?: boolean) => unknown };
    if (b.buffer instanceof Uint8Array) return b.buffer.subarray(0, (value as { position?: number }).position ?? b.buffer.length);
  }
  return undefined;
}

/** Lower-case hex of some bytes. */
export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}
