import { describe, it } from 'vitest';
import { runPipeline } from '../../../src/aggregate/index.js';
import type { Document } from '../../../src/values/index.js';
import { d, expectBson, expectCode, i, l } from '../../expression/support.js';

const docs: Document[] = [
  { _id: i(1), a: i(1), tags: ['x', 'y'] },
  { _id: i(2), a: d(2.5), tags: ['y'] },
  { _id: i(3), a: l(3) },
  { _id: i(4), a: null },
  { _id: i(5) },
];

const ids = (out: Document[]): unknown[] => out.map((x) => x._id);

describe('$match', () => {
  const cases: [string, Document, unknown[]][] = [
    ['equality across numeric types', { a: d(3) }, [i(3)]],
    ['range', { a: { $gte: i(2) } }, [i(2), i(3)]],
    ['array element', { tags: 'y' }, [i(1), i(2)]],
    ['null matches missing', { a: null }, [i(4), i(5)]],
    ['$expr', { $expr: { $gt: ['$a', i(1)] } }, [i(2), i(3)]],
    ['$expr with a filter', { $expr: { $gt: ['$a', i(1)] }, tags: 'y' }, [i(2)]],
    ['$and/$or', { $or: [{ a: i(1) }, { a: { $exists: false } }] }, [i(1), i(5)]],
    ['empty filter', {}, [i(1), i(2), i(3), i(4), i(5)]],
  ];
  for (const [name, filter, expected] of cases) {
    it(name, () => expectBson(ids(runPipeline(docs, [{ $match: filter }])), expected));
  }
  it('$expr sees pipeline variables', () => {
    expectBson(ids(runPipeline(docs, [{ $match: { $expr: { $eq: ['$_id', '$$want'] } } }], { variables: { want: i(2) } })), [i(2)]);
  });
  it('rejects a non-object', () => expectCode(() => runPipeline(docs, [{ $match: 1 }]), 15959));
  it('rejects an unknown operator', () => expectCode(() => runPipeline(docs, [{ $match: { a: { $foo: 1 } } }]), 2));
  it('rejects a bad $expr', () => expectCode(() => runPipeline(docs, [{ $match: { $expr: { $foo: 1 } } }]), 168));
});
