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

describe('$bucket', () => {
  it('buckets with a default', () => {
    const out = runPipeline(docs, [{ $bucket: { groupBy: '$price', boundaries: [0, 10, 20, 30], default: 'other' } }]);
    expectBson(out, [
      { _id: i(0), count: i(1) },
      { _id: i(10), count: i(1) },
      { _id: i(20), count: i(1) },
      { _id: 'other', count: i(2) },
    ]);
  });
  it('custom output', () => {
    const out = runPipeline(docs.slice(0, 4), [
      { $bucket: { groupBy: '$price', boundaries: [0, 20, 40], output: { total: { $sum: '$price' }, ids: { $push: '$_id' } } } },
    ]);
    expectBson(out, [
      { _id: i(0), total: i(20), ids: [i(1), i(2)] },
      { _id: i(20), total: d(60.5), ids: [i(3), i(4)] },
    ]);
  });
  it('a value outside the boundaries without default fails', () => {
    expectCode(() => runPipeline(docs, [{ $bucket: { groupBy: '$price', boundaries: [0, 20, 40] } }]), 40066);
  });
  const errors: [string, unknown, number][] = [
    ['not an object', 1, 40201],
    ['unknown option', { groupBy: '$a', boundaries: [0, 1], x: 1 }, 40197],
    ['missing boundaries', { groupBy: '$a' }, 40198],
    ['groupBy not an expression', { groupBy: 'a', boundaries: [0, 1] }, 40202],
    ['boundaries not an array', { groupBy: '$a', boundaries: 1 }, 40200],
    ['one boundary', { groupBy: '$a', boundaries: [0] }, 40192],
    ['mixed boundary types', { groupBy: '$a', boundaries: [0, 'a'] }, 40193],
    ['unsorted boundaries', { groupBy: '$a', boundaries: [2, 1] }, 40194],
    ['default inside the range', { groupBy: '$a', boundaries: [0, 10], default: 5 }, 40199],
  ];
  for (const [name, spec, code] of errors) it(name, () => expectCode(() => runPipeline([], [{ $bucket: spec }]), code));
});

describe('$bucketAuto', () => {
  const nums: Document[] = [1, 2, 3, 4, 5, 6, 7, 8].map((n) => ({ v: i(n) }));
  it('even buckets', () => {
    expectBson(runPipeline(nums, [{ $bucketAuto: { groupBy: '$v', buckets: 4 } }]), [
      { _id: { min: i(1), max: i(3) }, count: i(2) },
      { _id: { min: i(3), max: i(5) }, count: i(2) },
      { _id: { min: i(5), max: i(7) }, count: i(2) },
      { _id: { min: i(7), max: i(8) }, count: i(2) },
    ]);
  });
  it('equal values stay together', () => {
    const input: Document[] = [1, 1, 1, 2].map((n) => ({ v: i(n) }));
    expectBson(runPipeline(input, [{ $bucketAuto: { groupBy: '$v', buckets: 2 } }]), [
      { _id: { min: i(1), max: i(2) }, count: i(3) },
      { _id: { min: i(2), max: i(2) }, count: i(1) },
    ]);
  });
  it('no input', () => expectBson(runPipeline([], [{ $bucketAuto: { groupBy: '$v', buckets: 2 } }]), []));
  it('rejects zero buckets', () => expectCode(() => runPipeline([], [{ $bucketAuto: { groupBy: '$v', buckets: 0 } }]), 40243));
  it('granularity is unsupported', () => expectCode(() => runPipeline([], [{ $bucketAuto: { groupBy: '$v', buckets: 2, granularity: 'R5' } }]), 20));
});
