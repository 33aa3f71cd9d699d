import { describe, expect, it } from 'vitest';
import { runPipeline } from '../../src/aggregate/index.js';
import type { Document } from '../../src/values/index.js';
import { i } from '../expression/support.js';

const CI = { locale: 'en', strength: 2 };
const docs: Document[] = [
  { _id: i(1), x: 'ping' },
  { _id: i(2), x: 'PING' },
  { _id: i(3), x: 'pong' },
];
const ids = (out: Document[]) => out.map((d) => (d._id as { value: number }).value);

describe('pipelines under a collation', () => {
  // [name, pipeline, expected _ids without collation, with strength 2]
  const rows: [string, Document[], number[], number[]][] = [
    ['$match equality', [{ $match: { x: 'PING' } }], [2], [1, 2]],
    ['$match in a $facet', [{ $facet: { f: [{ $match: { x: 'Ping' } }] } }, { $unwind: '$f' }, { $replaceWith: '$f' }], [], [1, 2]],
    ['$sort', [{ $sort: { x: 1, _id: 1 } }], [2, 1, 3], [1, 2, 3]],
  ];
  for (const [name, pipeline, binary, collated] of rows) {
    it(name, () => {
      expect(ids(runPipeline(docs, pipeline))).toEqual(binary);
      expect(ids(runPipeline(docs, pipeline, { collation: CI }))).toEqual(collated);
    });
  }
  it('$group keys equal under the collation share a group (the first key seen names it)', () => {
    const out = runPipeline(docs, [{ $group: { _id: '$x', n: { $sum: 1 } } }], { collation: CI });
    expect(out.map((d) => [d._id, (d.n as { value: number }).value])).toEqual([['ping', 2], ['pong', 1]]);
    expect(runPipeline(docs, [{ $group: { _id: '$x' } }])).toHaveLength(3);
  });
  it('$sortByCount groups under the collation', () => {
    const out = runPipeline(docs, [{ $sortByCount: '$x' }], { collation: CI });
    expect(out.map((d) => d._id)).toEqual(['ping', 'pong']);
  });
  it('$lookup equality matches under the collation', () => {
    const foreign: Document[] = [{ _id: i(10), k: 'PONG' }];
    const run = (collation?: Document) =>
      runPipeline(docs, [{ $lookup: { from: 'f', localField: 'x', foreignField: 'k', as: 'j' } }, { $match: { 'j.0': { $exists: true } } }], {
        lookup: () => foreign,
        ...(collation ? { collation } : {}),
      });
    expect(ids(run())).toEqual([]);
    expect(ids(run(CI))).toEqual([3]);
  });
});

describe('expressions under a collation', () => {
  // [name, pipeline, result field values without collation, with strength 2]
  const rows: [string, Document[], unknown[], unknown[]][] = [
    ['$match $expr $eq', [{ $match: { $expr: { $eq: ['$x', 'PING'] } } }, { $project: { r: '$_id' } }], [i(2)], [i(1), i(2)]],
    ['$project $eq', [{ $project: { r: { $eq: ['$x', 'PING'] } } }], [false, true, false], [true, true, false]],
    ['$addFields $cmp', [{ $addFields: { r: { $cmp: ['$x', 'Ping'] } } }], [i(1), i(-1), i(1)], [i(0), i(0), i(1)]],
    ['$project $in', [{ $project: { r: { $in: ['$x', ['PONG']] } } }], [false, false, false], [false, false, true]],
  ];
  for (const [name, pipeline, binary, collated] of rows) {
    it(name, () => {
      expect(runPipeline(docs, pipeline).map((d) => d.r)).toEqual(binary);
      expect(runPipeline(docs, pipeline, { collation: CI }).map((d) => d.r)).toEqual(collated);
    });
  }
  it('$group keys computed by expressions compare under the collation', () => {
    const out = runPipeline(docs, [{ $group: { _id: { $eq: ['$x', 'PING'] }, n: { $sum: 1 } } }], { collation: CI });
    expect(out.map((d) => d._id)).toEqual([true, false]);
  });
});

describe('$match sees pipeline variables everywhere', () => {
  it('in $or and $and inside a $lookup sub-pipeline', () => {
    const foreign: Document[] = [{ _id: i(10), k: 'ping' }, { _id: i(11), k: 'pong' }];
    const out = runPipeline(
      [{ _id: i(1), want: 'pong' }],
      [{ $lookup: { from: 'f', let: { w: '$want' }, pipeline: [{ $match: { $and: [{ $or: [{ $expr: { $eq: ['$k', '$$w'] } }] }] } }], as: 'j' } }],
      { lookup: () => foreign },
    );
    expect((out[0]!.j as Document[]).map((d) => d.k)).toEqual(['pong']);
  });
  it('command variables in a nested $expr', () => {
    const out = runPipeline(docs, [{ $match: { $or: [{ $expr: { $eq: ['$x', '$$v'] } }] } }], { variables: { v: 'pong' } });
    expect(ids(out)).toEqual([3]);
  });
});
