import type { Lsn } from '../model/lsn.js';
import { upperBound } from './sorted-search.js';

/**
 * The project's commit-time → LSN index. Times are non-decreasing with LSN
 * (the engine clamps the clock), so "as of T" is a binary search for the last
 * commit at or before T.
 */
export class TimeIndex {
  private ts: number[] = [];
  private lsns: Lsn[] = [];

  /** Records that `lsn` committed at `ts` (ms). Ignores LSNs at or below the last one. */
  add(lsn: Lsn, ts: number): void {
    const n = this.lsns.length;
    if (n > 0 && this.lsns[n - 1]! >= lsn) {
      if (this.lsns[n - 1] === lsn) return;
      // Late arrival from another process: insert in order.
      let i = n;
      while (i > 0 && this.lsns[i - 1]! > lsn) i--;
      this.lsns.splice(i, 0, lsn);
      this.ts.splice(i, 0, Math.max(ts, i > 0 ? this.ts[i - 1]! : ts));
      return;
    }
    this.lsns.push(lsn);
    this.ts.push(n > 0 ? Math.max(ts, this.ts[n - 1]!) : ts);
  }

  /** Drops the record of `lsn` (rollback). */
  remove(lsn: Lsn): void {
    const i = this.lsns.lastIndexOf(lsn);
    if (i >= 0) {
      this.lsns.splice(i, 1);
      this.ts.splice(i, 1);
    }
  }

  /** The last LSN committed at or before `time`, or 0 when nothing was. */
  lsnAt(time: number): Lsn {
    const i = upperBound(this.ts, time);
    return i === 0 ? 0 : this.lsns[i - 1]!;
  }

  /** Commit time of the newest LSN at or below `lsn`, or undefined. */
  timeOf(lsn: Lsn): number | undefined {
    const i = upperBound(this.lsns, lsn);
    return i === 0 ? undefined : this.ts[i - 1];
  }

  /** The last time a commit was recorded, for clock clamping. */
  lastTime(): number {
    return this.ts.length === 0 ? 0 : this.ts[this.ts.length - 1]!;
  }

  get size(): number {
    return this.lsns.length;
  }

  /** Raw arrays for checkpoints. */
  toArrays(maxLsn: Lsn): { lsns: Lsn[]; ts: number[] } {
    let n = this.lsns.length;
    while (n > 0 && this.lsns[n - 1]! > maxLsn) n--;
    return { lsns: this.lsns.slice(0, n), ts: this.ts.slice(0, n) };
  }

  /** Restores from checkpoint arrays. */
  static fromArrays(lsns: Lsn[], ts: number[]): TimeIndex {
    const t = new TimeIndex();
    t.lsns = lsns;
    t.ts = ts;
    return t;
  }
}
