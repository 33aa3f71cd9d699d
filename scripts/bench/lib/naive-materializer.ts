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

  /** Naive branch creation copies the parent's materialized state. */
  branch(lsn: number): Map<number, Record<string, unknown>> {
    return new Map(this.stateAt(lsn));
  }
}
