import { describe, expect, it } from 'vitest';
import { runPipeline } from '../../../src/aggregate/index.js';
import type { Document } from '../../../src/values/index.js';
import { expectCode, i } from '../../expression/support.js';

describe('$sample', () => {
  const docs: Document[] = Array.from({ length: 20 }, (_, n) => ({ _id: i(n) }));
  it('returns size distinct documents from the input', () => {
    const out = runPipeline(docs, [{ $sample: { size: 5 } }]);
    expect(out).toHaveLength(5);
    expect(new Set(out.map((d) => (d._id as { value: number }).value)).size).toBe(5);
    for (const d of out) expect(docs).toContain(d);
  });
  it('size larger than input returns all', () => expect(runPipeline(docs, [{ $sample: { size: 100 } }])).toHaveLength(20));
  const errors: [string, unknown, number][] = [
    ['not an object', 1, 28745],
    ['no size', {}, 28749],
    ['non-numeric size', { size: 'a' }, 28746],
    ['negative size', { size: -1 }, 28747],
    ['unknown option', { size: 1, x: 1 }, 28748],
  ];
  for (const [name, spec, code] of errors) it(name, () => expectCode(() => runPipeline([], [{ $sample: spec }]), code));
});

