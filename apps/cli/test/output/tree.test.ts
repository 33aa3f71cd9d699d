import { describe, expect, it } from 'vitest';
import { treeLines, type TreeNode } from '../../src/output/tree.js';

const n = (id: string, parent: string | null, order = 0): TreeNode<number> => ({ id, parent, value: order });
const draw = (nodes: Array<TreeNode<number>>, cmp?: (a: TreeNode<number>, b: TreeNode<number>) => number): string[] =>
  treeLines(nodes, cmp).map((l) => l.prefix + l.node.id);

describe('treeLines', () => {
  it('draws nested children with │ ├─ └─', () => {
    const lines = draw([n('main', null), n('feature', 'main'), n('fix', 'feature'), n('fix2', 'feature'), n('backup', 'main'), n('deep', 'fix')]);
    expect(lines).toEqual(['main', '├─ feature', '│  ├─ fix', '│  │  └─ deep', '│  └─ fix2', '└─ backup']);
  });

  it('reports depths', () => {
    expect(treeLines([n('a', null), n('b', 'a'), n('c', 'b')]).map((l) => l.depth)).toEqual([0, 1, 2]);
  });

  it('orders siblings with the comparator', () => {
    const lines = draw([n('main', null), n('z', 'main', 1), n('a', 'main', 2)], (x, y) => x.value - y.value);
    expect(lines).toEqual(['main', '├─ z', '└─ a']);
    const byName = draw([n('main', null), n('z', 'main'), n('a', 'main')], (x, y) => x.id.localeCompare(y.id));
    expect(byName).toEqual(['main', '├─ a', '└─ z']);
  });

  it('shows nodes whose parent is missing as roots', () => {
    expect(draw([n('main', null), n('orphan', 'gone'), n('kid', 'orphan')])).toEqual(['main', 'orphan', '└─ kid']);
  });

  it('survives a parent cycle and lists every node once', () => {
    const lines = draw([n('a', 'b'), n('b', 'a')]);
    expect(lines.sort()).toEqual(['a', '└─ b'].sort());
    expect(lines).toHaveLength(2);
  });

  it('returns nothing for an empty forest', () => {
    expect(treeLines([])).toEqual([]);
  });
});
