import { describe, it } from 'vitest';
import { runPipeline } from '../../../src/aggregate/index.js';
import type { PipelineContext } from '../../../src/aggregate/index.js';
import type { Document } from '../../../src/values/index.js';
import { expectBson, expectCode, i } from '../../expression/support.js';

const ids = (v: unknown): unknown[] => (v as Document[]).map((x) => x._id);

describe('$unionWith', () => {
  const uctx: PipelineContext = { lookup: (c) => (c === 'other' ? [{ _id: i(9), v: i(1) }, { _id: i(8), v: i(2) }] : []) };
  it('string form', () => expectBson(ids(runPipeline([{ _id: i(1) }], [{ $unionWith: 'other' }], uctx)), [i(1), i(9), i(8)]));
  it('with a pipeline', () => {
    expectBson(ids(runPipeline([{ _id: i(1) }], [{ $unionWith: { coll: 'other', pipeline: [{ $match: { v: i(2) } }] } }], uctx)), [i(1), i(8)]);
  });
  it('followed by more stages', () => {
    expectBson(ids(runPipeline([{ _id: i(1) }], [{ $unionWith: 'other' }, { $sort: { _id: 1 } }], uctx)), [i(1), i(8), i(9)]);
  });
  it('rejects unknown fields', () => expectCode(() => runPipeline([], [{ $unionWith: { coll: 'x', foo: 1 } }], uctx), 40415));
  it('rejects numbers', () => expectCode(() => runPipeline([], [{ $unionWith: 1 }], uctx), 14));
});
