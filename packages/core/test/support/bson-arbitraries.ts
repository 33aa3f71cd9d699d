/** fast-check generators of BSON values, shared by the BSON writer and log decoder property tests. */
import fc from 'fast-check';
import { Binary, BSONRegExp, Decimal128, Double, Int32, Long, MaxKey, MinKey, ObjectId, Timestamp } from 'bson';

/** Element names, including ones that need care (dots, `$`, non-ASCII, `__proto__`). */
export const bsonKey = fc.oneof(fc.constantFrom('_id', 'a', 'b', 'lsn', 'ts', 'project', 'x.y', 'é', '$set', '__proto__'), fc.string({ maxLength: 12 }).filter((s) => !s.includes('\0') && s !== '$ref'));
/** One value of every BSON type the log stores. */
export const bsonScalar = fc.oneof(
  fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }).map((n) => new Int32(n)),
  fc.double().map((d) => new Double(d)),
  fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }).map((b) => Long.fromBigInt(b)),
  fc.constantFrom('0', '1.0', '-1.5E+10', 'NaN', '1234567890123456789012345678901234').map((s) => Decimal128.fromString(s)),
  fc.string(),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.boolean(),
  fc.constant(null),
  fc.date({ noInvalidDate: true }),
  fc.uint8Array({ maxLength: 20 }).map((u) => new Binary(u, 0)),
  fc.uint8Array({ minLength: 16, maxLength: 16 }).map((u) => new Binary(u, 4)),
  fc.uint8Array({ minLength: 12, maxLength: 12 }).map((u) => new ObjectId(u)),
  fc.record({ t: fc.nat(), i: fc.nat() }).map((r) => new Timestamp(r)),
  fc.constantFrom(new BSONRegExp('^a.c$', 'i'), new BSONRegExp('x', ''), new MinKey(), new MaxKey()),
);
const tied = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, bsonScalar, tie('doc'), fc.array(tie('value'), { maxLength: 4 })),
  doc: fc.dictionary(bsonKey, tie('value'), { maxKeys: 5 }),
}));

/** Any value, nested documents and arrays included. */
export const bsonValue = tied.value;
/** A document of up to `maxKeys` fields. */
export const bsonDocument = (maxKeys: number) => fc.dictionary(bsonKey, bsonValue, { maxKeys });

/** Plain JS values as the engine hands them over, beside the BSON classes. */
const jsScalar = fc.oneof(
  fc.double(),
  fc.integer(),
  fc.constantFrom(-0, 2 ** 31, -(2 ** 31), 2 ** 31 - 1, -(2 ** 31) - 1, 2 ** 53, Number.MAX_SAFE_INTEGER + 2, Infinity, NaN, 0.5),
  fc.string({ minLength: 400, maxLength: 1200 }),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.constant(undefined),
  fc.uint8Array({ maxLength: 40 }).map((u) => Buffer.from(u)),
  fc.date({ noInvalidDate: true }),
);
const { mixed } = fc.letrec((tie) => ({
  mixed: fc.oneof({ depthSize: 'small' }, jsScalar, bsonValue, fc.dictionary(bsonKey, tie('mixed'), { maxKeys: 4 }), fc.array(tie('mixed'), { maxLength: 4 })),
}));
/** A document mixing plain JS values (numbers, undefined, Buffers, long and binary strings) with BSON classes. */
export const mixedDocument = (maxKeys: number) => fc.dictionary(bsonKey, mixed, { maxKeys });

