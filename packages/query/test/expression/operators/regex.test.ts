import { describe, it } from 'vitest';
import { BSONRegExp } from 'bson';
import { ev, expectBson, expectCode, i } from '../support.js';
import type { Case, ErrorCase } from '../support.js';

describe('regex operators', () => {
  const cases: Case[] = [
    ['$regexMatch string pattern', { $regexMatch: { input: 'Hello', regex: '^h', options: 'i' } }, {}, true],
    ['$regexMatch no match', { $regexMatch: { input: 'Hello', regex: '^h' } }, {}, false],
    ['$regexMatch BSON regex', { $regexMatch: { input: 'abc', regex: new BSONRegExp('B', 'i') } }, {}, true],
    ['$regexMatch JS regex', { $regexMatch: { input: 'abc', regex: /c$/ } }, {}, true],
    ['$regexMatch null input', { $regexMatch: { input: null, regex: 'a' } }, {}, false],
    ['$regexMatch missing input', { $regexMatch: { input: '$x', regex: 'a' } }, {}, false],
    ['$regexMatch null regex', { $regexMatch: { input: 'a', regex: null } }, {}, false],
    ['$regexMatch extended flag', { $regexMatch: { input: 'ab', regex: 'a b # comment', options: 'x' } }, {}, true],
    ['$regexMatch field regex', { $regexMatch: { input: '$s', regex: '$r' } }, { s: 'xyz', r: 'y' }, true],
    ['$regexFind', { $regexFind: { input: 'a1b22', regex: '(\\d+)' } }, {}, { match: '1', idx: i(1), captures: ['1'] }],
    ['$regexFind no match', { $regexFind: { input: 'abc', regex: '\\d' } }, {}, null],
    ['$regexFind code point index', { $regexFind: { input: '😀x', regex: 'x' } }, {}, { match: 'x', idx: i(1), captures: [] }],
    ['$regexFind unmatched group', { $regexFind: { input: 'a', regex: '(a)|(b)' } }, {}, { match: 'a', idx: i(0), captures: ['a', null] }],
    ['$regexFind null input', { $regexFind: { input: null, regex: 'a' } }, {}, null],
    [
      '$regexFindAll',
      { $regexFindAll: { input: 'a1b22', regex: '\\d+' } },
      {},
      [
        { match: '1', idx: i(1), captures: [] },
        { match: '22', idx: i(3), captures: [] },
      ],
    ],
    ['$regexFindAll none', { $regexFindAll: { input: 'ab', regex: '\\d' } }, {}, []],
    ['$regexFindAll null input', { $regexFindAll: { input: null, regex: 'a' } }, {}, []],
    [
      '$regexFindAll empty matches advance',
      { $regexFindAll: { input: 'ab', regex: 'x*' } },
      {},
      [
        { match: '', idx: i(0), captures: [] },
        { match: '', idx: i(1), captures: [] },
        { match: '', idx: i(2), captures: [] },
      ],
    ],
  ];
  for (const [name, expr, doc, expected] of cases) it(name, () => expectBson(ev(expr, doc), expected));
  const errors: ErrorCase[] = [
    ['not an object', { $regexMatch: 'a' }, {}, 51103],
    ['unknown field', { $regexMatch: { input: 'a', regex: 'a', foo: 1 } }, {}, 31024],
    ['missing input', { $regexMatch: { regex: 'a' } }, {}, 31022],
    ['missing regex', { $regexMatch: { input: 'a' } }, {}, 31023],
    ['non-string input', { $regexMatch: { input: i(1), regex: 'a' } }, {}, 51104],
    ['non-string regex', { $regexMatch: { input: 'a', regex: i(1) } }, {}, 51105],
    ['non-string options', { $regexMatch: { input: 'a', regex: 'a', options: i(1) } }, {}, 51106],
    ['options twice', { $regexMatch: { input: 'a', regex: new BSONRegExp('a', 'i'), options: 'm' } }, {}, 51107],
    ['invalid pattern', { $regexMatch: { input: 'a', regex: '(' } }, {}, 51111],
    ['invalid pattern from a field', { $regexFind: { input: 'a', regex: '$r' } }, { r: '[' }, 51111],
    ['invalid flag', { $regexMatch: { input: 'a', regex: 'a', options: 'q' } }, {}, 51108],
  ];
  for (const [name, expr, doc, code] of errors) it(name, () => expectCode(() => ev(expr, doc), code));
});
