import { describe, it } from 'vitest';
import { runPipeline } from '../../../src/aggregate/index.js';
import type { Document } from '../../../src/values/index.js';
import { d, expectBson, expectCode, i } from '../../expression/support.js';

const docs: Document[] = [
  { _id: i(1), price: i(5), tag: 'a' },
  { _id: i(2), price: i(15), tag: 'b' },
  { _id: i(3), price: i(25), tag: 'a' },
  { _id: i(4), price: d(35.5), tag: 'c' },
  { _id: i(5), tag: 'a' },
];

describe('$facet', () => {
  it('runs each sub-pipeline over the same input', () => {
    const out = runPipeline(docs, [
      { $facet: { count: [{ $count: 'n' }], cheap: [{ $match: { price: { $lt: 20 } } }, { $project: { _id: 1 } }], none: [{ $match: { x: 1 } }] } },
    ]);
    expectBson(out, [{ count: [{ n: i(5) }], cheap: [{ _id: i(1) }, { _id: i(2) }], none: [] }]);
  });
  it('produces one document even for no input', () => expectBson(runPipeline([], [{ $facet: { a: [] } }]), [{ a: [] }]));
  const errors: [string, unknown, number][] = [
    ['empty', {}, 40169],
    ['not an object', 1, 40169],
    ['facet not an array', { a: 1 }, 40170],
    ['nested $facet', { a: [{ $facet: { b: [] } }] }, 40600],
    ['$out inside', { a: [{ $out: 'x' }] }, 40600],
    ['bad name', { $a: [] }, 40174],
  ];
  for (const [name, spec, code] of errors) it(name, () => expectCode(() => runPipeline([], [{ $facet: spec }]), code));
});

