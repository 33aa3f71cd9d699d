import { describe, expect, it } from 'vitest';
import { LogIndex } from '../../src/log/log-index.js';
import { deletableSegments } from '../../src/segment/retention.js';

function log(specs: [project: string, maxLsn: number, ts: number][][]): LogIndex {
  const idx = new LogIndex();
  specs.forEach((entries, i) => {
    const seg = idx.addSegment(i + 1, `/w/${i + 1}`, 32);
    for (const [p, lsn, ts] of entries) idx.add(seg, p, lsn, ts, 32);
  });
  return idx;
}

describe('deletableSegments', () => {
  const now = 1_000_000;
  it('deletes a prefix covered by checkpoints and older than the window, never the active segment', () => {
    const idx = log([[['a', 10, 1]], [['a', 20, 2]], [['a', 30, 3]]]);
    const del = deletableSegments({ segments: idx.segments, oldestCheckpointLsn: () => 100, now, retentionMs: 10 });
    expect(del.map((s) => s.seq)).toEqual([1, 2]);
  });

  it('stops at the first segment with an entry above its project’s oldest checkpoint', () => {
    const idx = log([[['a', 10, 1]], [['b', 20, 2]], [['a', 30, 3]], []]);
    const del = deletableSegments({ segments: idx.segments, oldestCheckpointLsn: (p) => (p === 'a' ? 100 : 19), now, retentionMs: 10 });
    expect(del.map((s) => s.seq)).toEqual([1]);
  });

  it('keeps segments inside the retention window and those of projects without a checkpoint', () => {
    const recent = log([[['a', 10, now - 5]], []]);
    expect(deletableSegments({ segments: recent.segments, oldestCheckpointLsn: () => 100, now, retentionMs: 10 })).toEqual([]);
    const none = log([[['a', 10, 1]], []]);
    expect(deletableSegments({ segments: none.segments, oldestCheckpointLsn: () => null, now, retentionMs: 10 })).toEqual([]);
  });
});
