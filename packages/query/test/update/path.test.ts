import { describe, expect, it } from 'vitest';
import { arrayIndexOf, compareFieldNames, isPathPrefix, parseUpdatePath } from '../../src/update/path.js';
import { expectQueryError } from './helpers.js';

describe('compareFieldNames', () => {
  const ordered: [string, string][] = [
    ['2', '10'],
    ['9', '10'],
    ['10', '11'],
    ['0', '1'],
    ['01', '1'],
    ['01', '2'],
    ['10', 'a'],
    ['B', 'a'],
    ['a', 'ab'],
    ['', 'a'],
    ['a', 'é'],
    ['\uffff', '😀'],
    ['10', '1a'],
    ['9a', '100'],
  ];
  for (const [a, b] of ordered) {
    it(`'${a}' < '${b}'`, () => {
      expect(compareFieldNames(a, b)).toBeLessThan(0);
      expect(compareFieldNames(b, a)).toBeGreaterThan(0);
    });
  }
  it('equal names compare equal', () => expect(compareFieldNames('abc', 'abc')).toBe(0));
});

describe('parseUpdatePath', () => {
  it('splits on dots', () => expect(parseUpdatePath('a.b.$.c')).toEqual(['a', 'b', '$', 'c']));
  it('keeps array filter components whole', () => expect(parseUpdatePath('a.$[x].b')).toEqual(['a', '$[x]', 'b']));
  const bad: [string, number][] = [
    ['', 56],
    ['a..b', 56],
    ['.a', 56],
    ['a.', 56],
    ['$', 2],
    ['$.a', 2],
    ['a.$.$', 2],
  ];
  for (const [path, code] of bad) it(`refuses '${path}' with ${code}`, () => expectQueryError(() => parseUpdatePath(path), code));
});

describe('path helpers', () => {
  const indexes: [string, number | undefined][] = [
    ['0', 0],
    ['12', 12],
    ['007', 7],
    ['-1', undefined],
    ['1e3', undefined],
    ['a', undefined],
    ['', undefined],
    ['99999999999999999999', undefined],
  ];
  for (const [part, n] of indexes) it(`arrayIndexOf('${part}') = ${n}`, () => expect(arrayIndexOf(part)).toBe(n));

  const prefixes: [string[], string[], boolean][] = [
    [['a'], ['a', 'b'], true],
    [['a', 'b'], ['a', 'b'], true],
    [['a', 'b'], ['a'], false],
    [['a'], ['ab'], false],
    [[], ['a'], true],
  ];
  for (const [p, q, r] of prefixes) it(`isPathPrefix(${p.join('.')}, ${q.join('.')}) = ${r}`, () => expect(isPathPrefix(p, q)).toBe(r));
});
