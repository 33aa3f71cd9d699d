import { BSONRegExp, Int32, ObjectId } from 'bson';
import { describe, expect, it } from 'vitest';
import { extractEqualities } from '../../src/query/index.js';
import { formatValue } from '../../src/query/format.js';
import type { Document } from '../../src/values/bson-type.js';

const oid = new ObjectId('0123456789abcdef01234567');

const cases: [Document, [string, unknown][]][] = [
  [{}, []],
  [{ a: 1 }, [['a', 1]]],
  [{ _id: oid }, [['_id', oid]]],
  [{ a: 1, b: { $gt: 1 } }, [['a', 1]]],
  [{ a: { $eq: 5 } }, [['a', 5]]],
  [{ a: { $eq: 5, $gt: 0 } }, [['a', 5]]],
  [{ a: { $gt: 0, $eq: 5 } }, [['a', 5]]],
  [{ a: { $eq: /x/ } }, [['a', /x/]]],
  [{ $and: [{ a: 1 }, { $and: [{ b: 2 }] }], c: 3 }, [['a', 1], ['b', 2], ['c', 3]]],
  [{ c: 3, $and: [{ a: 1 }] }, [['c', 3], ['a', 1]]],
  [{ a: /x/ }, []],
  [{ a: new BSONRegExp('x', 'i') }, []],
  [{ a: { $in: [1] } }, []],
  [{ $or: [{ a: 1 }] }, []],
  [{ $nor: [{ a: 1 }] }, []],
  [{ $expr: { $eq: ['$a', 1] } }, []],
  [{ $comment: 'x', a: 1 }, [['a', 1]]],
  [{ 'a.b': 1 }, [['a.b', 1]]],
  [{ a: { b: 1 } }, [['a', { b: 1 }]]],
  [{ a: { b: 1, $c: 2 } }, [['a', { b: 1, $c: 2 }]]],
  [{ a: { $ref: 'c', $id: oid } }, [['a', { $ref: 'c', $id: oid }]]],
  [{ a: null }, [['a', null]]],
  [{ a: undefined }, [['a', null]]],
  [{ a: [1, 2] }, [['a', [1, 2]]]],
  [{ a: new Int32(7) }, [['a', new Int32(7)]]],
];

describe('extractEqualities', () => {
  for (const [filter, expected] of cases) {
    it(`${formatValue(filter)} → ${expected.map(([k]) => k).join(', ') || '(none)'}`, () => {
      expect(extractEqualities(filter)).toEqual(expected);
    });
  }
});
