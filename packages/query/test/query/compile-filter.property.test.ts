/**
 * Property tests: algebraic laws the compiled filters must satisfy for any
 * value, checked against random BSON scalars, arrays and documents.
 */
import { Decimal128, Double, Int32, Long } from 'bson';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileFilter } from '../../src/query/index.js';
import { compareValues } from '../../src/values/compare.js';

const int32 = fc.integer({ min: -50, max: 50 }).map((n) => new Int32(n));
const double = fc.double({ min: -50, max: 50, noNaN: true }).map((n) => new Double(n));
const long = fc.integer({ min: -50, max: 50 }).map((n) => Long.fromNumber(n));
const decimal = fc.integer({ min: -500, max: 500 }).map((n) => Decimal128.fromString((n / 10).toString()));
const number = fc.oneof(int32, double, long, decimal);
const str = fc.string({ maxLength: 3 });
const scalar = fc.oneof(number, str, fc.boolean(), fc.constant(null));
const value = fc.oneof(scalar, fc.array(scalar, { maxLength: 3 }), fc.record({ b: scalar }));
const doc = fc.oneof(fc.constant({}), value.map((a) => ({ a })));

describe('filter laws (fast-check)', () => {
  it('$nin is the negation of $in', () => {
    fc.assert(
      fc.property(fc.array(scalar, { maxLength: 4 }), doc, (list, d) => {
        expect(compileFilter({ a: { $nin: list } }).test(d)).toBe(!compileFilter({ a: { $in: list } }).test(d));
      }),
    );
  });

  it('$ne is the negation of $eq', () => {
    fc.assert(
      fc.property(value, doc, (v, d) => {
        expect(compileFilter({ a: { $ne: v } }).test(d)).toBe(!compileFilter({ a: { $eq: v } }).test(d));
      }),
    );
  });

  it('$in with one value is $eq', () => {
    fc.assert(
      fc.property(scalar, doc, (v, d) => {
        expect(compileFilter({ a: { $in: [v] } }).test(d)).toBe(compileFilter({ a: v }).test(d));
      }),
    );
  });

  it('on same-type scalars exactly one of $lt and $gte holds', () => {
    fc.assert(
      fc.property(fc.oneof(fc.tuple(number, number), fc.tuple(str, str)), ([x, y]) => {
        const lt = compileFilter({ a: { $lt: y } }).test({ a: x });
        const gte = compileFilter({ a: { $gte: y } }).test({ a: x });
        expect(lt !== gte).toBe(true);
        expect(lt).toBe(compareValues(x, y) < 0);
      }),
    );
  });

  it('$gt and $lte partition same-type scalars, and $gte = $gt or $eq', () => {
    fc.assert(
      fc.property(number, number, (x, y) => {
        const gt = compileFilter({ a: { $gt: y } }).test({ a: x });
        const lte = compileFilter({ a: { $lte: y } }).test({ a: x });
        const eq = compileFilter({ a: y }).test({ a: x });
        expect(gt !== lte).toBe(true);
        expect(compileFilter({ a: { $gte: y } }).test({ a: x })).toBe(gt || eq);
      }),
    );
  });

  it('$not inverts a single operator', () => {
    fc.assert(
      fc.property(scalar, doc, (v, d) => {
        expect(compileFilter({ a: { $not: { $gt: v } } }).test(d)).toBe(!compileFilter({ a: { $gt: v } }).test(d));
      }),
    );
  });

  it('$and is commutative and $nor is not-$or', () => {
    fc.assert(
      fc.property(scalar, scalar, doc, (x, y, d) => {
        const p = { a: { $gte: x } };
        const q = { a: { $ne: y } };
        const and = compileFilter({ $and: [p, q] }).test(d);
        expect(compileFilter({ $and: [q, p] }).test(d)).toBe(and);
        expect(compileFilter({ $nor: [p, q] }).test(d)).toBe(!compileFilter({ $or: [p, q] }).test(d));
      }),
    );
  });

  it('$elemMatch on a single operator implies the plain operator', () => {
    fc.assert(
      fc.property(number, doc, (v, d) => {
        if (compileFilter({ a: { $elemMatch: { $lt: v } } }).test(d)) {
          expect(compileFilter({ a: { $lt: v } }).test(d)).toBe(true);
        }
      }),
    );
  });

  it('test() and match().matched always agree', () => {
    fc.assert(
      fc.property(value, doc, (v, d) => {
        const f = compileFilter({ a: { $in: [v, null] } });
        expect(f.match(d).matched).toBe(f.test(d));
      }),
    );
  });
});
