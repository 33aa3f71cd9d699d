import { describe, expect, it } from 'vitest';
import { ObjectId } from 'bson';
import { runPipeline } from '../../../src/aggregate/index.js';
import type { Document } from '../../../src/values/index.js';
import { d, expectBson, expectCode, i, l } from '../../expression/support.js';

const docs: Document[] = [
  { _id: i(1), k: i(1), v: i(10), s: 'a', t: new Date('2024-01-01T00:00:00Z') },
  { _id: i(2), k: d(1), v: d(2.5), s: 'b' },
  { _id: i(3), k: l(2), v: 'str', s: 'a' },
  { _id: i(4), v: null, s: 'c' },
  { _id: i(5), k: null, s: 'a' },
];

function group(spec: Document, input: Document[] = docs): Document[] {
  return runPipeline(input, [{ $group: spec }]);
}

describe('$group keys', () => {
  it('1, 1.0 and NumberLong(1) share a group; null and missing share another', () => {
    const out = group({ _id: '$k', n: { $sum: 1 } });
    expectBson(out, [
      { _id: i(1), n: i(2) },
      { _id: l(2), n: i(1) },
      { _id: null, n: i(2) },
    ]);
  });
  it('constant key groups everything', () => expectBson(group({ _id: null, n: { $sum: 1 } }), [{ _id: null, n: i(5) }]));
  it('document key', () => {
    const out = group({ _id: { s: '$s' }, n: { $count: {} } });
    expectBson(out, [
      { _id: { s: 'a' }, n: i(3) },
      { _id: { s: 'b' }, n: i(1) },
      { _id: { s: 'c' }, n: i(1) },
    ]);
  });
  it('document key omits missing fields (distinct from null)', () => {
    const out = group({ _id: { k: '$k' }, n: { $sum: 1 } }, [{ k: null }, {}, { k: null }]);
    expectBson(out, [
      { _id: { k: null }, n: i(2) },
      { _id: {}, n: i(1) },
    ]);
  });
  it('expression key', () => {
    const out = group({ _id: { $year: '$t' } }, [{ t: new Date('2024-05-01') }, { t: new Date('2023-05-01') }, { t: new Date('2024-06-01') }]);
    expectBson(out, [{ _id: i(2024) }, { _id: i(2023) }]);
  });
  it('_id comes first in the output', () => {
    const out = group({ n: { $sum: 1 }, _id: null });
    expect(Object.keys(out[0]!)).toEqual(['_id', 'n']);
  });
  it('no input, no groups', () => expectBson(group({ _id: null, n: { $sum: 1 } }, []), []));
  it('ObjectId keys', () => {
    const oid = new ObjectId();
    expectBson(group({ _id: '$o' }, [{ o: oid }, { o: new ObjectId(oid.toHexString()) }]), [{ _id: oid }]);
  });
});

describe('$group errors', () => {
  const cases: [string, unknown, number][] = [
    ['not an object', 1, 15947],
    ['missing _id', { n: { $sum: 1 } }, 15955],
    ['unknown accumulator', { _id: null, n: { $foo: 1 } }, 15952],
    ['field not an accumulator object', { _id: null, n: 1 }, 40234],
    ['two accumulators in one field', { _id: null, n: { $sum: 1, $avg: 1 } }, 40238],
    ['dotted field name', { _id: null, 'a.b': { $sum: 1 } }, 40235],
    ['$-prefixed field name', { _id: null, $a: { $sum: 1 } }, 40236],
    ['array argument to a unary accumulator', { _id: null, n: { $sum: [1, 2] } }, 40237],
    ['$count with an argument', { _id: null, n: { $count: 1 } }, 40237],
    ['bad expression', { _id: { $nope: 1 } }, 168],
  ];
  for (const [name, spec, code] of cases) it(name, () => expectCode(() => runPipeline([], [{ $group: spec as Document }]), code));
});
