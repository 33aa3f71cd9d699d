import { DBRef, Int32, ObjectId } from 'bson';
import { describe, expect, it } from 'vitest';
import { QueryError } from '../../src/errors.js';
import { arrayIndexOf, getField, parseFieldPath } from '../../src/path/field-path.js';

describe('arrayIndexOf', () => {
  const cases: [string, number][] = [
    ['0', 0],
    ['12', 12],
    ['01', -1],
    ['', -1],
    ['-1', -1],
    ['1a', -1],
    ['a', -1],
    ['1234567890123456', -1],
  ];
  for (const [part, expected] of cases) it(`${JSON.stringify(part)} → ${expected}`, () => expect(arrayIndexOf(part)).toBe(expected));
});

describe('getField', () => {
  const oid = new ObjectId('0123456789abcdef01234567');
  const ref = new DBRef('coll', oid, 'db', { extra: new Int32(1) });
  const cases: [string, unknown, string, unknown][] = [
    ['plain field', { a: 1 }, 'a', 1],
    ['missing field', { a: 1 }, 'b', undefined],
    ['inherited property', {}, 'constructor', undefined],
    ['inherited toString', {}, 'toString', undefined],
    ['array index', [5, 6], '1', 6],
    ['array out of range', [5], '1', undefined],
    ['array non-index', [5], 'length', undefined],
    ['DBRef $ref', ref, '$ref', 'coll'],
    ['DBRef $id', ref, '$id', oid],
    ['DBRef $db', ref, '$db', 'db'],
    ['DBRef extra field', ref, 'extra', new Int32(1)],
    ['DBRef missing field', ref, 'nope', undefined],
    ['scalar', 5, 'a', undefined],
    ['null', null, 'a', undefined],
    ['BSON value', new Int32(1), 'value', undefined],
  ];
  for (const [name, container, key, expected] of cases) {
    it(name, () => expect(getField(container, key)).toEqual(expected));
  }
});

describe('parseFieldPath', () => {
  it('splits a valid path', () => expect(parseFieldPath('a.b.0')).toEqual(['a', 'b', '0']));
  const bad: [string, number][] = [
    ['', 40352],
    ['a.', 40353],
    ['a..b', 15998],
    ['.a', 15998],
    ['$a', 16410],
    ['a.$b', 16410],
    ['a\0b', 16411],
  ];
  for (const [path, code] of bad) {
    it(`${JSON.stringify(path)} → ${code}`, () => {
      try {
        parseFieldPath(path);
        expect.unreachable();
      } catch (e) {
        expect(e).toBeInstanceOf(QueryError);
        expect((e as QueryError).code).toBe(code);
      }
    });
  }
});
