/**
 * The design Argon replaces: keep the raw log and, for every read at an LSN,
 * replay it from the start. Used as the baseline in benchmarks.
 */
export interface NaiveEntry {
  readonly lsn: number;
  readonly id: number;
  readonly doc: Record<string, unknown> | null;
}

export class NaiveMaterializer {
  readonly log: NaiveEntry[] = [];

  append(e: NaiveEntry): void {
    this.log.push(e);
  }

  /** LSN of the newest entry (0 when empty). */
  get lastLsn(): number {
    return this.log.at(-1)?.lsn ?? 0;
  }

  /** Replays every entry up to `lsn` and returns the state. */
  stateAt(lsn: number): Map<number, Record<string, unknown>> {
    const state = new Map<number, Record<string, unknown>>();
    for (const e of this.log) {
      if (e.lsn > lsn) break;
      if (e.doc) state.set(e.id, e.doc);
      else state.delete(e.id);
    }
    return state;
  }

  /** A point read: replay, then look up. */
  findOne(id: number, lsn: number): Record<string, unknown> | undefined {
    return this.stateAt(lsn).get(id);
  }

  /** A query: replay, then filter every document. */
  find(predicate: (doc: Record<string, unknown>) => boolean, lsn: number): Array<Record<string, unknown>> {
    const out: Array<Record<string, unknown>> = [];
    for (const d of this.stateAt(lsn).values()) if (predicate(d)) out.push(d);
    return out;
  }

  /** Naive branch creation copies the parent's materialized state. */
  branch(lsn: number): Map<number, Record<string, unknown>> {
    return new Map(this.stateAt(lsn));
  }
}
