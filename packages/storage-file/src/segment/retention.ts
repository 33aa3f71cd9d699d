import type { Lsn } from '@argon/core';
import type { SegmentInfo } from '../log/log-index.js';

/** Inputs of {@link deletableSegments}. */
export interface RetentionInput {
  /** Segments oldest first; the last one is the active segment and is never deleted. */
  readonly segments: readonly SegmentInfo[];
  /** LSN of the oldest checkpoint kept for a project, or null when it has none. */
  readonly oldestCheckpointLsn: (project: string) => Lsn | null;
  readonly now: number;
  readonly retentionMs: number;
}

/**
 * The oldest segments that may be deleted: a prefix of the log (so the log
 * never has holes) of closed segments in which every entry is at or below the
 * oldest kept checkpoint of its project — so recovery never needs it — and
 * older than the retention window — so time travel within the window keeps
 * working.
 */
export function deletableSegments(input: RetentionInput): SegmentInfo[] {
  const out: SegmentInfo[] = [];
  const cutoff = input.now - input.retentionMs;
  for (let i = 0; i < input.segments.length - 1; i++) {
    const seg = input.segments[i]!;
    if (seg.entries > 0 && !(seg.maxTs < cutoff)) break;
    let covered = true;
    for (const [project, range] of seg.projects) {
      const ckpt = input.oldestCheckpointLsn(project);
      if (ckpt === null || range.maxLsn > ckpt) {
        covered = false;
        break;
      }
    }
    if (!covered) break;
    out.push(seg);
  }
  return out;
}
