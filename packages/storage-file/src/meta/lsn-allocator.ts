import { ArgonError } from '@argon/core';
import type { Lsn } from '@argon/core';
import type { CoalescingPublisher } from './coalescing-publisher.js';
import type { LeaseTable } from './meta-store.js';

/**
 * Hands out LSNs without an fsync per call, and never the same LSN twice,
 * even across crashes: before an LSN above a project's durable *mark* is
 * returned, the mark is raised to `last + leaseSize` and persisted. After a
 * restart, allocation resumes above max(mark, newest logged LSN, newest
 * checkpoint LSN), so a crash leaves a gap of at most 1.5 × `leaseSize`
 * LSNs (the next lease is published when half of one is used).
 */
export class LsnAllocator {
  private readonly next = new Map<string, Lsn>();
  private readonly inflight = new Map<string, { readonly target: Lsn; readonly done: Promise<void> }>();

  constructor(
    private readonly leases: CoalescingPublisher<LeaseTable>,
    /** The newest LSN of a project found on disk outside the lease table. */
    private readonly floor: (project: string) => Lsn,
    private readonly leaseSize: number,
  ) {}

  /** Reserves `count` consecutive LSNs of `project`; resolves with the first once they are covered by a durable mark. */
  async reserve(project: string, count: number): Promise<Lsn> {
    if (!Number.isSafeInteger(count) || count < 1) throw new ArgonError(`reserveLsns needs a positive integer count, got ${String(count)}`);
    const first = this.next.get(project) ?? Math.max(this.mark(project), this.floor(project)) + 1;
    const last = first + count - 1;
    // Claimed synchronously, so concurrent callers get disjoint, ascending ranges in call order.
    this.next.set(project, last + 1);
    while (this.mark(project) < last) {
      const pending = this.inflight.get(project);
      if (pending && pending.target >= last) {
        await pending.done;
        continue;
      }
      await this.raise(project, last + this.leaseSize);
    }
    // Once half the lease is used, the next one is published in the
    // background, so writers do not stop for its fsyncs when this one runs
    // out (a crash then leaves a gap of up to 1.5 leases). A failure here
    // surfaces in the reserve that needs the new mark.
    if (this.mark(project) - last < this.leaseSize / 2 && !this.inflight.has(project)) {
      this.raise(project, last + this.leaseSize).catch(() => undefined);
    }
    return first;
  }

  // Publishes a mark of at least `target` for `project`; concurrent reserves wait on it.
  private async raise(project: string, target: Lsn): Promise<void> {
    const done = this.leases.update((t) => ({ ...t, [project]: Math.max(t[project] ?? 0, target) }));
    this.inflight.set(project, { target, done });
    try {
      await done;
    } finally {
      if (this.inflight.get(project)?.done === done) this.inflight.delete(project);
    }
  }

  /**
   * On a clean close every handed-out LSN is either in the durable log or
   * abandoned, so the marks can come back down to what was really used: a
   * restart then continues without a lease-sized gap.
   */
  async settle(): Promise<void> {
    for (const p of this.inflight.values()) await p.done.catch(() => undefined);
    const used = new Map(this.next);
    if (used.size === 0) return;
    await this.leases.update((t) => {
      const out = { ...t };
      for (const [project, next] of used) if ((out[project] ?? 0) > next - 1) out[project] = next - 1;
      return out;
    });
  }

  /** The durable mark of a project (0 when none). */
  mark(project: string): Lsn {
    return this.leases.value[project] ?? 0;
  }
}
