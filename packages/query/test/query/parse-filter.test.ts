import { Decimal128, Double, Int32, Long } from 'bson';
import { describe, expect, it } from 'vitest';
import { BadQueryError } from '../../src/errors.js';
import { compileFilter } from '../../src/query/index.js';
import { errorTable, matchTable } from './match-table.js';

const i = (n: number) => new Int32(n);

matchTable('implicit $and of top-level conditions', [
  [{}, {}, true],
  [{}, { a: i(1) }, true],
  [{ a: 1, b: 2 }, { a: i(1), b: i(2) }, true],
  [{ a: 1, b: 2 }, { a: i(1), b: i(3) }, false],
  [{ a: 1, b: 2 }, { a: i(1) }, false],
  [{ a: 1, 'b.c': 'x' }, { a: [i(0), i(1)], b: [{ c: 'y' }, { c: 'x' }] }, true],
  [{ a: 1, $comment: 'explain me' }, { a: i(1) }, true],
  [{ $comment: 'only a comment' }, { a: i(1) }, true],
]);

matchTable('$and / $or / $nor', [
  [{ $and: [{ a: 1 }, { b: 2 }] }, { a: i(1), b: i(2) }, true],
  [{ $and: [{ a: 1 }, { b: 2 }] }, { a: i(1), b: i(3) }, false],
  [{ $and: [{ a: { $gt: 1 } }, { a: { $lt: 5 } }] }, { a: [i(0), i(9)] }, true],
  [{ $or: [{ a: 1 }, { b: 2 }] }, { b: i(2) }, true],
  [{ $or: [{ a: 1 }, { b: 2 }] }, { a: i(2), b: i(1) }, false],
  [{ $or: [{ a: null }, { a: 4 }] }, {}, true],
  [{ $or: [{ a: null }, { a: 4 }] }, { a: i(5) }, false],
  [{ $or: [{ a: 1 }] }, { a: [i(1)] }, true],
  [{ $nor: [{ a: 1 }, { b: 2 }] }, { a: i(2), b: i(1) }, true],
  [{ $nor: [{ a: 1 }, { b: 2 }] }, { b: i(2) }, false],
  [{ $nor: [{ a: { $exists: true } }] }, {}, true],
  [{ $or: [{ $and: [{ a: 1 }, { b: 1 }] }, { c: 1 }] }, { a: i(1), b: i(1) }, true],
  [{ $and: [{ $or: [{ a: 1 }, { b: 1 }] }, { $or: [{ c: 1 }, { d: 1 }] }] }, { b: i(1), d: i(1) }, true],
  [{ $and: [{ $or: [{ a: 1 }, { b: 1 }] }, { $or: [{ c: 1 }, { d: 1 }] }] }, { b: i(1) }, false],
  [{ a: 1, $or: [{ b: 1 }, { c: 1 }] }, { a: i(1), c: i(1) }, true],
  [{ a: 1, $or: [{ b: 1 }, { c: 1 }] }, { a: i(2), c: i(1) }, false],
]);

matchTable('$alwaysTrue, $alwaysFalse, $sampleRate and DBRef fields', [
  [{ $alwaysTrue: 1 }, {}, true],
  [{ $alwaysFalse: 1 }, { a: i(1) }, false],
  [{ $alwaysTrue: new Double(1) }, {}, true],
  [{ $sampleRate: 0 }, { a: i(1) }, false],
  [{ $sampleRate: 1 }, { a: i(1) }, true],
]);

matchTable('$expr', [
  [{ $expr: { $gt: ['$a', '$b'] } }, { a: i(5), b: i(3) }, true],
  [{ $expr: { $gt: ['$a', '$b'] } }, { a: i(2), b: i(3) }, false],
  [{ $expr: { $eq: ['$a', 1] } }, { a: Long.fromNumber(1) }, true],
  [{ $expr: { $eq: ['$a', 1] } }, { a: Decimal128.fromString('1.00') }, true],
  [{ $expr: '$flag' }, { flag: i(0) }, false],
  [{ $expr: '$flag' }, { flag: 'x' }, true],
  [{ $expr: '$flag' }, {}, false],
  [{ $expr: true }, {}, true],
  [{ $expr: { $lt: ['$missing', 1] } }, {}, true],
  [{ a: 1, $expr: { $eq: ['$b', 2] } }, { a: i(1), b: i(2) }, true],
  [{ a: 1, $expr: { $eq: ['$b', 2] } }, { a: i(1), b: i(3) }, false],
  [{ $or: [{ $expr: { $eq: ['$a', '$b'] } }, { c: 1 }] }, { a: 'x', b: 'x' }, true],
]);

errorTable('top-level operators: invalid filters', [
  [{ $foo: 1 }, 2, 'unknown top level operator: $foo'],
  [{ $and: {} }, 2, '$and must be an array'],
  [{ $or: 1 }, 2, '$or must be an array'],
  [{ $nor: 'x' }, 2, '$nor must be an array'],
  [{ $and: [] }, 2, '$and/$or/$nor must be a nonempty array'],
  [{ $or: [] }, 2, '$and/$or/$nor must be a nonempty array'],
  [{ $or: [1] }, 2, '$or/$and/$nor entries need to be full objects'],
  [{ $and: [{ a: 1 }, [{ b: 1 }]] }, 2, '$or/$and/$nor entries need to be full objects'],
  [{ $or: [{ a: { $bad: 1 } }] }, 2, 'unknown operator: $bad'],
  [{ $where: 'this.a == 1' }, 2, '$where is not supported'],
  [{ $text: { $search: 'x' } }, 27, 'text index required for $text query'],
  [{ $jsonSchema: {} }, 2, '$jsonSchema is not supported'],
  [{ $alwaysTrue: 2 }, 9, '$alwaysTrue must be an integer value of 1'],
  [{ $alwaysFalse: 'x' }, 9, '$alwaysFalse must be an integer value of 1'],
  [{ $sampleRate: 2 }, 2, 'numeric argument to $sampleRate must be in [0, 1]'],
  [{ $sampleRate: 'x' }, 2, '$sampleRate must be a numeric type'],
  [{ $expr: { $nope: 1 } }, 168, "Unrecognized expression '$nope'"],
]);

describe('compileFilter: inputs', () => {
  it('matches everything for null and undefined', () => {
    expect(compileFilter(null).test({ a: i(1) })).toBe(true);
    expect(compileFilter(undefined).test({})).toBe(true);
    expect(compileFilter(undefined).filter).toEqual({});
  });
  it('keeps the filter document it was given', () => {
    const f = { a: 1 };
    expect(compileFilter(f).filter).toBe(f);
  });
  it('rejects a filter that is not a document', () => {
    expect(() => compileFilter([] as never)).toThrow(BadQueryError);
    expect(() => compileFilter('a' as never)).toThrow('filter must be a document');
  });
  it('throws BadQueryError with codeName BadValue for unknown operators', () => {
    try {
      compileFilter({ a: { $foo: 1 } });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(BadQueryError);
      expect((e as BadQueryError).codeName).toBe('BadValue');
    }
  });
  it('parses once: a compiled filter is reused across documents', () => {
    const f = compileFilter({ a: { $gte: 2 } });
    const docs = [1, 2, 3].map((n) => ({ a: i(n) }));
    expect(docs.filter((d) => f.test(d)).map((d) => d.a.value)).toEqual([2, 3]);
  });
  it('does not modify the filter or the documents', () => {
    const filter = { a: { $in: [1, 2] }, b: { $elemMatch: { c: 1 } } };
    const doc = { a: [i(2)], b: [{ c: i(1) }] };
    const before = JSON.stringify([filter, doc]);
    compileFilter(filter).match(doc);
    expect(JSON.stringify([filter, doc])).toBe(before);
  });
  it('evaluates $expr with an ExpressionError at match time', () => {
    const f = compileFilter({ $expr: { $divide: ['$a', 0] } });
    expect(() => f.test({ a: i(1) })).toThrow();
  });
});
