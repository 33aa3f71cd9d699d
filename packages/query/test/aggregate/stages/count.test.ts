import { describe, it } from 'vitest';
import { runPipeline } from '../../../src/aggregate/index.js';
import { expectBson, expectCode, i } from '../../expression/support.js';

describe('$count', () => {
  it('counts', () => expectBson(runPipeline([{}, {}, {}], [{ $count: 'total' }]), [{ total: i(3) }]));
  it('after $match', () => expectBson(runPipeline([{ a: i(1) }, { a: i(2) }], [{ $match: { a: i(2) } }, { $count: 'n' }]), [{ n: i(1) }]));
  it('no input gives no document', () => expectBson(runPipeline([], [{ $count: 'n' }]), []));
  const errors: [string, unknown, number][] = [
    ['empty name', '', 40156],
    ['not a string', 1, 40156],
    ['$-prefixed', '$n', 40158],
    ['dotted', 'a.b', 40160],
  ];
  for (const [name, spec, code] of errors) it(name, () => expectCode(() => runPipeline([], [{ $count: spec }]), code));
});
