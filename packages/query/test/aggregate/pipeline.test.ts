import { describe, expect, it } from 'vitest';
import { ObjectId } from 'bson';
import { runPipeline, validatePipeline } from '../../src/aggregate/index.js';
import { BadQueryError } from '../../src/errors.js';
import { d, expectBson, expectCode, i, l } from '../expression/support.js';
import type { Document } from '../../src/values/index.js';

const orders: Document[] = [
  { _id: i(1), cust: 'a', status: 'A', amount: i(50), items: [{ sku: 'x', qty: i(1) }, { sku: 'y', qty: i(2) }] },
  { _id: i(2), cust: 'b', status: 'A', amount: i(100), items: [{ sku: 'x', qty: i(5) }] },
  { _id: i(3), cust: 'a', status: 'B', amount: d(25.5), items: [] },
  { _id: i(4), cust: 'c', status: 'A', amount: l(10) },
];

describe('validatePipeline', () => {
  const cases: [string, unknown, number][] = [
    ['not an array', { $match: {} }, 14],
    ['stage not an object', [1], 14],
    ['stage with two fields', [{ $match: {}, $limit: 1 }], 40323],
    ['stage with no fields', [{}], 40323],
    ['unknown stage', [{ $foo: 1 }], 40324],
    ['$out is refused', [{ $out: 'x' }], 20],
    ['$merge is refused', [{ $merge: { into: 'x' } }], 20],
    ['unsupported server stage', [{ $currentOp: {} }], 20],
    ['command-run stage out of first place', [{ $indexStats: {} }], 40602],
    ['invalid expression inside a stage', [{ $project: { a: { $bogus: 1 } } }], 168],
    ['invalid stage spec', [{ $limit: 0 }], 15958],
    ['invalid nested pipeline', [{ $facet: { a: [{ $foo: 1 }] } }], 40324],
  ];
  for (const [name, pipeline, code] of cases) it(name, () => expectCode(() => validatePipeline(pipeline), code));

  it('names the unknown stage', () => expectCode(() => validatePipeline([{ $foo: 1 }]), 40324, "Unrecognized pipeline stage name: '$foo'"));
  it('explains $out', () => expectCode(() => validatePipeline([{ $out: 'x' }]), 20, '$out is not supported by Argon'));
  it('accepts a valid pipeline', () => {
    expect(() => validatePipeline([{ $match: { a: 1 } }, { $group: { _id: '$a' } }, { $sort: { _id: 1 } }])).not.toThrow();
  });
  it('accepts an empty pipeline', () => expect(() => validatePipeline([])).not.toThrow());
  it('runPipeline validates before reading input', () => {
    let read = false;
    const input = {
      *[Symbol.iterator]() {
        read = true;
        yield {};
      },
    };
    expect(() => runPipeline(input, [{ $limit: 1 }, { $bad: 1 }])).toThrow(BadQueryError);
    expect(read).toBe(false);
  });
});

describe('runPipeline: driver-shaped pipelines', () => {
  it('countDocuments', () => {
    const out = runPipeline(orders, [{ $match: { status: 'A' } }, { $skip: i(1) }, { $limit: i(10) }, { $group: { _id: i(1), n: { $sum: i(1) } } }]);
    expectBson(out, [{ _id: i(1), n: i(2) }]);
  });
  it('countDocuments on no match returns nothing', () => {
    expectBson(runPipeline(orders, [{ $match: { status: 'Z' } }, { $group: { _id: i(1), n: { $sum: i(1) } } }]), []);
  });
  it('estimatedDocumentCount-like $count', () => {
    expectBson(runPipeline(orders, [{ $count: 'count' }]), [{ count: i(4) }]);
  });
  it('distinct-like group', () => {
    expectBson(runPipeline(orders, [{ $group: { _id: '$cust' } }, { $sort: { _id: 1 } }]), [{ _id: 'a' }, { _id: 'b' }, { _id: 'c' }]);
  });
  it('an empty pipeline returns the input', () => {
    const out = runPipeline(orders, []);
    expect(out).toHaveLength(4);
    expect(out[0]).toBe(orders[0]);
  });
  it('totals per customer, sorted', () => {
    const out = runPipeline(orders, [
      { $match: { status: 'A' } },
      { $group: { _id: '$cust', total: { $sum: '$amount' }, n: { $sum: 1 } } },
      { $sort: { total: -1 } },
    ]);
    expectBson(out, [
      { _id: 'b', total: i(100), n: i(1) },
      { _id: 'a', total: i(50), n: i(1) },
      { _id: 'c', total: l(10), n: i(1) },
    ]);
  });
  it('unwind + group by sku', () => {
    const out = runPipeline(orders, [
      { $unwind: '$items' },
      { $group: { _id: '$items.sku', qty: { $sum: '$items.qty' } } },
      { $sort: { _id: 1 } },
    ]);
    expectBson(out, [
      { _id: 'x', qty: i(6) },
      { _id: 'y', qty: i(2) },
    ]);
  });
  it('$$NOW is fixed for the whole run', () => {
    const now = new Date('2030-01-01T00:00:00Z');
    const out = runPipeline(orders, [{ $project: { _id: 0, t: '$$NOW' } }, { $limit: 2 }], { now });
    expectBson(out, [{ t: now }, { t: now }]);
  });
  it('user variables from the context', () => {
    const out = runPipeline(orders, [{ $match: { $expr: { $gt: ['$amount', '$$min'] } } }, { $project: { _id: 1 } }], { variables: { min: i(40) } });
    expectBson(out, [{ _id: i(1) }, { _id: i(2) }]);
  });
  it('plain JS numbers in variables become BSON numbers', () => {
    expectBson(runPipeline([{ _id: i(1) }], [{ $project: { _id: 0, v: '$$v', f: '$$f' } }], { variables: { v: 5, f: 2.5 } }), [{ v: i(5), f: d(2.5) }]);
  });
  it('lookup, unwind and group together', () => {
    const customers: Document[] = [
      { _id: 'a', tier: 'gold' },
      { _id: 'b', tier: 'silver' },
    ];
    const out = runPipeline(
      orders,
      [
        { $lookup: { from: 'customers', localField: 'cust', foreignField: '_id', as: 'c' } },
        { $unwind: { path: '$c', preserveNullAndEmptyArrays: true } },
        { $group: { _id: { $ifNull: ['$c.tier', 'none'] }, total: { $sum: '$amount' } } },
        { $sort: { _id: 1 } },
      ],
      { lookup: (name) => (name === 'customers' ? customers : []) },
    );
    expectBson(out, [
      { _id: 'gold', total: d(75.5) },
      { _id: 'none', total: l(10) },
      { _id: 'silver', total: i(100) },
    ]);
  });
  it('facet with count and buckets', () => {
    const out = runPipeline(orders, [
      { $facet: { n: [{ $count: 'n' }], byAmount: [{ $bucket: { groupBy: '$amount', boundaries: [0, 50, 1000] } }] } },
    ]);
    expectBson(out, [{ n: [{ n: i(4) }], byAmount: [{ _id: i(0), count: i(2) }, { _id: i(50), count: i(2) }] }]);
  });
  it('never mutates its input', () => {
    const input: Document[] = [{ _id: new ObjectId(), a: { b: [i(1), i(2)] }, c: i(1) }];
    const snapshot = JSON.stringify(input);
    runPipeline(input, [
      { $unwind: '$a.b' },
      { $set: { 'a.c': 'x', c: { $add: ['$c', 1] } } },
      { $unset: 'a.b' },
      { $project: { a: 1 } },
      { $replaceRoot: { newRoot: '$a' } },
    ]);
    expect(JSON.stringify(input)).toBe(snapshot);
  });
  it('streams: $limit stops reading the input', () => {
    let reads = 0;
    const input = {
      *[Symbol.iterator]() {
        for (let k = 0; k < 1000; k++) {
          reads++;
          yield { k: i(k) };
        }
      },
    };
    const out = runPipeline(input, [{ $match: {} }, { $limit: 3 }]);
    expect(out).toHaveLength(3);
    expect(reads).toBe(3);
  });
});
