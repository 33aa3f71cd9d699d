import { valueKey, type CompiledFilter } from '@argon/query';
import type { Snapshot } from '../../engine/snapshot.js';
import type { Doc } from '../command.js';

/**
 * The source of a tailable cursor on a capped collection: the matching
 * documents in insertion order, then, each time the cursor asks again after
 * running out, the matching documents inserted since. It reads a branch
 * head's live snapshot, which sees later writes of the branch.
 */
export class TailSource implements Iterator<Doc> {
  private readonly seen = new Set<string>();
  private pending: Doc[] = [];
  private toSkip: number;

  constructor(
    private readonly snapshot: Snapshot,
    private readonly coll: string,
    private readonly filter: CompiledFilter,
    skip: number,
    private readonly project?: (d: Doc) => Doc,
  ) {
    this.toSkip = skip;
  }

  next(): IteratorResult<Doc> {
    if (this.pending.length === 0) this.poll();
    const d = this.pending.shift();
    if (d === undefined) return { done: true, value: undefined };
    return { done: false, value: this.project ? this.project(d) : d };
  }

  private poll(): void {
    for (const d of this.snapshot.scan(this.coll)) {
      const k = valueKey(d._id);
      if (this.seen.has(k)) continue;
      this.seen.add(k);
      if (!this.filter.test(d)) continue;
      if (this.toSkip > 0) {
        this.toSkip--;
        continue;
      }
      this.pending.push(d);
    }
  }
}
