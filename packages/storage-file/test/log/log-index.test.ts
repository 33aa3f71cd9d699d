import { describe, expect, it } from 'vitest';
import { INDEX_EVERY, LogIndex } from '../../src/log/log-index.js';

describe('LogIndex', () => {
  function build(): LogIndex {
    const idx = new LogIndex();
    let off = 32;
    for (let seq = 1; seq <= 3; seq++) {
      const seg = idx.addSegment(seq, `/w/${seq}.seg`, 32);
      for (let i = 0; i < 1000; i++) {
        const lsn = (seq - 1) * 1000 + i + 1;
        idx.add(seg, lsn % 2 ? 'odd' : 'even', lsn, lsn * 10, off);
        off += 100;
      }
      off = 32;
    }
    return idx;
  }

  it('seeks to an index point at or below afterLsn, in the right segment', () => {
    const idx = build();
    expect(idx.seek('odd', 0)).toEqual({ seq: 1, offset: 32 });
    const p = idx.seek('odd', 1501)!;
    expect(p.seq).toBe(2);
    // The point is at most INDEX_EVERY entries of the project before the target.
    const pointLsn = 1000 + (p.offset - 32) / 100 + 1;
    expect(pointLsn).toBeLessThanOrEqual(1501);
    expect(1501 - pointLsn).toBeLessThan(INDEX_EVERY * 2);
    expect(idx.seek('odd', 2999)).toBeNull();
    expect(idx.seek('nobody', 0)).toBeNull();
  });

  it('tracks per-segment ranges and the newest LSN per project', () => {
    const idx = build();
    expect(idx.segments[1]!.projects.get('even')).toEqual({ minLsn: 1002, maxLsn: 2000, count: 500 });
    expect(idx.segments[2]!.maxTs).toBe(30000);
    expect(idx.lastLsn('odd')).toBe(2999);
    expect(idx.lastLsns()).toEqual(new Map([['odd', 2999], ['even', 3000]]));
  });

  it('forgets a dropped segment but not the newest LSNs', () => {
    const idx = build();
    idx.dropOldestSegment();
    expect(idx.segments.map((s) => s.seq)).toEqual([2, 3]);
    expect(idx.seek('odd', 0)).toEqual({ seq: 2, offset: 32 });
    expect(idx.lastLsn('even')).toBe(3000);
  });
});
