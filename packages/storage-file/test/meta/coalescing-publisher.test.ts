import { describe, expect, it } from 'vitest';
import { CoalescingPublisher } from '../../src/meta/coalescing-publisher.js';

describe('CoalescingPublisher', () => {
  it('groups changes made during a publish into one next publish', async () => {
    const published: number[][] = [];
    const p = new CoalescingPublisher<number[]>([], async (v) => {
      published.push(v);
      await new Promise((r) => setTimeout(r, 5));
    });
    await Promise.all(Array.from({ length: 10 }, (_, i) => p.update((v) => [...v, i])));
    expect(p.value).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(published.length).toBeLessThanOrEqual(2);
  });

  it('rejects the changes of a failed publish and keeps the last durable value', async () => {
    let fail = true;
    const p = new CoalescingPublisher<number>(1, async () => {
      if (fail) throw new Error('ENOSPC');
    });
    await expect(p.update((v) => v + 1)).rejects.toThrow('ENOSPC');
    expect(p.value).toBe(1);
    fail = false;
    await p.update((v) => v + 10);
    expect(p.value).toBe(11);
  });
});
