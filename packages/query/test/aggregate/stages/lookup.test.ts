import { describe, expect, it } from 'vitest';
import { runPipeline } from '../../../src/aggregate/index.js';
import type { PipelineContext } from '../../../src/aggregate/index.js';
import type { Document } from '../../../src/values/index.js';
import { d, expectBson, expectCode, i } from '../../expression/support.js';

const orders: Document[] = [
  { _id: i(1), item: 'almonds', qty: i(2) },
  { _id: i(2), item: 'pecans', qty: i(1) },
  { _id: i(3) },
  { _id: i(4), item: ['almonds', 'cashews'] },
];
const inventory: Document[] = [
  { _id: i(10), sku: 'almonds', stock: i(120) },
  { _id: i(11), sku: 'bread', stock: i(80) },
  { _id: i(12), sku: 'cashews', stock: i(60) },
  { _id: i(13), sku: 'pecans', stock: i(70) },
  { _id: i(14), sku: null },
  { _id: i(15) },
  { _id: i(16), sku: ['pecans', 'walnuts'] },
];
const ctx: PipelineContext = { lookup: (c) => (c === 'inventory' ? inventory : []) };
const ids = (v: unknown): unknown[] => (v as Document[]).map((x) => x._id);

describe('$lookup equality form', () => {
  const out = runPipeline(orders, [{ $lookup: { from: 'inventory', localField: 'item', foreignField: 'sku', as: 'inv' } }], ctx);
  it('scalar local value', () => expectBson(ids(out[0]!.inv), [i(10)]));
  it('foreign arrays match by element', () => expectBson(ids(out[1]!.inv), [i(13), i(16)]));
  it('missing local matches null and missing foreign', () => expectBson(ids(out[2]!.inv), [i(14), i(15)]));
  it('local array matches any element, in foreign order', () => expectBson(ids(out[3]!.inv), [i(10), i(12)]));
  it('keeps the other fields and appends as', () => expect(Object.keys(out[0]!)).toEqual(['_id', 'item', 'qty', 'inv']));
  it('numeric equality across types', () => {
    const r = runPipeline([{ k: i(1) }], [{ $lookup: { from: 'x', localField: 'k', foreignField: 'k', as: 'm' } }], { lookup: () => [{ k: d(1) }, { k: '1' }] });
    expectBson(r[0]!.m, [{ k: d(1) }]);
  });
  it('dotted as path', () => {
    const r = runPipeline([{ item: 'bread', o: { p: i(1) } }], [{ $lookup: { from: 'inventory', localField: 'item', foreignField: 'sku', as: 'o.inv' } }], ctx);
    expectBson(r[0]!.o, { p: i(1), inv: [inventory[1]] });
  });
  it('nested local path through an array', () => {
    const r = runPipeline([{ lines: [{ sku: 'bread' }, { sku: 'cashews' }] }], [{ $lookup: { from: 'inventory', localField: 'lines.sku', foreignField: 'sku', as: 'inv' } }], ctx);
    expectBson(ids(r[0]!.inv), [i(11), i(12)]);
  });
  it('unknown collection is empty', () => {
    const r = runPipeline([{ a: i(1) }], [{ $lookup: { from: 'nope', localField: 'a', foreignField: 'a', as: 'm' } }], ctx);
    expectBson(r[0]!.m, []);
  });
});

describe('$lookup pipeline form', () => {
  it('let variables and $expr', () => {
    const out = runPipeline(
      orders.slice(0, 2),
      [
        {
          $lookup: {
            from: 'inventory',
            let: { want: '$item', q: '$qty' },
            pipeline: [{ $match: { $expr: { $and: [{ $eq: ['$sku', '$$want'] }, { $gte: ['$stock', '$$q'] }] } } }, { $project: { _id: 1 } }],
            as: 'inv',
          },
        },
      ],
      ctx,
    );
    expectBson(out.map((o) => o.inv), [[{ _id: i(10) }], [{ _id: i(13) }]]);
  });
  it('uncorrelated pipeline', () => {
    const out = runPipeline([{ _id: i(1) }], [{ $lookup: { from: 'inventory', pipeline: [{ $match: { stock: { $gt: i(100) } } }], as: 'big' } }], ctx);
    expectBson(ids(out[0]!.big), [i(10)]);
  });
  it('equality and pipeline together', () => {
    const out = runPipeline(
      [{ item: 'pecans' }],
      [{ $lookup: { from: 'inventory', localField: 'item', foreignField: 'sku', pipeline: [{ $match: { stock: { $exists: true } } }], as: 'inv' } }],
      ctx,
    );
    expectBson(ids(out[0]!.inv), [i(13)]);
  });
  it('$documents pipeline without from', () => {
    const out = runPipeline([{ _id: i(1) }], [{ $lookup: { pipeline: [{ $documents: [{ x: 1 }] }], as: 'docs' } }]);
    expectBson(out[0]!.docs, [{ x: i(1) }]);
  });
});

describe('$lookup errors', () => {
  const cases: [string, unknown, number][] = [
    ['not an object', 1, 40319],
    ['unknown field', { from: 'a', localField: 'a', foreignField: 'b', as: 'c', x: 1 }, 9],
    ['missing as', { from: 'a', localField: 'a', foreignField: 'b' }, 9],
    ['localField without foreignField', { from: 'a', localField: 'a', as: 'c' }, 9],
    ['neither form', { from: 'a', as: 'c' }, 9],
    ['non-string from', { from: 1, localField: 'a', foreignField: 'b', as: 'c' }, 40321],
    ['let without pipeline', { from: 'a', localField: 'a', foreignField: 'b', let: {}, as: 'c' }, 9],
    ['bad let variable name', { from: 'a', let: { Bad: 1 }, pipeline: [], as: 'c' }, 16867],
    ['$out in a sub-pipeline', { from: 'a', pipeline: [{ $out: 'x' }], as: 'c' }, 20],
    ['no lookup access', { from: 'a', localField: 'a', foreignField: 'b', as: 'c' }, 20],
  ];
  for (const [name, spec, code] of cases) it(name, () => expectCode(() => runPipeline([{}], [{ $lookup: spec }]), code));
});

