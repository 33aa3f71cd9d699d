import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compileUpdate } from '../../src/index.js';
import type { Document } from '../../src/index.js';
import { dbl, dec, ej, i32, lng, runUpdateCases } from './helpers.js';

const INT_MAX = 2147483647;
const INT_MIN = -2147483648;
const LONG_MAX = 2n ** 63n - 1n;
const LONG_MIN = -(2n ** 63n);

runUpdateCases('$inc: numeric types', [
  { name: 'int32 + int32 → int32', doc: { _id: 1, a: i32(1) }, update: { $inc: { a: i32(2) } }, expected: { _id: 1, a: i32(3) } },
  { name: 'negative increment', doc: { _id: 1, a: i32(1) }, update: { $inc: { a: i32(-5) } }, expected: { _id: 1, a: i32(-4) } },
  { name: 'int32 overflow widens to int64', doc: { _id: 1, a: i32(INT_MAX) }, update: { $inc: { a: i32(1) } }, expected: { _id: 1, a: lng(2147483648) } },
  { name: 'int32 underflow widens to int64', doc: { _id: 1, a: i32(INT_MIN) }, update: { $inc: { a: i32(-1) } }, expected: { _id: 1, a: lng(-2147483649) } },
  { name: 'int32 + int64 → int64', doc: { _id: 1, a: i32(1) }, update: { $inc: { a: lng(1) } }, expected: { _id: 1, a: lng(2) } },
  { name: 'int64 + int32 → int64', doc: { _id: 1, a: lng(10) }, update: { $inc: { a: i32(1) } }, expected: { _id: 1, a: lng(11) } },
  { name: 'int64 exact beyond 2^53', doc: { _id: 1, a: lng(2n ** 53n) }, update: { $inc: { a: i32(1) } }, expected: { _id: 1, a: lng(2n ** 53n + 1n) } },
  {
    name: 'int64 overflow fails',
    doc: { _id: 1, a: lng(LONG_MAX) },
    update: { $inc: { a: i32(1) } },
    code: 2,
    message: 'Failed to apply $inc operations to current value ((NumberLong)9223372036854775807) for document {_id: 1}',
  },
  { name: 'int64 underflow fails', doc: { _id: 1, a: lng(LONG_MIN) }, update: { $inc: { a: lng(-1) } }, code: 2 },
  { name: 'int32 + double → double', doc: { _id: 1, a: i32(1) }, update: { $inc: { a: dbl(0.5) } }, expected: { _id: 1, a: dbl(1.5) } },
  { name: 'double + int32 → double', doc: { _id: 1, a: dbl(1.5) }, update: { $inc: { a: i32(1) } }, expected: { _id: 1, a: dbl(2.5) } },
  { name: 'int64 + double → double', doc: { _id: 1, a: lng(2) }, update: { $inc: { a: dbl(0.5) } }, expected: { _id: 1, a: dbl(2.5) } },
  { name: 'int32 + integral double → double', doc: { _id: 1, a: i32(1) }, update: { $inc: { a: dbl(1) } }, expected: { _id: 1, a: dbl(2) } },
  { name: 'int32 + decimal → decimal', doc: { _id: 1, a: i32(1) }, update: { $inc: { a: dec('0.5') } }, expected: { _id: 1, a: dec('1.5') } },
  { name: 'decimal + decimal is exact', doc: { _id: 1, a: dec('0.1') }, update: { $inc: { a: dec('0.2') } }, expected: { _id: 1, a: dec('0.3') } },
  { name: 'decimal + int64 → decimal', doc: { _id: 1, a: dec('1.25') }, update: { $inc: { a: lng(1) } }, expected: { _id: 1, a: dec('2.25') } },
  { name: 'double + decimal → decimal', doc: { _id: 1, a: dbl(0.5) }, update: { $inc: { a: dec('1') } }, expected: { _id: 1, a: dec('1.5') } },
  { name: 'plain JS operand 1 is an int32', doc: { _id: 1, a: i32(1) }, update: { $inc: { a: 1 } }, expected: { _id: 1, a: i32(2) } },
  { name: 'plain JS operand 1.5 is a double', doc: { _id: 1, a: i32(1) }, update: { $inc: { a: 1.5 } }, expected: { _id: 1, a: dbl(2.5) } },
  { name: 'bigint operand is an int64', doc: { _id: 1, a: i32(1) }, update: { $inc: { a: 1n } }, expected: { _id: 1, a: lng(2) } },
  { name: 'plain JS numbers stored in the document', doc: { _id: 1, a: 3 }, update: { $inc: { a: i32(1) } }, expected: { _id: 1, a: i32(4) } },
]);

runUpdateCases('$inc: missing fields, no-ops, paths, errors', [
  { name: 'missing field takes the int32 increment', doc: { _id: 1 }, update: { $inc: { a: i32(5) } }, expected: { _id: 1, a: i32(5) } },
  { name: 'missing field takes the int64 increment', doc: { _id: 1 }, update: { $inc: { a: lng(5) } }, expected: { _id: 1, a: lng(5) } },
  { name: 'missing field takes the double increment', doc: { _id: 1 }, update: { $inc: { a: dbl(5) } }, expected: { _id: 1, a: dbl(5) } },
  { name: 'missing field takes the decimal increment', doc: { _id: 1 }, update: { $inc: { a: dec('5.0') } }, expected: { _id: 1, a: dec('5.0') } },
  { name: 'missing field with a zero increment is created', doc: { _id: 1 }, update: { $inc: { a: i32(0) } }, expected: { _id: 1, a: i32(0) } },
  { name: 'int32 + int32 0 is a no-op', doc: { _id: 1, a: i32(7) }, update: { $inc: { a: i32(0) } }, expected: 'unchanged' },
  { name: 'int32 + double 0 changes the type', doc: { _id: 1, a: i32(7) }, update: { $inc: { a: dbl(0) } }, expected: { _id: 1, a: dbl(7) } },
  { name: 'int32 + int64 0 changes the type', doc: { _id: 1, a: i32(7) }, update: { $inc: { a: lng(0) } }, expected: { _id: 1, a: lng(7) } },
  { name: 'dotted path', doc: { _id: 1, a: { b: i32(1) } }, update: { $inc: { 'a.b': i32(1) } }, expected: { _id: 1, a: { b: i32(2) } } },
  { name: 'dotted path created', doc: { _id: 1 }, update: { $inc: { 'a.b': i32(1) } }, expected: { _id: 1, a: { b: i32(1) } } },
  { name: 'array element', doc: { _id: 1, a: [i32(1), i32(2)] }, update: { $inc: { 'a.1': i32(10) } }, expected: { _id: 1, a: [i32(1), i32(12)] } },
  { name: 'positional element', doc: { _id: 1, a: [i32(1), i32(2)] }, update: { $inc: { 'a.$': i32(10) } }, ctx: { position: 0 }, expected: { _id: 1, a: [i32(11), i32(2)] } },
  { name: 'several fields', doc: { _id: 1, a: i32(1), b: dbl(1) }, update: { $inc: { a: i32(1), b: i32(1), c: i32(1) } }, expected: { _id: 1, a: i32(2), b: dbl(2), c: i32(1) } },
  {
    name: 'non-numeric field',
    doc: { _id: 1, a: 'x' },
    update: { $inc: { a: i32(1) } },
    code: 14,
    message: "Cannot apply $inc to a value of non-numeric type. {_id: 1} has the field 'a' of non-numeric type string",
  },
  {
    name: 'null field',
    doc: { _id: 1, a: null },
    update: { $inc: { a: i32(1) } },
    code: 14,
    message: "Cannot apply $inc to a value of non-numeric type. {_id: 1} has the field 'a' of non-numeric type null",
  },
  {
    name: 'nested non-numeric field names the last component',
    doc: { _id: 'k', a: { b: [] } },
    update: { $inc: { 'a.b': i32(1) } },
    code: 14,
    message: 'Cannot apply $inc to a value of non-numeric type. {_id: "k"} has the field \'b\' of non-numeric type array',
  },
  {
    name: 'non-numeric argument',
    doc: { _id: 1, a: i32(1) },
    update: { $inc: { a: 'x' } },
    code: 14,
    message: 'Cannot increment with non-numeric argument: {a: "x"}',
  },
  { name: 'null argument', doc: { _id: 1 }, update: { $inc: { a: null } }, code: 14, message: 'Cannot increment with non-numeric argument: {a: null}' },
  { name: 'document argument', doc: { _id: 1 }, update: { $inc: { 'a.b': { x: 1 } } }, code: 14, message: 'Cannot increment with non-numeric argument: {a.b: { x: 1 }}' },
  { name: 'through a scalar', doc: { _id: 1, a: i32(1) }, update: { $inc: { 'a.b': i32(1) } }, code: 28 },
  { name: 'on _id', doc: { _id: i32(1) }, update: { $inc: { _id: i32(1) } }, code: 66 },
  { name: 'a zero increment of _id is a no-op, not an error', doc: { _id: i32(1) }, update: { $inc: { _id: i32(0) } }, expected: 'unchanged' },
]);

runUpdateCases('$mul', [
  { name: 'int32 × int32 → int32', doc: { _id: 1, a: i32(3) }, update: { $mul: { a: i32(4) } }, expected: { _id: 1, a: i32(12) } },
  { name: 'int32 overflow widens to int64', doc: { _id: 1, a: i32(65536) }, update: { $mul: { a: i32(65536) } }, expected: { _id: 1, a: lng(4294967296) } },
  { name: 'int32 × int64 → int64', doc: { _id: 1, a: i32(3) }, update: { $mul: { a: lng(2) } }, expected: { _id: 1, a: lng(6) } },
  {
    name: 'int64 overflow fails',
    doc: { _id: 1, a: lng(2n ** 62n) },
    update: { $mul: { a: i32(2) } },
    code: 2,
    message: 'Failed to apply $mul operations to current value ((NumberLong)4611686018427387904) for document {_id: 1}',
  },
  { name: 'int32 × double → double', doc: { _id: 1, a: i32(3) }, update: { $mul: { a: dbl(0.5) } }, expected: { _id: 1, a: dbl(1.5) } },
  { name: 'double × decimal → decimal', doc: { _id: 1, a: dbl(1.5) }, update: { $mul: { a: dec('2') } }, expected: { _id: 1, a: dec('3.0') } },
  { name: 'decimal × int32 → decimal', doc: { _id: 1, a: dec('1.1') }, update: { $mul: { a: i32(3) } }, expected: { _id: 1, a: dec('3.3') } },
  { name: 'missing field becomes int32 0', doc: { _id: 1 }, update: { $mul: { a: i32(5) } }, expected: { _id: 1, a: i32(0) } },
  { name: 'missing field becomes int64 0', doc: { _id: 1 }, update: { $mul: { a: lng(5) } }, expected: { _id: 1, a: lng(0) } },
  { name: 'missing field becomes double 0', doc: { _id: 1 }, update: { $mul: { a: dbl(2.5) } }, expected: { _id: 1, a: dbl(0) } },
  { name: 'missing field becomes double -0 for a negative double', doc: { _id: 1 }, update: { $mul: { a: dbl(-2.5) } }, expected: { _id: 1, a: dbl(-0) } },
  { name: 'missing field becomes decimal 0', doc: { _id: 1 }, update: { $mul: { a: dec('2') } }, expected: { _id: 1, a: dec('0') } },
  { name: 'multiplying by int32 1 is a no-op', doc: { _id: 1, a: i32(9) }, update: { $mul: { a: i32(1) } }, expected: 'unchanged' },
  { name: 'multiplying by double 1 changes the type', doc: { _id: 1, a: i32(9) }, update: { $mul: { a: dbl(1) } }, expected: { _id: 1, a: dbl(9) } },
  { name: 'multiplying by zero', doc: { _id: 1, a: i32(9) }, update: { $mul: { a: i32(0) } }, expected: { _id: 1, a: i32(0) } },
  { name: 'negative numbers', doc: { _id: 1, a: i32(-3) }, update: { $mul: { a: i32(-3) } }, expected: { _id: 1, a: i32(9) } },
  {
    name: 'non-numeric argument',
    doc: { _id: 1 },
    update: { $mul: { a: 'x' } },
    code: 14,
    message: 'Cannot multiply with non-numeric argument: {a: "x"}',
  },
  {
    name: 'non-numeric field',
    doc: { _id: 2, a: true },
    update: { $mul: { a: i32(2) } },
    code: 14,
    message: "Cannot apply $mul to a value of non-numeric type. {_id: 2} has the field 'a' of non-numeric type bool",
  },
  { name: 'dotted path created', doc: { _id: 1, a: {} }, update: { $mul: { 'a.b': i32(2) } }, expected: { _id: 1, a: { b: i32(0) } } },
]);

describe('$inc properties', () => {
  const small = fc.integer({ min: -(2 ** 29), max: 2 ** 29 });
  it('$inc by a then by b equals $inc by a + b (value and type)', () => {
    fc.assert(
      fc.property(small, small, small, (x, a, b) => {
        const doc: Document = { _id: i32(1), n: i32(x) };
        const stepwise = compileUpdate({ $inc: { n: i32(b) } }).apply(compileUpdate({ $inc: { n: i32(a) } }).apply(doc, { isInsert: false }), { isInsert: false });
        const once = compileUpdate({ $inc: { n: i32(a + b) } }).apply(doc, { isInsert: false });
        expect(ej(stepwise)).toBe(ej(once));
        expect((stepwise.n as { _bsontype: string })._bsontype).toBe('Int32');
      }),
    );
  });

  it('$inc on int64 values agrees with bigint arithmetic or reports overflow', () => {
    const big = fc.bigInt({ min: LONG_MIN, max: LONG_MAX });
    fc.assert(
      fc.property(big, big, (x, a) => {
        const doc: Document = { _id: i32(1), n: lng(x) };
        const update = compileUpdate({ $inc: { n: lng(a) } });
        const sum = x + a;
        if (sum > LONG_MAX || sum < LONG_MIN) {
          expect(() => update.apply(doc, { isInsert: false })).toThrow(/Failed to apply \$inc/);
        } else {
          expect(ej(update.apply(doc, { isInsert: false }).n)).toBe(ej(lng(sum)));
        }
      }),
    );
  });
});
