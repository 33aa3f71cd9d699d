import { describe, it } from 'vitest';
import { ev, expectBson, expectCode, i } from '../support.js';
import type { Case, ErrorCase } from '../support.js';

describe('object operators', () => {
  const cases: Case[] = [
    ['$mergeObjects', { $mergeObjects: [{ a: 1, b: 1 }, { b: 2, c: 3 }] }, {}, { a: i(1), b: i(2), c: i(3) }],
    ['$mergeObjects keeps first position', { $mergeObjects: ['$x', '$y'] }, { x: { a: i(1), b: i(2) }, y: { a: i(9) } }, { a: i(9), b: i(2) }],
    ['$mergeObjects ignores null and missing', { $mergeObjects: [null, '$nope', { a: 1 }] }, {}, { a: i(1) }],
    ['$mergeObjects single document', { $mergeObjects: '$x' }, { x: { a: i(1) } }, { a: i(1) }],
    ['$mergeObjects none', { $mergeObjects: [] }, {}, {}],
    ['$getField shorthand', { $getField: 'a.b' }, { 'a.b': i(1), a: { b: i(2) } }, i(1)],
    ['$getField with input', { $getField: { field: { $literal: '$x' }, input: { $literal: { $x: 'dollar' } } } }, {}, 'dollar'],
    ['$getField missing', { $getField: { field: 'z', input: '$o' } }, { o: { a: i(1) } }, undefined],
    ['$getField null input', { $getField: { field: 'z', input: null } }, {}, null],
    ['$getField non-object input is missing', { $getField: { field: 'a', input: 'str' } }, {}, undefined],
    ['$getField $literal field', { $getField: { $literal: 'a.b' } }, { 'a.b': i(3) }, i(3)],
    ['$getField missing input', { $getField: { field: 'z', input: '$none' } }, {}, undefined],
    ['$setField', { $setField: { field: 'b', input: '$o', value: i(5) } }, { o: { a: i(1) } }, { a: i(1), b: i(5) }],
    ['$setField replaces in place', { $setField: { field: 'a', input: '$o', value: i(5) } }, { o: { a: i(1), b: i(2) } }, { a: i(5), b: i(2) }],
    ['$setField with $$REMOVE', { $setField: { field: 'a', input: '$o', value: '$$REMOVE' } }, { o: { a: i(1), b: i(2) } }, { b: i(2) }],
    ['$unsetField', { $unsetField: { field: 'a', input: '$o' } }, { o: { a: i(1), b: i(2) } }, { b: i(2) }],
    ['$setField null input', { $setField: { field: 'a', input: null, value: 1 } }, {}, null],
  ];
  for (const [name, expr, doc, expected] of cases) it(name, () => expectBson(ev(expr, doc), expected));
  const errors: ErrorCase[] = [
    ['$mergeObjects non-document', { $mergeObjects: [{ a: 1 }, i(1)] }, {}, 40400],
    ['$getField field path', { $getField: { field: '$n', input: {} } }, { n: i(1) }, 5654600],
    ['$getField non-constant field', { $getField: { field: { $concat: ['a', '$b'] }, input: {} } }, {}, 5654601],
    ['$getField non-string field', { $getField: { field: 1, input: {} } }, {}, 5654602],
    ['$setField field path', { $setField: { field: '$a', input: {}, value: 1 } }, {}, 4161108],
    ['$setField missing input', { $setField: { field: 'a', value: 1 } }, {}, 4161109],
    ['$setField unknown argument', { $setField: { field: 'a', input: {}, value: 1, x: 1 } }, {}, 4161101],
    ['$unsetField with value', { $unsetField: { field: 'a', input: {}, value: 1 } }, {}, 4161101],
    ['$getField unknown argument', { $getField: { field: 'a', foo: 1 } }, {}, 3041701],
    ['$getField missing field', { $getField: { input: {} } }, {}, 3041702],
    ['$setField missing value', { $setField: { field: 'a', input: {} } }, {}, 4161103],
    ['$setField non-object input', { $setField: { field: 'a', input: i(1), value: 1 } }, {}, 4161105],
  ];
  for (const [name, expr, doc, code] of errors) it(name, () => expectCode(() => ev(expr, doc), code));
});
