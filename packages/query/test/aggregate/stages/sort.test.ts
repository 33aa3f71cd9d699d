import { describe, it } from 'vitest';
import { runPipeline } from '../../../src/aggregate/index.js';
import type { Document } from '../../../src/values/index.js';
import { d, expectBson, expectCode, i } from '../../expression/support.js';

const docs: Document[] = [
  { _id: i(1), a: i(2), b: 'x' },
  { _id: i(2), a: d(1.5), b: 'y' },
  { _id: i(3), b: 'x' },
  { _id: i(4), a: 'str', b: 'y' },
  { _id: i(5), a: i(2), b: 'y' },
];
const ids = (out: Document[]): unknown[] => out.map((x) => x._id);

describe('$sort', () => {
  const cases: [string, Document, unknown[]][] = [
    ['ascending with type order (missing first)', { a: 1 }, [i(3), i(2), i(1), i(5), i(4)]],
    ['descending', { a: -1 }, [i(4), i(1), i(5), i(2), i(3)]],
    ['compound, stable for ties', { b: 1, a: -1 }, [i(1), i(3), i(4), i(5), i(2)]],
    ['by _id descending', { _id: -1 }, [i(5), i(4), i(3), i(2), i(1)]],
  ];
  for (const [name, spec, expected] of cases) it(name, () => expectBson(ids(runPipeline(docs, [{ $sort: spec }])), expected));
  it('after $group', () => {
    const out = runPipeline(docs, [{ $group: { _id: '$b', n: { $sum: 1 } } }, { $sort: { n: -1, _id: 1 } }]);
    expectBson(out, [{ _id: 'y', n: i(3) }, { _id: 'x', n: i(2) }]);
  });
  it('empty spec', () => expectCode(() => runPipeline(docs, [{ $sort: {} }]), 15976));
  it('not an object', () => expectCode(() => runPipeline(docs, [{ $sort: 1 }]), 15973));
  it('bad direction', () => expectCode(() => runPipeline(docs, [{ $sort: { a: 2 } }]), 15975));
});
