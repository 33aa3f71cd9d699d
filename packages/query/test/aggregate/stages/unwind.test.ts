import { describe, it } from 'vitest';
import { runPipeline } from '../../../src/aggregate/index.js';
import type { Document } from '../../../src/values/index.js';
import { expectBson, expectCode, i, l } from '../../expression/support.js';

const docs: Document[] = [
  { _id: i(1), sizes: ['S', 'M'] },
  { _id: i(2), sizes: [] },
  { _id: i(3), sizes: 'L' },
  { _id: i(4) },
  { _id: i(5), sizes: null },
];

describe('$unwind', () => {
  it('string form', () => {
    expectBson(runPipeline(docs, [{ $unwind: '$sizes' }]), [
      { _id: i(1), sizes: 'S' },
      { _id: i(1), sizes: 'M' },
      { _id: i(3), sizes: 'L' },
    ]);
  });
  it('preserveNullAndEmptyArrays', () => {
    expectBson(runPipeline(docs, [{ $unwind: { path: '$sizes', preserveNullAndEmptyArrays: true } }]), [
      { _id: i(1), sizes: 'S' },
      { _id: i(1), sizes: 'M' },
      { _id: i(2) },
      { _id: i(3), sizes: 'L' },
      { _id: i(4) },
      { _id: i(5), sizes: null },
    ]);
  });
  it('includeArrayIndex', () => {
    expectBson(runPipeline(docs, [{ $unwind: { path: '$sizes', includeArrayIndex: 'idx', preserveNullAndEmptyArrays: true } }]), [
      { _id: i(1), sizes: 'S', idx: l(0) },
      { _id: i(1), sizes: 'M', idx: l(1) },
      { _id: i(2), idx: null },
      { _id: i(3), sizes: 'L', idx: null },
      { _id: i(4), idx: null },
      { _id: i(5), sizes: null, idx: null },
    ]);
  });
  it('nested path', () => {
    expectBson(runPipeline([{ a: { b: [i(1), i(2)], c: i(0) } }], [{ $unwind: '$a.b' }]), [
      { a: { b: i(1), c: i(0) } },
      { a: { b: i(2), c: i(0) } },
    ]);
  });
  it('path through an array of documents is not traversed', () => {
    expectBson(runPipeline([{ a: [{ b: [i(1)] }] }], [{ $unwind: '$a.b' }]), []);
  });
  it('nested arrays unwind one level', () => {
    expectBson(runPipeline([{ a: [[i(1), i(2)], i(3)] }], [{ $unwind: '$a' }]), [{ a: [i(1), i(2)] }, { a: i(3) }]);
  });
  const errors: [string, unknown, number][] = [
    ['path without $', 'sizes', 28818],
    ['not string or object', 1, 15981],
    ['no path', { preserveNullAndEmptyArrays: true }, 28812],
    ['path not a string', { path: 1 }, 28808],
    ['preserve not a bool', { path: '$a', preserveNullAndEmptyArrays: 1 }, 28809],
    ['index empty', { path: '$a', includeArrayIndex: '' }, 28810],
    ['index with $', { path: '$a', includeArrayIndex: '$i' }, 28822],
    ['unknown option', { path: '$a', foo: 1 }, 28811],
  ];
  for (const [name, spec, code] of errors) it(name, () => expectCode(() => runPipeline([], [{ $unwind: spec }]), code));
});
