import { describe, expect, it } from 'vitest';
import type { BranchView } from '@argon/server';
import { renderBranchTree } from '../../src/commands/branches.js';
import { createColors } from '../../src/output/color.js';

const NOW = new Date('2026-11-21T14:00:00.000Z');
const b = (name: string, parent: string | null, baseLsn: number, headLsn: number, minutesAgo: number, extra: Partial<BranchView> = {}): BranchView => ({
  name,
  parent,
  baseLsn,
  headLsn,
  createdAt: new Date(NOW.getTime() - minutesAgo * 60_000).toISOString(),
  ...extra,
});

describe('renderBranchTree', () => {
  it('draws parents and children with aligned LSNs and ages, siblings by fork point', () => {
    const text = renderBranchTree(
      [
        b('main', null, 0, 120, 60),
        b('backup', 'main', 100, 100, 1),
        b('feature', 'main', 10, 50, 40),
        b('fix', 'feature', 45, 51, 3),
      ],
      createColors(false),
      NOW,
    );
    expect(text.split('\n')).toEqual([
      'BRANCH      BASE  HEAD  CREATED',
      'main           0   120  1 hour ago',
      '├─ feature    10    50  40 minutes ago',
      '│  └─ fix     45    51  3 minutes ago',
      '└─ backup    100   100  1 minute ago',
    ]);
  });

  it('marks deleted and reset branches', () => {
    const text = renderBranchTree(
      [
        b('main', null, 0, 9, 10, { resets: [{ atLsn: 8, toLsn: 4, discarded: { from: 5, to: 7 }, at: NOW.toISOString() }] }),
        b('old', 'main', 2, 3, 5, { deleted: true }),
      ],
      createColors(false),
      NOW,
    );
    expect(text).toContain('main ↺1');
    expect(text).toMatch(/└─ old \(deleted\)\s+2\s+3\s+5 minutes ago/);
  });
});
