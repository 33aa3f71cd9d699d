import { describe, expect, it } from 'vitest';
import { deserialize, serialize } from 'bson';
import { float64Binary, readFloat64Binary } from '../../src/storage/float64-binary.js';

describe('float64 arrays in a BSON Binary', () => {
  it('round-trip through BSON, at any alignment of the decoded bytes', () => {
    const values = [0, 1, -2.5, 2 ** 53 - 1, Number.MAX_VALUE];
    const doc = deserialize(serialize({ pad: 'x', a: float64Binary(values), b: float64Binary(Float64Array.from(values)) }), { promoteValues: false });
    expect([...readFloat64Binary(doc.a)]).toEqual(values);
    expect([...readFloat64Binary(doc.b)]).toEqual(values);
    expect([...readFloat64Binary(float64Binary([]))]).toEqual([]);
  });

  it('rejects anything but a Binary', () => {
    expect(() => readFloat64Binary([1, 2])).toThrow(/expected a BSON Binary/);
    expect(() => readFloat64Binary(null)).toThrow(/expected a BSON Binary/);
  });
});
