/**
 * BSON type identification for the in-memory value representation.
 *
 * In-memory representation (decided once, used everywhere): values are what
 * `bson.deserialize(buf, { promoteValues: false, bsonRegExp: true })` returns,
 * so every wire type survives a round trip. Numbers are `Int32`, `Double`,
 * `Long` or `Decimal128` wrappers; strings, booleans and `null` are plain JS.
 * Plain JS `number` and `bigint` are also accepted on input (as the official
 * serializer would encode them) so that hand-written literals work, but the
 * engine normalizes every stored document to wrappers (see `normalize.ts`).
 */
import {
  Binary,
  BSONRegExp,
  BSONSymbol,
  Code,
  DBRef,
  Decimal128,
  Double,
  Int32,
  Long,
  MaxKey,
  MinKey,
  ObjectId,
  Timestamp,
} from 'bson';

/** BSON type aliases as used by `$type`, plus `missing` for an absent field. */
export const BSON_TYPES = Object.freeze({
  double: 1,
  string: 2,
  object: 3,
  array: 4,
  binData: 5,
  undefined: 6,
  objectId: 7,
  bool: 8,
  date: 9,
  null: 10,
  regex: 11,
  dbPointer: 12,
  javascript: 13,
  symbol: 14,
  javascriptWithScope: 15,
  int: 16,
  timestamp: 17,
  long: 18,
  decimal: 19,
  minKey: -1,
  maxKey: 127,
} as const);

export type BsonTypeName = keyof typeof BSON_TYPES | 'missing';

/** A BSON document in the in-memory representation. */
export type Document = { [key: string]: unknown };

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

/** True when a JS number would be serialized as int32 by the official serializer. */
export function isInt32Number(n: number): boolean {
  return Number.isInteger(n) && n >= INT32_MIN && n <= INT32_MAX && !Object.is(n, -0);
}

/** The `$type` alias of a value. `undefined` (absent) reports `missing`. */
export function bsonTypeOf(v: unknown): BsonTypeName {
  if (v === undefined) return 'missing';
  if (v === null) return 'null';
  switch (typeof v) {
    case 'string':
      return 'string';
    case 'boolean':
      return 'bool';
    case 'number':
      return isInt32Number(v) ? 'int' : 'double';
    case 'bigint':
      return 'long';
    case 'object':
      break;
    default:
      return 'javascript';
  }
  if (Array.isArray(v)) return 'array';
  if (v instanceof Date) return 'date';
  const tag = (v as { _bsontype?: string })._bsontype;
  switch (tag) {
    case 'Int32':
      return 'int';
    case 'Double':
      return 'double';
    case 'Long':
      return 'long';
    case 'Decimal128':
      return 'decimal';
    case 'ObjectId':
      return 'objectId';
    case 'Binary':
      return 'binData';
    case 'Timestamp':
      return 'timestamp';
    case 'BSONRegExp':
      return 'regex';
    case 'MinKey':
      return 'minKey';
    case 'MaxKey':
      return 'maxKey';
    case 'Code':
      return (v as Code).scope ? 'javascriptWithScope' : 'javascript';
    case 'BSONSymbol':
      return 'symbol';
    case 'DBRef':
      return 'object';
    default:
      break;
  }
  if (v instanceof RegExp) return 'regex';
  if (v instanceof Uint8Array) return 'binData';
  return 'object';
}

/** True for int, long, double and decimal values (wrapped or plain JS). */
export function isNumeric(v: unknown): boolean {
  if (typeof v === 'number' || typeof v === 'bigint') return true;
  if (v === null || typeof v !== 'object') return false;
  const tag = (v as { _bsontype?: string })._bsontype;
  return tag === 'Int32' || tag === 'Double' || tag === 'Long' || tag === 'Decimal128';
}

/** True for a plain embedded document (not an array, not a BSON class). */
export function isPlainObject(v: unknown): v is Document {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  if (v instanceof Date || v instanceof RegExp || v instanceof Uint8Array) return false;
  const tag = (v as { _bsontype?: string })._bsontype;
  return tag === undefined;
}

/**
 * Canonical sort rank of a value's type, as MongoDB orders types:
 * MinKey < undefined < null < numbers < string/symbol < object < array < binData
 * < ObjectId < bool < Date < Timestamp < RegExp < DBPointer < Code < CodeWScope < MaxKey.
 */
export function canonicalRank(v: unknown): number {
  switch (bsonTypeOf(v)) {
    case 'minKey':
      return -1;
    case 'missing':
    case 'undefined':
      return 0;
    case 'null':
      return 5;
    case 'int':
    case 'long':
    case 'double':
    case 'decimal':
      return 10;
    case 'string':
    case 'symbol':
      return 15;
    case 'object':
      return 20;
    case 'array':
      return 25;
    case 'binData':
      return 30;
    case 'objectId':
      return 35;
    case 'bool':
      return 40;
    case 'date':
      return 45;
    case 'timestamp':
      return 47;
    case 'regex':
      return 50;
    case 'dbPointer':
      return 55;
    case 'javascript':
      return 60;
    case 'javascriptWithScope':
      return 65;
    case 'maxKey':
      return 127;
  }
}

// Re-exported so that sibling modules import BSON classes from one place.
export {
  Binary,
  BSONRegExp,
  BSONSymbol,
  Code,
  DBRef,
  Decimal128,
  Double,
  Int32,
  Long,
  MaxKey,
  MinKey,
  ObjectId,
  Timestamp,
};
