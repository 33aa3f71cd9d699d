import { describe, expect, it } from 'vitest';
import { Decimal128, Double, Int32, Long, serialize } from 'bson';
import { RawDocument } from '../../src/engine/raw-document.js';
import { VersionChain } from '../../src/engine/version-chain.js';

describe('RawDocument in a version chain', () => {
  const doc = { _id: new Int32(1), d: new Double(2), l: Long.fromNumber(3), m: Decimal128.fromString('4.0'), a: [new Int32(5), null], s: 'x' };
  const bytes = Buffer.concat([Buffer.from([9, 9, 9]), Buffer.from(serialize(doc)), Buffer.from([7])]);

  it('decodes at its offset, keeping BSON numeric types', () => {
    const d = new RawDocument(bytes, 3).decode();
    expect(d._id).toBeInstanceOf(Int32);
    expect(d.d).toBeInstanceOf(Double);
    expect(d.l).toBeInstanceOf(Long);
    expect(d.m).toBeInstanceOf(Decimal128);
    expect(String(d.m)).toBe('4.0');
    expect(d.s).toBe('x');
    expect((d.a as unknown[])[1]).toBeNull();
  });

  it('is decoded on the first read and replaced by the document', () => {
    const chain = new VersionChain(1, 5, new RawDocument(bytes, 3), 'insert');
    chain.push(9, null, 'delete');
    const first = chain.doc(0);
    expect(first).toMatchObject({ s: 'x' });
    expect(chain.doc(0)).toBe(first); // decoded once, then kept
    expect(chain.doc(1)).toBeNull();
  });
});
