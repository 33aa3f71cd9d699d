import { describe, it } from 'vitest';
import { runPipeline } from '../../../src/aggregate/index.js';
import { expectBson, expectCode, i } from '../../expression/support.js';

describe('$replaceRoot / $replaceWith', () => {
  it('promotes a sub-document', () => {
    expectBson(runPipeline([{ _id: i(1), a: { b: i(2) } }], [{ $replaceRoot: { newRoot: '$a' } }]), [{ b: i(2) }]);
  });
  it('computed document', () => {
    expectBson(runPipeline([{ x: i(1), y: i(2) }], [{ $replaceWith: { $mergeObjects: [{ z: 0 }, '$$ROOT'] } }]), [{ z: i(0), x: i(1), y: i(2) }]);
  });
  it('object expression', () => {
    expectBson(runPipeline([{ x: i(1) }], [{ $replaceWith: { v: '$x' } }]), [{ v: i(1) }]);
  });
  it('missing newRoot value fails with 40228', () => expectCode(() => runPipeline([{ a: i(1) }], [{ $replaceRoot: { newRoot: '$nope' } }]), 40228));
  it('scalar newRoot fails with 40228', () => expectCode(() => runPipeline([{ a: i(1) }], [{ $replaceWith: '$a' }]), 40228, "'replacement document' must evaluate to an object"));
  it('array newRoot fails', () => expectCode(() => runPipeline([{ a: [] }], [{ $replaceRoot: { newRoot: '$a' } }]), 40228));
  it('unknown field', () => expectCode(() => runPipeline([], [{ $replaceRoot: { newRoot: '$a', x: 1 } }]), 40415));
  it('no newRoot', () => expectCode(() => runPipeline([], [{ $replaceRoot: {} }]), 40414));
  it('not an object', () => expectCode(() => runPipeline([], [{ $replaceRoot: 'x' }]), 40229));
});
