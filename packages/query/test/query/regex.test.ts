import { BSONRegExp, BSONSymbol, Int32 } from 'bson';
import { describe, expect, it } from 'vitest';
import { compileRegex } from '../../src/query/regex.js';
import { errorTable, matchTable } from './match-table.js';

matchTable('$regex: matching strings', [
  [{ a: /ab/ }, { a: 'xaby' }, true],
  [{ a: /ab/ }, { a: 'AB' }, false],
  [{ a: /ab/i }, { a: 'AB' }, true],
  [{ a: new BSONRegExp('ab', 'i') }, { a: 'xAb' }, true],
  [{ a: { $regex: 'ab' } }, { a: 'cab' }, true],
  [{ a: { $regex: 'ab', $options: 'i' } }, { a: 'xAB' }, true],
  [{ a: { $options: 'i', $regex: 'ab' } }, { a: 'xAB' }, true],
  [{ a: { $regex: /ab/, $options: 'i' } }, { a: 'AB' }, true],
  [{ a: { $regex: new BSONRegExp('ab', 'i') } }, { a: 'AB' }, true],
  [{ a: { $regex: '^ab$' } }, { a: 'ab' }, true],
  [{ a: { $regex: '^ab$' } }, { a: 'abc' }, false],
  [{ a: { $regex: '' } }, { a: '' }, true],
  [{ a: { $regex: '' } }, {}, false],
]);

matchTable('$regex: PCRE semantics', [
  [{ a: { $regex: '^b', $options: 'm' } }, { a: 'a\nb' }, true],
  [{ a: { $regex: '^b' } }, { a: 'a\nb' }, false],
  [{ a: { $regex: 'a$' } }, { a: 'a\n' }, true],
  [{ a: { $regex: 'a$' } }, { a: 'a\nb' }, false],
  [{ a: { $regex: 'a$', $options: 'm' } }, { a: 'a\nb' }, true],
  [{ a: { $regex: 'a.b', $options: 's' } }, { a: 'a\nb' }, true],
  [{ a: { $regex: 'a.b' } }, { a: 'a\nb' }, false],
  [{ a: { $regex: 'a b # comment\n c', $options: 'x' } }, { a: 'abc' }, true],
  [{ a: { $regex: 'a[ ]b', $options: 'x' } }, { a: 'a b' }, true],
  [{ a: { $regex: 'a\\ b', $options: 'x' } }, { a: 'a b' }, true],
  [{ a: { $regex: '\\Aab\\z' } }, { a: 'ab' }, true],
  [{ a: { $regex: '\\Aab\\z' } }, { a: 'ab\n' }, false],
  [{ a: { $regex: '\\Aab\\Z' } }, { a: 'ab\n' }, true],
  [{ a: { $regex: '\\Ab', $options: 'm' } }, { a: 'a\nb' }, false],
  [{ a: { $regex: '(?i)ab' } }, { a: 'AB' }, true],
  [{ a: { $regex: '(?s)a.b' } }, { a: 'a\nb' }, true],
  [{ a: { $regex: '\\Qa.b\\E' } }, { a: 'a.b' }, true],
  [{ a: { $regex: '\\Qa.b\\E' } }, { a: 'axb' }, false],
  [{ a: { $regex: '\\Q(x)' } }, { a: '(x)' }, true],
  [{ a: { $regex: '(?P<n>a)(?P=n)' } }, { a: 'aa' }, true],
  [{ a: { $regex: '(?P<n>a)(?P=n)' } }, { a: 'ab' }, false],
  [{ a: { $regex: 'a++b' } }, { a: 'aab' }, true],
  [{ a: { $regex: '(?>a+)b' } }, { a: 'aab' }, true],
  [{ a: { $regex: '^.$' } }, { a: '😀' }, true],
  [{ a: { $regex: '\\_x' } }, { a: '_x' }, true],
  [{ a: { $regex: '[]a]' } }, { a: ']' }, true],
  [{ a: { $regex: 'é', $options: 'i' } }, { a: 'É' }, true],
]);

matchTable('$regex: non-string values', [
  [{ a: /b/ }, { a: ['a', 'b'] }, true],
  [{ a: /b/ }, { a: ['a', 'c'] }, false],
  [{ a: /b/ }, { a: new BSONSymbol('abc') }, true],
  [{ a: /1/ }, { a: new Int32(1) }, false],
  [{ a: /x/ }, { a: null }, false],
  [{ a: /x/ }, { a: { x: 'x' } }, false],
  [{ a: /x/i }, { a: new BSONRegExp('x', 'i') }, true],
  [{ a: /x/i }, { a: new BSONRegExp('x', '') }, false],
  [{ a: /x/ }, { a: new BSONRegExp('y', '') }, false],
  [{ 'a.b': /^x/ }, { a: [{ b: 'y' }, { b: 'xz' }] }, true],
  [{ a: { $not: /b/ } }, { a: 'abc' }, false],
  [{ a: { $not: /b/ } }, { a: 'xyz' }, true],
  [{ a: { $not: /b/ } }, {}, true],
  [{ a: { $not: { $regex: 'b', $options: 'i' } } }, { a: 'B' }, false],
  [{ a: { $regex: 'a', $nin: ['ab'] } }, { a: 'ab' }, false],
  [{ a: { $regex: 'a', $nin: ['ab'] } }, { a: 'ac' }, true],
]);

errorTable('$regex: invalid operands', [
  [{ a: { $regex: 1 } }, 2, '$regex has to be a string'],
  [{ a: { $options: 'i' } }, 2, '$options needs a $regex'],
  [{ a: { $regex: 'a', $options: 1 } }, 2, '$options has to be a string'],
  [{ a: { $regex: /a/i, $options: 'm' } }, 51075, 'options set in both $regex and $options'],
  [{ a: { $options: 'm', $regex: /a/i } }, 51074, 'options set in both $regex and $options'],
  [{ a: { $regex: 'a', $options: 'z' } }, 51108, 'invalid flag in regex options: z'],
  [{ a: { $regex: '(' } }, 51091, 'Regular expression is invalid'],
  [{ a: { $regex: 'a\0b' } }, 2, 'embedded null byte'],
  [{ a: { $gt: /a/ } }, 2, "Can't have RegEx as arg to predicate over field 'a'."],
  [{ a: { $ne: /a/ } }, 2, "Can't have regex as arg to $ne."],
]);

describe('compileRegex', () => {
  const cases: [string, string, string, boolean][] = [
    ['abc', '', 'abc', true],
    ['a.c', '', 'a\u{1F600}c', true],
    ['^\\d+$', '', '123', true],
    ['[[:alpha:]]', '', 'x', true],
    ['^[[:digit:][:upper:]]+$', '', '9Z', true],
    ['[[:punct:]]', '', 'a', false],
    ['x  y', 'x', 'xy', true],
    ['# only a comment', 'x', 'anything', true],
  ];
  for (const [pattern, options, input, expected] of cases) {
    it(`/${pattern}/${options} on ${JSON.stringify(input)} → ${expected}`, () => {
      expect(compileRegex(pattern, options).test(input)).toBe(expected);
    });
  }
  it('never produces a stateful (global or sticky) RegExp', () => {
    const re = compileRegex('a', 'ims');
    expect(re.global || re.sticky).toBe(false);
    expect(re.test('a') && re.test('a')).toBe(true);
  });
});
