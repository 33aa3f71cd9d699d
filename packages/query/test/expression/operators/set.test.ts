import { describe, it } from 'vitest';
import { d, ev, expectBson, expectCode, i } from '../support.js';
import type { Case, ErrorCase } from '../support.js';

describe('set operators', () => {
  const cases: Case[] = [
    ['$setUnion dedupes and orders', { $setUnion: [[i(3), i(1)], [i(2), i(1)]] }, {}, [i(1), i(2), i(3)]],
    ['$setUnion numeric equality keeps the first', { $setUnion: [[i(1)], [d(1)]] }, {}, [i(1)]],
    ['$setUnion null', { $setUnion: [[1], null] }, {}, null],
    ['$setUnion empty', { $setUnion: [] }, {}, []],
    ['$setIntersection', { $setIntersection: [[1, 2, 3], [2, 3, 4], [3, 2]] }, {}, [i(2), i(3)]],
    ['$setIntersection empty result', { $setIntersection: [[1], [2]] }, {}, []],
    ['$setIntersection null', { $setIntersection: [[1], '$x'] }, {}, null],
    ['$setDifference keeps order', { $setDifference: [[3, 1, 2, 1], [2]] }, {}, [i(3), i(1)]],
    ['$setDifference null', { $setDifference: [null, [1]] }, {}, null],
    ['$setEquals true', { $setEquals: [[1, 2, 2], [2, 1]] }, {}, true],
    ['$setEquals false', { $setEquals: [[1, 2], [1]] }, {}, false],
    ['$setEquals three', { $setEquals: [[1], [1], [1, 1]] }, {}, true],
    ['$setIsSubset true', { $setIsSubset: [[1], [1, 2]] }, {}, true],
    ['$setIsSubset false', { $setIsSubset: [[1, 3], [1, 2]] }, {}, false],
    ['$setIsSubset empty', { $setIsSubset: [[], []] }, {}, true],
    ['$allElementsTrue', { $allElementsTrue: [[true, 1, 'a']] }, {}, true],
    ['$allElementsTrue with zero', { $allElementsTrue: [[true, 0]] }, {}, false],
    ['$allElementsTrue empty', { $allElementsTrue: [[]] }, {}, true],
    ['$anyElementTrue', { $anyElementTrue: [[0, null, 'x']] }, {}, true],
    ['$anyElementTrue none', { $anyElementTrue: [[0, false]] }, {}, false],
    ['$anyElementTrue empty', { $anyElementTrue: [[]] }, {}, false],
  ];
  for (const [name, expr, doc, expected] of cases) it(name, () => expectBson(ev(expr, doc), expected));
  const errors: ErrorCase[] = [
    ['$setUnion non-array', { $setUnion: [[1], 'x'] }, {}, 17043],
    ['$setIntersection non-array', { $setIntersection: [[1], 'x'] }, {}, 17047],
    ['$setDifference first non-array', { $setDifference: ['x', [1]] }, {}, 17048],
    ['$setDifference second non-array', { $setDifference: [[1], 'x'] }, {}, 17049],
    ['$setEquals arity', { $setEquals: [[1]] }, {}, 17045],
    ['$setEquals null', { $setEquals: [[1], null] }, {}, 17044],
    ['$setIsSubset first', { $setIsSubset: ['x', [1]] }, {}, 17046],
    ['$setIsSubset second', { $setIsSubset: [[1], null] }, {}, 17042],
    ['$allElementsTrue non-array', { $allElementsTrue: [i(1)] }, {}, 17040],
    ['$anyElementTrue non-array', { $anyElementTrue: ['$x'] }, {}, 17041],
  ];
  for (const [name, expr, doc, code] of errors) it(name, () => expectCode(() => ev(expr, doc), code));
});
