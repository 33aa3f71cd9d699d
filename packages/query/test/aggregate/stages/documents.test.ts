import { describe, it } from 'vitest';
import { runPipeline } from '../../../src/aggregate/index.js';
import { expectBson, expectCode, i } from '../../expression/support.js';

describe('$documents', () => {
  it('replaces the input', () => expectBson(runPipeline([{ a: i(1) }], [{ $documents: [{ x: 1 }, { x: 2 }] }]), [{ x: i(1) }, { x: i(2) }]));
  it('evaluates expressions', () => expectBson(runPipeline([], [{ $documents: { $map: { input: [1, 2], in: { n: '$$this' } } } }]), [{ n: i(1) }, { n: i(2) }]));
  it('must be first', () => expectCode(() => runPipeline([], [{ $match: {} }, { $documents: [] }]), 40602));
  it('must evaluate to an array', () => expectCode(() => runPipeline([], [{ $documents: 1 }]), 5858203));
  it('of documents', () => expectCode(() => runPipeline([], [{ $documents: [1] }]), 5858202));
});

