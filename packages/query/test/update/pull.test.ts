import { BSONRegExp } from 'bson';
import { dbl, i32, runUpdateCases } from './helpers.js';

runUpdateCases('$pull', [
  { name: 'removes equal values', doc: { _id: 1, a: [1, 2, 1, 3] }, update: { $pull: { a: 1 } }, expected: { _id: 1, a: [2, 3] } },
  { name: 'equality across numeric types', doc: { _id: 1, a: [i32(1), dbl(1), 2] }, update: { $pull: { a: dbl(1) } }, expected: { _id: 1, a: [2] } },
  { name: 'no match is a no-op', doc: { _id: 1, a: [1, 2] }, update: { $pull: { a: 5 } }, expected: 'unchanged' },
  { name: 'a missing field is a no-op', doc: { _id: 1 }, update: { $pull: { a: 1 } }, expected: 'unchanged' },
  { name: 'an array value removes equal arrays', doc: { _id: 1, a: [[1, 2], [2, 1], 1] }, update: { $pull: { a: [1, 2] } }, expected: { _id: 1, a: [[2, 1], 1] } },
  { name: 'a condition on values', doc: { _id: 1, a: [3, 6, 9, 2] }, update: { $pull: { a: { $gte: 6 } } }, expected: { _id: 1, a: [3, 2] } },
  { name: '$in', doc: { _id: 1, a: ['x', 'y', 'z'] }, update: { $pull: { a: { $in: ['x', 'z'] } } }, expected: { _id: 1, a: ['y'] } },
  { name: '$ne keeps only the given value', doc: { _id: 1, a: [1, 2, 1] }, update: { $pull: { a: { $ne: 1 } } }, expected: { _id: 1, a: [1, 1] } },
  { name: 'a value condition also sees inside nested arrays', doc: { _id: 1, a: [[1, 7], [2]] }, update: { $pull: { a: { $gte: 7 } } }, expected: { _id: 1, a: [[2]] } },
  { name: '$elemMatch on nested arrays', doc: { _id: 1, a: [[1, 2], [3, 4]] }, update: { $pull: { a: { $elemMatch: { $gt: 3 } } } }, expected: { _id: 1, a: [[1, 2]] } },
  { name: 'a regex removes matching strings', doc: { _id: 1, a: ['apple', 'banana', 'avocado'] }, update: { $pull: { a: new BSONRegExp('^a', '') } }, expected: { _id: 1, a: ['banana'] } },
  { name: 'a JS RegExp works too', doc: { _id: 1, a: ['Apple', 'b'] }, update: { $pull: { a: /^a/i } }, expected: { _id: 1, a: ['b'] } },
  {
    name: 'a document condition matches documents by their fields',
    doc: { _id: 1, r: [{ item: 'A', score: 5 }, { item: 'B', score: 8, c: 1 }, { item: 'B', score: 4 }] },
    update: { $pull: { r: { score: 8, item: 'B' } } },
    expected: { _id: 1, r: [{ item: 'A', score: 5 }, { item: 'B', score: 4 }] },
  },
  {
    name: 'a document condition with operators on fields',
    doc: { _id: 1, r: [{ s: 1 }, { s: 5 }, { s: 9 }] },
    update: { $pull: { r: { s: { $gt: 4 } } } },
    expected: { _id: 1, r: [{ s: 1 }] },
  },
  {
    name: 'a document condition never matches scalars',
    doc: { _id: 1, r: [1, { a: 1 }, 'a'] },
    update: { $pull: { r: { a: 1 } } },
    expected: { _id: 1, r: [1, 'a'] },
  },
  { name: 'an empty document removes every document', doc: { _id: 1, r: [1, { a: 1 }, {}, [1]] }, update: { $pull: { r: {} } }, expected: { _id: 1, r: [1, [1]] } },
  {
    name: 'a $or condition on documents',
    doc: { _id: 1, r: [{ a: 1 }, { b: 2 }, { c: 3 }] },
    update: { $pull: { r: { $or: [{ a: 1 }, { c: 3 }] } } },
    expected: { _id: 1, r: [{ b: 2 }] },
  },
  {
    name: 'dotted fields in a document condition',
    doc: { _id: 1, r: [{ p: { q: 1 } }, { p: { q: 2 } }] },
    update: { $pull: { r: { 'p.q': 2 } } },
    expected: { _id: 1, r: [{ p: { q: 1 } }] },
  },
  { name: 'nested path', doc: { _id: 1, a: { b: [1, 2] } }, update: { $pull: { 'a.b': 2 } }, expected: { _id: 1, a: { b: [1] } } },
  { name: 'all elements removed', doc: { _id: 1, a: [1, 1] }, update: { $pull: { a: 1 } }, expected: { _id: 1, a: [] } },
  { name: 'a non-array field fails', doc: { _id: 1, a: 1 }, update: { $pull: { a: 1 } }, code: 2, message: 'Cannot apply $pull to a non-array value' },
  { name: 'through a scalar fails', doc: { _id: 1, a: 1 }, update: { $pull: { 'a.b': 1 } }, code: 28 },
  { name: 'an invalid condition fails at compile time', doc: { _id: 1, a: [1] }, update: { $pull: { a: { $gt: 1, $foo: 1 } } }, code: 2 },
]);

runUpdateCases('$pullAll', [
  { name: 'removes every listed value', doc: { _id: 1, a: [0, 2, 5, 5, 1, 0] }, update: { $pullAll: { a: [0, 5] } }, expected: { _id: 1, a: [2, 1] } },
  { name: 'equality across numeric types', doc: { _id: 1, a: [i32(1), dbl(2)] }, update: { $pullAll: { a: [dbl(1), i32(2)] } }, expected: { _id: 1, a: [] } },
  { name: 'documents must match exactly', doc: { _id: 1, a: [{ x: 1, y: 1 }, { x: 1 }] }, update: { $pullAll: { a: [{ x: 1 }] } }, expected: { _id: 1, a: [{ x: 1, y: 1 }] } },
  { name: 'nothing removed is a no-op', doc: { _id: 1, a: [1] }, update: { $pullAll: { a: [2] } }, expected: 'unchanged' },
  { name: 'an empty list is a no-op', doc: { _id: 1, a: [1] }, update: { $pullAll: { a: [] } }, expected: 'unchanged' },
  { name: 'a missing field is a no-op', doc: { _id: 1 }, update: { $pullAll: { a: [1] } }, expected: 'unchanged' },
  { name: 'no condition semantics: operator documents are values', doc: { _id: 1, a: [{ $gt: 1 }, 5] }, update: { $pullAll: { a: [{ $gt: 1 }] } }, expected: { _id: 1, a: [5] } },
  {
    name: 'the argument must be an array',
    doc: { _id: 1, a: [1] },
    update: { $pullAll: { a: 1 } },
    code: 2,
    message: '$pullAll requires an array argument but was given a int',
  },
  { name: 'a non-array field fails', doc: { _id: 1, a: 'x' }, update: { $pullAll: { a: ['x'] } }, code: 2, message: 'Cannot apply $pull to a non-array value' },
  { name: 'conflicts with $pull on the same path', doc: { _id: 1 }, update: { $pull: { a: 1 }, $pullAll: { a: [1] } }, code: 40 },
]);
