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

describe('$sortByCount', () => {
  it('groups and sorts by count descending', () => {
    expectBson(runPipeline(docs, [{ $sortByCount: '$tag' }]), [
      { _id: 'a', count: i(3) },
      { _id: 'b', count: i(1) },
      { _id: 'c', count: i(1) },
    ]);
  });
  it('expression form', () => {
    expectBson(runPipeline(docs, [{ $sortByCount: { $gt: ['$price', 10] } }]), [
      { _id: true, count: i(3) },
      { _id: false, count: i(2) },
    ]);
  });
  it('rejects a plain string', () => expectCode(() => runPipeline([], [{ $sortByCount: 'tag' }]), 40148));
  it('rejects a plain object', () => expectCode(() => runPipeline([], [{ $sortByCount: { a: 1 } }]), 40148));
});

