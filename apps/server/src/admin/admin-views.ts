import type { BranchInfo } from '@argon/core';
import type { BranchView, ProjectView, TimeRangeView } from './admin-types.js';

/** The JSON view of an engine branch. */
export function branchView(b: BranchInfo): BranchView {
  return {
    name: b.name,
    parent: b.parent,
    baseLsn: b.baseLsn,
    headLsn: b.headLsn,
    createdAt: b.createdAt.toISOString(),
    ...(b.deleted ? { deleted: true } : {}),
    ...(b.resets?.length
      ? {
          resets: b.resets.map((r) => ({
            atLsn: r.atLsn,
            toLsn: r.toLsn,
            discarded: { from: r.discarded.from, to: r.discarded.to },
            at: r.at.toISOString(),
            ...(r.backup ? { backup: r.backup } : {}),
          })),
        }
      : {}),
  };
}

/** The JSON view of a project summary. */
export function projectView(p: { name: string; createdAt: Date; branches: number; lastLsn: number }): ProjectView {
  return { name: p.name, createdAt: p.createdAt.toISOString(), branches: p.branches, lastLsn: p.lastLsn };
}

/** The JSON view of a branch's reachable range. */
export function timeRangeView(r: { firstLsn: number; headLsn: number; firstTime: Date | null; headTime: Date | null }): TimeRangeView {
  return { firstLsn: r.firstLsn, headLsn: r.headLsn, firstTime: r.firstTime?.toISOString() ?? null, headTime: r.headTime?.toISOString() ?? null };
}
