import { describe, it } from 'vitest';
import { runPipeline } from '../../../src/aggregate/index.js';
import type { Document } from '../../../src/values/index.js';
import { expectBson, expectCode, i } from '../../expression/support.js';

const scores: Document[] = [
  { g: 'a', p: 'x', s: i(30) },
  { g: 'a', p: 'y', s: i(10) },
  { g: 'a', p: 'z', s: i(20) },
  { g: 'a', p: 'w' },
];

function acc(spec: Document): unknown {
  return runPipeline(scores, [{ $group: { _id: '$g', r: spec } }])[0]!.r;
}

describe('ranked accumulators', () => {
  const cases: [string, Document, unknown][] = [
    ['$firstN', { $firstN: { input: '$p', n: 2 } }, ['x', 'y']],
    ['$firstN keeps missing as null', { $firstN: { input: '$s', n: 4 } }, [i(30), i(10), i(20), null]],
    ['$lastN', { $lastN: { input: '$p', n: 2 } }, ['z', 'w']],
    ['$maxN', { $maxN: { input: '$s', n: 2 } }, [i(30), i(20)]],
    ['$minN skips missing', { $minN: { input: '$s', n: 5 } }, [i(10), i(20), i(30)]],
    ['$top', { $top: { sortBy: { s: -1 }, output: '$p' } }, 'x'],
    ['$bottom', { $bottom: { sortBy: { s: -1 }, output: ['$p', '$s'] } }, ['w', null]],
    ['$topN', { $topN: { sortBy: { s: 1 }, output: '$p', n: 2 } }, ['w', 'y']],
    ['$bottomN', { $bottomN: { sortBy: { s: 1 }, output: '$p', n: 2 } }, ['z', 'x']],
    ['n larger than the group', { $topN: { sortBy: { p: 1 }, output: '$p', n: 10 } }, ['w', 'x', 'y', 'z']],
  ];
  for (const [name, spec, expected] of cases) it(name, () => expectBson(acc(spec), expected));
  const errors: [string, Document, number][] = [
    ['not an object', { $firstN: 1 }, 5787801],
    ['unknown argument', { $firstN: { input: '$p', n: 1, x: 1 } }, 5787901],
    ['missing n', { $maxN: { input: '$p' } }, 5787906],
    ['zero n', { $lastN: { input: '$p', n: 0 } }, 5787908],
    ['fractional n', { $lastN: { input: '$p', n: 1.5 } }, 5787902],
    ['missing sortBy', { $top: { output: '$p' } }, 5787906],
  ];
  for (const [name, spec, code] of errors) it(name, () => expectCode(() => acc(spec), code));
});
