/** A node of a forest: `parent` names another node's `id`, or is null for a root. */
export interface TreeNode<T> {
  readonly id: string;
  readonly parent: string | null;
  readonly value: T;
}

/** One rendered line: the drawing prefix (`│  ├─ `) and the node. */
export interface TreeLine<T> {
  readonly prefix: string;
  readonly depth: number;
  readonly node: TreeNode<T>;
}

/**
 * Orders a forest depth-first and computes the `│ ├─ └─` prefix of each line,
 * as `git log --graph` draws branches. Nodes whose parent is absent become
 * roots. Siblings keep the order of `compare` (default: input order).
 *
 * @example
 * ```ts
 * treeLines([{ id: 'main', parent: null, value: 1 }, { id: 'feature', parent: 'main', value: 2 }])
 *   .map((l) => l.prefix + l.node.id);
 * // ['main', '└─ feature']
 * ```
 */
export function treeLines<T>(nodes: ReadonlyArray<TreeNode<T>>, compare?: (a: TreeNode<T>, b: TreeNode<T>) => number): Array<TreeLine<T>> {
  const ids = new Set(nodes.map((n) => n.id));
  const children = new Map<string | null, Array<TreeNode<T>>>();
  for (const n of nodes) {
    const key = n.parent !== null && ids.has(n.parent) && n.parent !== n.id ? n.parent : null;
    let list = children.get(key);
    if (!list) children.set(key, (list = []));
    list.push(n);
  }
  if (compare) for (const list of children.values()) list.sort(compare);
  const out: Array<TreeLine<T>> = [];
  const seen = new Set<string>();
  const walk = (n: TreeNode<T>, indent: string, isLast: boolean, depth: number): void => {
    if (seen.has(n.id)) return;
    seen.add(n.id);
    out.push({ prefix: depth === 0 ? '' : `${indent}${isLast ? '└─ ' : '├─ '}`, depth, node: n });
    const kids = children.get(n.id) ?? [];
    const next = depth === 0 ? '' : `${indent}${isLast ? '   ' : '│  '}`;
    kids.forEach((k, i) => walk(k, next, i === kids.length - 1, depth + 1));
  };
  for (const root of children.get(null) ?? []) walk(root, '', true, 0);
  // Nodes on a parent cycle are unreachable from any root: show them as roots.
  for (const n of nodes) if (!seen.has(n.id)) walk(n, '', true, 0);
  return out;
}
