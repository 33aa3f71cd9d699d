import { describe, expect, it } from 'vitest';
import { DBRef, ObjectId } from 'bson';
import { compileExpression } from '../../src/expression/index.js';
import { BadQueryError, ExpressionError } from '../../src/errors.js';
import { d, ev, expectBson, expectCode, i, l } from './support.js';
import type { Case, ErrorCase } from './support.js';

describe('field paths', () => {
  const cases: Case[] = [
    ['top-level field', '$a', { a: i(1) }, i(1)],
    ['missing field', '$b', { a: i(1) }, undefined],
    ['nested field', '$a.b', { a: { b: 'x' } }, 'x'],
    ['nested missing', '$a.c', { a: { b: 'x' } }, undefined],
    ['path through scalar', '$a.b', { a: i(5) }, undefined],
    ['array of documents maps the rest of the path', '$a.b', { a: [{ b: i(1) }, { b: i(2) }] }, [i(1), i(2)]],
    ['array elements lacking the field are skipped', '$a.b', { a: [{ b: i(1) }, { c: i(2) }, i(3)] }, [i(1)]],
    ['nested arrays are not flattened', '$a.b.c', { a: [{ b: [{ c: i(1) }, { c: i(2) }] }] }, [[i(1), i(2)]]],
    ['array inside array is skipped', '$a.b', { a: [[{ b: i(1) }]] }, []],
    ['whole array', '$a', { a: [i(1), i(2)] }, [i(1), i(2)]],
    ['numeric component is a field name', '$a.0', { a: [i(7)] }, []],
    ['numeric key in a document', '$a.0', { a: { '0': 'zero' } }, 'zero'],
    ['prototype names are not fields', '$constructor', {}, undefined],
    ['toString is not a field', '$a.toString', { a: {} }, undefined],
    ['null value', '$a', { a: null }, null],
    ['DBRef fields', '$r.$id', {}, undefined],
  ];
  for (const [name, expr, doc, expected] of cases) it(name, () => expectBson(ev(expr, doc), expected));

  it('reads DBRef sub-fields by name', () => {
    const oid = new ObjectId('0123456789abcdef01234567');
    expectBson(ev('$r.$id', { r: new DBRef('c', oid) }), oid);
    expectBson(ev('$r.$ref', { r: new DBRef('c', oid) }), 'c');
  });
});

describe('variables', () => {
  const doc = { a: i(1), b: { c: i(2) } };
  const cases: Case[] = [
    ['$$ROOT', '$$ROOT', doc, doc],
    ['$$ROOT.path', '$$ROOT.b.c', doc, i(2)],
    ['$$CURRENT', '$$CURRENT.a', doc, i(1)],
    ['$$REMOVE is missing', '$$REMOVE', doc, undefined],
    ['user variable', '$$x', doc, 'vx'],
    ['user variable path', '$$y.z', doc, i(9)],
    ['user variable array path', '$$arr.k', doc, [i(1), i(2)]],
  ];
  const vars = { x: 'vx', y: { z: i(9) }, arr: [{ k: i(1) }, { k: i(2) }] };
  for (const [name, expr, d0, expected] of cases) it(name, () => expectBson(ev(expr, d0, vars), expected));

  it('$$NOW defaults to the clock', () => {
    const before = Date.now();
    const now = ev('$$NOW') as Date;
    expect(now).toBeInstanceOf(Date);
    expect(now.getTime()).toBeGreaterThanOrEqual(before);
  });

  it('$$NOW can be pinned through vars.NOW', () => {
    const t = new Date('2020-01-01T00:00:00Z');
    expect((ev('$$NOW', {}, { NOW: t }) as Date).toISOString()).toBe(t.toISOString());
  });

  it('$$CLUSTER_TIME is a timestamp', () => {
    const t = new Date('2020-01-01T00:00:00Z');
    expect((ev('$$CLUSTER_TIME', {}, { NOW: t }) as { _bsontype: string })._bsontype).toBe('Timestamp');
  });

  it('undefined variable throws 17276 at evaluation', () => {
    const f = compileExpression('$$nope');
    expectCode(() => f({}), 17276, 'Use of undefined variable: nope');
  });
});

describe('literals and objects', () => {
  const oid = new ObjectId('0123456789abcdef01234567');
  const cases: Case[] = [
    ['plain number becomes Int32', 5, {}, i(5)],
    ['plain fraction becomes Double', 2.5, {}, d(2.5)],
    ['bigint becomes Long', 5n, {}, l(5)],
    ['string without $', 'abc', {}, 'abc'],
    ['boolean', true, {}, true],
    ['null', null, {}, null],
    ['ObjectId', oid, {}, oid],
    ['$literal protects $ strings', { $literal: '$a' }, { a: i(1) }, '$a'],
    ['$literal protects operator objects', { $literal: { $add: [1, 2] } }, {}, { $add: [i(1), i(2)] }],
    ['array literal evaluates elements', ['$a', 'x', 3], { a: i(1) }, [i(1), 'x', i(3)]],
    ['missing inside an array becomes null', ['$nope', i(1)], {}, [null, i(1)]],
    ['object evaluates fields', { x: '$a', y: { z: '$a' } }, { a: i(1) }, { x: i(1), y: { z: i(1) } }],
    ['object drops missing fields', { x: '$nope', y: i(1) }, {}, { y: i(1) }],
    ['object keeps field order', { b: i(1), a: i(2) }, {}, { b: i(1), a: i(2) }],
    ['empty object', {}, {}, {}],
    ['$$REMOVE in object removes the field', { x: '$$REMOVE', y: 'k' }, {}, { y: 'k' }],
  ];
  for (const [name, expr, doc, expected] of cases) it(name, () => expectBson(ev(expr, doc), expected));
});

describe('parse errors', () => {
  const cases: ErrorCase[] = [
    ['unknown operator', { $foo: 1 }, {}, 168],
    ['operator with a sibling field', { $add: [1], x: 1 }, {}, 15983],
    ['$-prefixed field after a plain one', { x: 1, $add: [1] }, {}, 16410],
    ['dotted field name', { 'a.b': 1 }, {}, 16412],
    ['lone $', '$', {}, 16872],
    ['empty path component', '$a..b', {}, 15998],
    ['path component with $', '$a.$b', {}, 16410],
    ['empty variable name', '$$', {}, 16869],
    ['invalid variable name', '$$Foo', {}, 16870],
    ['invalid variable character', '$$a-b', {}, 16871],
    ['nested unknown operator', { $add: [{ $bogus: 1 }] }, {}, 168],
    ['$function is unsupported', { $function: {} }, {}, 31264],
  ];
  for (const [name, expr, , code] of cases) {
    it(name, () => {
      expectCode(() => compileExpression(expr), code);
    });
  }

  it('unknown operator message names the operator', () => {
    expectCode(() => compileExpression({ $foo: 1 }), 168, "Unrecognized expression '$foo'");
  });

  it('unknown operator carries codeName InvalidPipelineOperator', () => {
    let err: unknown;
    try {
      compileExpression({ $foo: 1 });
    } catch (e) {
      err = e;
    }
    expect((err as { codeName?: string }).codeName).toBe('InvalidPipelineOperator');
  });

  it('parse errors are BadQueryError, evaluation errors ExpressionError', () => {
    expect(() => compileExpression({ $foo: 1 })).toThrow(BadQueryError);
    expect(() => ev({ $divide: [1, 0] })).toThrow(ExpressionError);
  });

  it('does not mutate the input document', () => {
    const doc = { a: [{ b: i(1) }], c: { d: i(2) } };
    const snapshot = JSON.stringify(doc);
    ev({ $mergeObjects: ['$c', { e: 1 }] }, doc);
    ev({ $concatArrays: ['$a', [1]] }, doc);
    expect(JSON.stringify(doc)).toBe(snapshot);
  });
});
