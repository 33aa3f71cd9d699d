import { describe, expect, it } from 'vitest';
import { CoalescingPublisher } from '../../src/meta/coalescing-publisher.js';
import { LsnAllocator } from '../../src/meta/lsn-allocator.js';
import type { LeaseTable } from '../../src/meta/meta-store.js';

describe('LsnAllocator', () => {
  it('persists a lease ahead and only then hands LSNs out; concurrent callers share one publish', async () => {
    const writes: LeaseTable[] = [];
    // Publishes after the first wait for `open` (so a test can tell whether a reserve waited for one).
    let open: () => void = () => {};
    let gate = Promise.resolve();
    const leases = new CoalescingPublisher<LeaseTable>({}, async (t) => {
      writes.push(t);
      await gate;
      await new Promise((r) => setTimeout(r, 2));
    });
    const a = new LsnAllocator(leases, () => 0, 100);
    const firsts = await Promise.all(Array.from({ length: 50 }, () => a.reserve('p', 1)));
    expect(firsts).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(writes.length).toBe(1);
    expect(writes[0]!.p).toBe(101);
    expect(a.mark('p')).toBe(101);
    // Within the first half of the lease: no publish.
    expect(await a.reserve('p', 1)).toBe(51);
    expect(writes.length).toBe(1);
    // Past half of it: the next lease is published in the background; this reserve does not wait for it.
    gate = new Promise<void>((r) => (open = r));
    expect(await a.reserve('p', 39)).toBe(52);
    expect(writes.length).toBe(2);
    expect(writes[1]!.p).toBe(190);
    expect(a.mark('p')).toBe(101);
    // Beyond the durable mark: waits for that publish, and starts no other.
    let settled = false;
    const beyond = a.reserve('p', 20).then((first) => ((settled = true), first));
    await new Promise((r) => setTimeout(r, 20));
    expect(settled).toBe(false);
    open();
    expect(await beyond).toBe(91);
    expect(a.mark('p')).toBe(190);
    expect(writes.length).toBe(2);
  });

  it('resumes above the persisted mark and the floor after a restart', async () => {
    const leases = new CoalescingPublisher<LeaseTable>({ p: 500 }, async () => {});
    expect(await new LsnAllocator(leases, () => 200, 100).reserve('p', 1)).toBe(501);
    const leases2 = new CoalescingPublisher<LeaseTable>({ p: 500 }, async () => {});
    expect(await new LsnAllocator(leases2, () => 900, 100).reserve('p', 1)).toBe(901);
  });

  it('burns the LSNs of a failed lease publish and never returns them', async () => {
    let fail = true;
    const leases = new CoalescingPublisher<LeaseTable>({}, async () => {
      if (fail) throw new Error('EIO');
    });
    const a = new LsnAllocator(leases, () => 0, 10);
    await expect(a.reserve('p', 3)).rejects.toThrow('EIO');
    fail = false;
    expect(await a.reserve('p', 1)).toBe(4);
    await expect(a.reserve('p', 0)).rejects.toThrow(/positive integer/);
  });
});
