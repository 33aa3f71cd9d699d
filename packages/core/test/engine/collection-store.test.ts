import { valueKey } from '@argon/query';
import { describe, expect, it } from 'vitest';
import { CollectionStore } from '../../src/engine/collection-store.js';

const K1 = valueKey(1);
const K2 = valueKey(2);

const doc = (id: number, v: number) => ({ _id: id, v });
const history = (cs: CollectionStore, key: string) => {
  const chain = cs.chainFor(key);
  if (!chain) return undefined;
  return Array.from({ length: chain.length }, (_, i) => [chain.lsn(i), chain.doc(i)]);
};

describe('CollectionStore: a lookup that found nothing, then a version of that key', () => {
  it('adds the chain after a miss, and appends to it (not replaces it) afterwards', () => {
    const cs = new CollectionStore('c');
    expect(cs.chainFor(K1)).toBeUndefined();
    cs.putVersion(1, 1, doc(1, 1), 'insert', undefined, K1);
    cs.putVersion(1, 2, doc(1, 2), 'update', undefined, K1);
    expect(history(cs, K1)).toEqual([
      [1, doc(1, 1)],
      [2, doc(1, 2)],
    ]);
  });

  it('keeps what another key added in between', () => {
    const cs = new CollectionStore('c');
    expect(cs.chainFor(K1)).toBeUndefined();
    cs.putVersion(2, 1, doc(2, 1), 'insert', undefined, K2);
    cs.putVersion(1, 2, doc(1, 1), 'insert', undefined, K1);
    cs.putVersion(2, 3, doc(2, 2), 'update', undefined, K2);
    expect(history(cs, K1)).toEqual([[2, doc(1, 1)]]);
    expect(history(cs, K2)).toEqual([
      [1, doc(2, 1)],
      [3, doc(2, 2)],
    ]);
  });

  it('does not let a version queued over checkpoint chunks replace the chain they decode into', () => {
    const cs = new CollectionStore('c');
    expect(cs.chainFor(K1)).toBeUndefined();
    // A checkpoint chunk holding k1 attached after the miss, and a version replayed on top of it.
    cs.attachChunk(() => cs.putVersion(1, 5, doc(1, 5), 'insert', undefined, K1), 5);
    cs.putVersion(1, 6, doc(1, 6), 'update', undefined, K1);
    expect(history(cs, K1)).toEqual([
      [5, doc(1, 5)],
      [6, doc(1, 6)],
    ]);
  });

  it('looks again after a chain was rolled back to nothing and written again', () => {
    const cs = new CollectionStore('c');
    cs.putVersion(1, 1, doc(1, 1), 'insert', undefined, K1);
    cs.removeVersion(1, 1);
    expect(cs.chainFor(K1)).toBeUndefined();
    cs.putVersion(1, 2, doc(1, 2), 'insert', undefined, K1);
    expect(cs.chainFor(K1)).toBeDefined();
    cs.putVersion(1, 3, doc(1, 3), 'update', undefined, K1);
    expect(history(cs, K1)).toEqual([
      [2, doc(1, 2)],
      [3, doc(1, 3)],
    ]);
  });
});
