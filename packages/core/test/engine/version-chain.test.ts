import { describe, expect, it } from 'vitest';
import { Int32, serialize } from 'bson';
import { RawDocument } from '../../src/engine/raw-document.js';
import { VersionChain } from '../../src/engine/version-chain.js';

const versions = (c: VersionChain) => Array.from({ length: c.length }, (_, i) => [c.lsn(i), c.op(i), c.doc(i), c.actor(i)]);

describe('VersionChain', () => {
  it('keeps versions, ops and actors aligned through in-order, out-of-order and duplicate pushes', () => {
    const c = new VersionChain('k', 10, { v: 1 }, 'insert');
    c.push(30, { v: 3 }, 'update', 'ann');
    c.push(20, { v: 2 }, 'update'); // a shared backend catching up out of order
    c.push(20, { v: 99 }, 'update', 'bob'); // already there: ignored
    c.push(40, null, 'delete', 'cy');
    expect(versions(c)).toEqual([
      [10, 'insert', { v: 1 }, undefined],
      [20, 'update', { v: 2 }, undefined],
      [30, 'update', { v: 3 }, 'ann'],
      [40, 'delete', null, 'cy'],
    ]);
    c.remove(30);
    c.remove(31); // absent: nothing happens
    expect(versions(c).map((v) => [v[0], v[3]])).toEqual([
      [10, undefined],
      [20, undefined],
      [40, 'cy'],
    ]);
    expect(c.find(0, 25)).toBe(1);
    expect(c.find(20, 39)).toBe(-1);
  });

  it('records the first version’s actor', () => {
    const c = new VersionChain(1, 5, { a: 1 }, 'upsert', 'svc');
    c.push(6, { a: 2 }, 'update');
    expect([c.actor(0), c.actor(1)]).toEqual(['svc', undefined]);
  });

  it('keeps raw versions (from replay) aligned with decoded ones, and decodes each once', () => {
    const bytes = Buffer.concat([Buffer.alloc(3), Buffer.from(serialize({ v: 1 })), Buffer.from(serialize({ v: 3 }))]);
    const second = 3 + bytes.readInt32LE(3);
    const c = new VersionChain('k', 10, new RawDocument(bytes, 3), 'insert');
    c.push(30, new RawDocument(bytes, second), 'update');
    c.push(20, { v: 2 }, 'update'); // decoded, out of order, between two raw versions
    c.push(40, null, 'delete');
    const raw = c.stored(2);
    expect(raw).toBeInstanceOf(RawDocument);
    expect((raw as RawDocument).offset).toBe(second);
    c.remove(20);
    expect(versions(c).map((v) => v[0])).toEqual([10, 30, 40]);
    expect(c.doc(1)).toEqual({ v: new Int32(3) }); // raw BSON keeps its types
    expect(c.stored(1)).toBe(c.doc(1)); // replaced by its decoded form
    expect(c.doc(0)).toEqual({ v: new Int32(1) });
    expect(c.doc(2)).toBeNull();
    expect(c.stored(2)).toBeNull();
  });

  it('answers reads from a single version held in its own fields, and removing it empties the chain', () => {
    const bytes = Buffer.from(serialize({ v: 7 }));
    const c = new VersionChain('k', 10, new RawDocument(bytes, 0), 'insert', 'ann');
    expect([c.length, c.lsn(0), c.op(0), c.actor(0)]).toEqual([1, 10, 'insert', 'ann']);
    expect([c.find(0, 9), c.find(0, 10), c.find(10, 20), c.upperBound(9), c.upperBound(10)]).toEqual([-1, 0, -1, 0, 1]);
    expect(c.stored(0)).toBeInstanceOf(RawDocument);
    expect(c.doc(0)).toEqual({ v: new Int32(7) });
    expect(c.stored(0)).toBe(c.doc(0));
    c.remove(11); // not its LSN: nothing happens
    expect(c.length).toBe(1);
    c.remove(10);
    expect([c.length, c.find(0, 100)]).toEqual([0, -1]);
    c.push(12, { v: 8 }, 'insert'); // a rolled-back insert written again
    expect(versions(c)).toEqual([[12, 'insert', { v: 8 }, undefined]]);
  });

  it('keeps the first version’s raw bytes and actor when a second version arrives before it', () => {
    const bytes = Buffer.from(serialize({ v: 2 }));
    const c = new VersionChain('k', 20, new RawDocument(bytes, 0), 'update', 'bob');
    c.push(10, { v: 1 }, 'insert');
    expect(versions(c)).toEqual([
      [10, 'insert', { v: 1 }, undefined],
      [20, 'update', { v: new Int32(2) }, 'bob'],
    ]);
  });
});
