import { MaxKey, MinKey } from 'bson';
import { dbl, dec, i32, lng, runUpdateCases } from './helpers.js';

runUpdateCases('$min', [
  { name: 'a smaller value replaces', doc: { _id: 1, a: i32(5) }, update: { $min: { a: i32(3) } }, expected: { _id: 1, a: i32(3) } },
  { name: 'a larger value keeps the field', doc: { _id: 1, a: i32(5) }, update: { $min: { a: i32(7) } }, expected: 'unchanged' },
  { name: 'an equal value keeps the field', doc: { _id: 1, a: i32(5) }, update: { $min: { a: i32(5) } }, expected: 'unchanged' },
  { name: 'an equal value of another type keeps the field and its type', doc: { _id: 1, a: i32(5) }, update: { $min: { a: dbl(5) } }, expected: 'unchanged' },
  { name: 'a smaller value of another type replaces with that type', doc: { _id: 1, a: i32(5) }, update: { $min: { a: dbl(4.5) } }, expected: { _id: 1, a: dbl(4.5) } },
  { name: 'a missing field is created', doc: { _id: 1 }, update: { $min: { a: i32(3) } }, expected: { _id: 1, a: i32(3) } },
  { name: 'null sorts below numbers', doc: { _id: 1, a: i32(5) }, update: { $min: { a: null } }, expected: { _id: 1, a: null } },
  { name: 'a string does not replace a number', doc: { _id: 1, a: i32(5) }, update: { $min: { a: 'x' } }, expected: 'unchanged' },
  { name: 'a number replaces a string', doc: { _id: 1, a: 'x' }, update: { $min: { a: i32(100) } }, expected: { _id: 1, a: i32(100) } },
  { name: 'MinKey replaces anything', doc: { _id: 1, a: null }, update: { $min: { a: new MinKey() } }, expected: { _id: 1, a: new MinKey() } },
  { name: 'earlier dates replace', doc: { _id: 1, d: new Date(1000) }, update: { $min: { d: new Date(10) } }, expected: { _id: 1, d: new Date(10) } },
  { name: 'decimal compares exactly with double', doc: { _id: 1, a: dbl(0.1) }, update: { $min: { a: dec('0.1') } }, expected: { _id: 1, a: dec('0.1') } },
  { name: 'dotted path', doc: { _id: 1, a: { b: i32(2) } }, update: { $min: { 'a.b': i32(1) } }, expected: { _id: 1, a: { b: i32(1) } } },
  { name: 'array element', doc: { _id: 1, a: [i32(2), i32(9)] }, update: { $min: { 'a.1': i32(3) } }, expected: { _id: 1, a: [i32(2), i32(3)] } },
  { name: 'strings in binary order', doc: { _id: 1, a: 'b' }, update: { $min: { a: 'B' } }, expected: { _id: 1, a: 'B' } },
  { name: 'on _id with a smaller value fails', doc: { _id: i32(5) }, update: { $min: { _id: i32(1) } }, code: 66 },
  { name: 'through a scalar fails', doc: { _id: 1, a: i32(1) }, update: { $min: { 'a.b': i32(1) } }, code: 28 },
]);

runUpdateCases('$max', [
  { name: 'a larger value replaces', doc: { _id: 1, a: i32(5) }, update: { $max: { a: i32(7) } }, expected: { _id: 1, a: i32(7) } },
  { name: 'a smaller value keeps the field', doc: { _id: 1, a: i32(5) }, update: { $max: { a: i32(3) } }, expected: 'unchanged' },
  { name: 'an equal value keeps the field', doc: { _id: 1, a: lng(5) }, update: { $max: { a: i32(5) } }, expected: 'unchanged' },
  { name: 'a missing field is created', doc: { _id: 1 }, update: { $max: { a: 'x' } }, expected: { _id: 1, a: 'x' } },
  { name: 'a string replaces a number', doc: { _id: 1, a: i32(5) }, update: { $max: { a: 'a' } }, expected: { _id: 1, a: 'a' } },
  { name: 'an array is above a number', doc: { _id: 1, a: i32(5) }, update: { $max: { a: [i32(1)] } }, expected: { _id: 1, a: [i32(1)] } },
  { name: 'a document is below an array', doc: { _id: 1, a: [i32(1)] }, update: { $max: { a: { x: 1 } } }, expected: 'unchanged' },
  { name: 'int64 beyond 2^53 beats the double 2^53', doc: { _id: 1, a: dbl(2 ** 53) }, update: { $max: { a: lng(2n ** 53n + 1n) } }, expected: { _id: 1, a: lng(2n ** 53n + 1n) } },
  { name: 'MaxKey replaces anything', doc: { _id: 1, a: [] }, update: { $max: { a: new MaxKey() } }, expected: { _id: 1, a: new MaxKey() } },
  { name: 'later dates replace', doc: { _id: 1, d: new Date(10) }, update: { $max: { d: new Date(1000) } }, expected: { _id: 1, d: new Date(1000) } },
  { name: 'true beats false', doc: { _id: 1, a: false }, update: { $max: { a: true } }, expected: { _id: 1, a: true } },
  { name: 'documents compare field by field', doc: { _id: 1, a: { x: 1 } }, update: { $max: { a: { x: 2 } } }, expected: { _id: 1, a: { x: 2 } } },
  { name: 'conflicts with $min on the same path', doc: { _id: 1 }, update: { $min: { a: 1 }, $max: { a: 2 } }, code: 40 },
  { name: 'positional element', doc: { _id: 1, a: [i32(1), i32(2)] }, update: { $max: { 'a.$': i32(5) } }, ctx: { position: 1 }, expected: { _id: 1, a: [i32(1), i32(5)] } },
]);
