import { describe, it } from 'vitest';
import { runPipeline } from '../../../src/aggregate/index.js';
import type { Document } from '../../../src/values/index.js';
import { d, dec, expectBson, expectCode, i, l } from '../../expression/support.js';

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


describe('accumulators', () => {
  const cases: [string, Document, unknown][] = [
    ['$sum ignores non-numbers', { $sum: '$v' }, d(12.5)],
    ['$sum of ints stays int', { $sum: '$_id' }, i(15)],
    ['$sum of nothing numeric is 0', { $sum: '$s' }, i(0)],
    ['$sum constant counts', { $sum: 2 }, i(10)],
    ['$avg', { $avg: '$v' }, d(6.25)],
    ['$avg of nothing is null', { $avg: '$nope' }, null],
    ['$min ignores null and missing', { $min: '$v' }, d(2.5)],
    ['$max uses type order', { $max: '$v' }, 'str'],
    ['$min all missing', { $min: '$nope' }, null],
    ['$first', { $first: '$v' }, i(10)],
    ['$first missing becomes null', { $first: '$k' }, i(1)],
    ['$last', { $last: '$k' }, null],
    ['$last missing becomes null', { $last: '$nope' }, null],
    ['$push skips missing, keeps null', { $push: '$v' }, [i(10), d(2.5), 'str', null]],
    ['$push expression', { $push: { $toUpper: '$s' } }, ['A', 'B', 'A', 'C', 'A']],
    ['$addToSet dedupes by value', { $addToSet: '$s' }, ['a', 'b', 'c']],
    ['$addToSet numeric equality', { $addToSet: '$k' }, [i(1), l(2), null]],
    ['$count', { $count: {} }, i(5)],
    ['$mergeObjects', { $mergeObjects: { s: '$s' } }, { s: 'a' }],
    ['$stdDevPop', { $stdDevPop: '$_id' }, d(Math.sqrt(2))],
    ['$stdDevSamp', { $stdDevSamp: '$_id' }, d(Math.sqrt(2.5))],
  ];
  for (const [name, acc, expected] of cases) {
    it(name, () => expectBson(group({ _id: null, r: acc })[0]!.r, expected));
  }
  it('$sum overflows int to long', () => {
    expectBson(group({ _id: null, r: { $sum: '$x' } }, [{ x: i(2147483647) }, { x: i(1) }])[0]!.r, l(2147483648));
  });
  it('$sum of longs stays long', () => {
    expectBson(group({ _id: null, r: { $sum: '$x' } }, [{ x: l(1) }, { x: l(2) }])[0]!.r, l(3));
  });
  it('$sum of int and long is long', () => {
    expectBson(group({ _id: null, r: { $sum: '$x' } }, [{ x: i(1) }, { x: l(2) }])[0]!.r, l(3));
  });
  it('$sum of long overflow becomes double', () => {
    expectBson(group({ _id: null, r: { $sum: '$x' } }, [{ x: l('9223372036854775807') }, { x: l(1) }])[0]!.r, d(9223372036854775808));
  });
  it('$avg of ints is double', () => {
    expectBson(group({ _id: null, r: { $avg: '$x' } }, [{ x: i(1) }, { x: i(2) }])[0]!.r, d(1.5));
  });
  it('$max keeps the winning value and its type', () => {
    expectBson(group({ _id: null, r: { $max: '$x' } }, [{ x: i(2) }, { x: l(3) }, { x: d(2.5) }])[0]!.r, l(3));
  });
  it('$sum with decimals', () => {
    expectBson(group({ _id: null, r: { $sum: '$x' } }, [{ x: dec('0.1') }, { x: i(1) }])[0]!.r, dec('1.1'));
  });
  it('$avg with decimals', () => {
    expectBson(group({ _id: null, r: { $avg: '$x' } }, [{ x: dec('1') }, { x: dec('2') }])[0]!.r, dec('1.5'));
  });
  it('$mergeObjects later wins', () => {
    const out = group({ _id: null, r: { $mergeObjects: '$o' } }, [{ o: { a: i(1), b: i(1) } }, { o: null }, { o: { b: i(2) } }]);
    expectBson(out[0]!.r, { a: i(1), b: i(2) });
  });
  it('$mergeObjects rejects non-documents', () => {
    expectCode(() => group({ _id: null, r: { $mergeObjects: '$o' } }, [{ o: i(1) }]), 40400);
  });
  it('several accumulators in spec order', () => {
    const out = group({ _id: '$s', n: { $sum: 1 }, ids: { $push: '$_id' } });
    expectBson(out[0], { _id: 'a', n: i(3), ids: [i(1), i(3), i(5)] });
  });
});

