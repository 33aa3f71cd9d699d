import type { Lsn } from '../model/lsn.js';
import { upperBound } from './sorted-search.js';

const INITIAL_CAPACITY = 1024;

/**
 * The project's commit-time → LSN index. Times are non-decreasing with LSN
 * (the engine clamps the clock), so "as of T" is a binary search for the last
 * commit at or before T.
 *
 * Kept in two growable Float64Arrays rather than JS arrays: a checkpoint
 * restores a million-entry index with one copy of its bytes instead of
 * boxing every number (about 100 ms at 10^6 entries), and the index takes
 * 16 bytes per entry.
 */
export class TimeIndex {
  private lsns: Float64Array = new Float64Array(INITIAL_CAPACITY);
  private ts: Float64Array = new Float64Array(INITIAL_CAPACITY);
  private n = 0;

  /** Records that `lsn` committed at `ts` (ms); a late LSN goes in order, one already recorded is ignored. */
  add(lsn: Lsn, ts: number): void {
    const n = this.n;
    if (n === this.lsns.length) this.grow();
    if (n > 0 && this.lsns[n - 1]! >= lsn) {
      if (this.lsns[n - 1] === lsn) return;
      // Late arrival from another process: insert in order.
      let i = n;
      while (i > 0 && this.lsns[i - 1]! > lsn) i--;
      // Already recorded (a shared backend's catch-up can deliver an LSN this process wrote).
      if (i > 0 && this.lsns[i - 1] === lsn) return;
      this.lsns.copyWithin(i + 1, i, n);
      this.ts.copyWithin(i + 1, i, n);
      this.lsns[i] = lsn;
      this.ts[i] = Math.max(ts, i > 0 ? this.ts[i - 1]! : ts);
      this.n++;
      return;
    }
    this.lsns[n] = lsn;
    this.ts[n] = n > 0 ? Math.max(ts, this.ts[n - 1]!) : ts;
    this.n++;
  }

  /** Drops the record of `lsn` (rollback). */
  remove(lsn: Lsn): void {
    for (let i = this.n - 1; i >= 0; i--) {
      if (this.lsns[i] !== lsn) continue;
      this.lsns.copyWithin(i, i + 1, this.n);
      this.ts.copyWithin(i, i + 1, this.n);
      this.n--;
      return;
    }
  }

  /** The last LSN committed at or before `time`, or 0 when nothing was. */
  lsnAt(time: number): Lsn {
    const i = upperBound(this.ts, time, this.n);
    return i === 0 ? 0 : this.lsns[i - 1]!;
  }

  /** Commit time of the newest LSN at or below `lsn`, or undefined. */
  timeOf(lsn: Lsn): number | undefined {
    const i = upperBound(this.lsns, lsn, this.n);
    return i === 0 ? undefined : this.ts[i - 1];
  }

  /** The last time a commit was recorded, for clock clamping. */
  lastTime(): number {
    return this.n === 0 ? 0 : this.ts[this.n - 1]!;
  }

  get size(): number {
    return this.n;
  }

  /** Restores from the arrays of a format-2 checkpoint (which it takes over). */
  static fromArrays(lsns: Float64Array, ts: Float64Array): TimeIndex {
    if (lsns.length !== ts.length) throw new RangeError(`time index arrays differ in length (${lsns.length} LSNs, ${ts.length} times)`);
    const t = new TimeIndex();
    t.lsns = lsns;
    t.ts = ts;
    t.n = lsns.length;
    return t;
  }

  /**
   * The entries with LSN ≤ `maxLsn` as runs of consecutive LSNs committed
   * at the same time: run i is LSNs `first[i]` … `first[i] + count[i] - 1`,
   * all at `ts[i]`. A batch's entries share one commit time, so checkpoints
   * store a run per batch (or per millisecond) instead of 16 bytes per entry.
   */
  toRuns(maxLsn: Lsn): { first: Float64Array; count: Float64Array; ts: Float64Array } {
    const n = upperBound(this.lsns, maxLsn, this.n);
    const { lsns, ts } = this;
    // Entry i starts a run unless it follows the previous LSN at the same time.
    const startsRun = (i: number) => i === 0 || lsns[i] !== lsns[i - 1]! + 1 || ts[i] !== ts[i - 1];
    let runs = 0;
    for (let i = 0; i < n; i++) if (startsRun(i)) runs++;
    const first = new Float64Array(runs);
    const count = new Float64Array(runs);
    const times = new Float64Array(runs);
    let r = -1;
    for (let i = 0; i < n; i++) {
      if (startsRun(i)) {
        r++;
        first[r] = lsns[i]!;
        times[r] = ts[i]!;
      }
      count[r]!++;
    }
    return { first, count, ts: times };
  }

  /** Restores from {@link toRuns}'s arrays; throws a RangeError when they do not describe an index. */
  static fromRuns(first: Float64Array, count: Float64Array, ts: Float64Array): TimeIndex {
    const runs = first.length;
    if (count.length !== runs || ts.length !== runs) throw new RangeError(`time index runs differ in length (${runs} first LSNs, ${count.length} counts, ${ts.length} times)`);
    let n = 0;
    for (let r = 0; r < runs; r++) {
      const c = count[r]!;
      if (!Number.isSafeInteger(c) || c < 1 || !Number.isSafeInteger(first[r]! + c)) throw new RangeError(`time index run ${r} is invalid (LSN ${first[r]}, ${c} entries)`);
      // LSNs ascend across runs; times usually do too, but a late arrival from another process may have broken that, so they are not checked.
      if (r > 0 && !(first[r]! >= first[r - 1]! + count[r - 1]!)) throw new RangeError(`time index run ${r} is out of LSN order`);
      n += c;
    }
    const t = new TimeIndex();
    // Room to grow: the first commit after recovery does not copy the whole index.
    const cap = Math.max(INITIAL_CAPACITY, n + (n >> 2));
    t.lsns = new Float64Array(cap);
    t.ts = new Float64Array(cap);
    let i = 0;
    for (let r = 0; r < runs; r++) {
      const f = first[r]!;
      const c = count[r]!;
      t.ts.fill(ts[r]!, i, i + c);
      for (let k = 0; k < c; k++) t.lsns[i + k] = f + k;
      i += c;
    }
    t.n = n;
    return t;
  }

  private grow(): void {
    const cap = Math.max(INITIAL_CAPACITY, this.lsns.length * 2);
    const lsns = new Float64Array(cap);
    const ts = new Float64Array(cap);
    lsns.set(this.lsns.subarray(0, this.n));
    ts.set(this.ts.subarray(0, this.n));
    this.lsns = lsns;
    this.ts = ts;
  }
}
