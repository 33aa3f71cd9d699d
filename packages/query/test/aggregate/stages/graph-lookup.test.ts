import { describe, it } from 'vitest';
import { runPipeline } from '../../../src/aggregate/index.js';
import type { PipelineContext } from '../../../src/aggregate/index.js';
import type { Document } from '../../../src/values/index.js';
import { expectBson, expectCode, i, l } from '../../expression/support.js';

const ids = (v: unknown): unknown[] => (v as Document[]).map((x) => x._id);

describe('$graphLookup', () => {
  const employees: Document[] = [
    { _id: i(1), name: 'Dev' },
    { _id: i(2), name: 'Eliot', reportsTo: 'Dev' },
    { _id: i(3), name: 'Ron', reportsTo: 'Eliot' },
    { _id: i(4), name: 'Andrew', reportsTo: 'Eliot' },
    { _id: i(5), name: 'Asya', reportsTo: 'Ron' },
  ];
  const gctx: PipelineContext = { lookup: () => employees };
  const spec = { from: 'employees', startWith: '$reportsTo', connectFromField: 'reportsTo', connectToField: 'name', as: 'chain' };
  it('walks the hierarchy', () => {
    const out = runPipeline([employees[4]!], [{ $graphLookup: spec }], gctx);
    expectBson(ids(out[0]!.chain), [i(3), i(2), i(1)]);
  });
  it('maxDepth and depthField', () => {
    const out = runPipeline([employees[4]!], [{ $graphLookup: { ...spec, maxDepth: 1, depthField: 'depth' } }], gctx);
    expectBson(
      (out[0]!.chain as Document[]).map((x) => ({ id: x._id, depth: x.depth })),
      [
        { id: i(3), depth: l(0) },
        { id: i(2), depth: l(1) },
      ],
    );
  });
  it('restrictSearchWithMatch', () => {
    const out = runPipeline([employees[4]!], [{ $graphLookup: { ...spec, restrictSearchWithMatch: { name: { $ne: 'Eliot' } } } }], gctx);
    expectBson(ids(out[0]!.chain), [i(3)]);
  });
  it('requires startWith', () => expectCode(() => runPipeline([], [{ $graphLookup: { ...spec, startWith: undefined } }]), 40105));
  it('rejects unknown arguments', () => expectCode(() => runPipeline([], [{ $graphLookup: { ...spec, foo: 1 } }]), 40104));
});

