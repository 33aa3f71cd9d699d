/**
 * The parsed form of a find projection: a tree of field names whose leaves say
 * what happens to each path.
 */
import { BadQueryError } from '../errors.js';
import type { CompiledFilter } from '../query/types.js';
import type { Document } from '../values/bson-type.js';

/** What a projection does at one path. */
export type ProjectionNode =
  | { readonly kind: 'include' }
  | { readonly kind: 'exclude' }
  /** A computed value: a literal or an aggregation expression evaluated on the whole document. */
  | { readonly kind: 'expr'; readonly evaluate: (root: Document) => unknown }
  /** Find's `$slice`: `skip` undefined for the `{$slice: n}` form. */
  | { readonly kind: 'slice'; readonly skip: number | undefined; readonly limit: number }
  /** Find's `$elemMatch`: the first element matching `filter` (bound to this field). */
  | { readonly kind: 'elemMatch'; readonly filter: CompiledFilter }
  /** The positional `path.$`: the element that matched the query. */
  | { readonly kind: 'positional' }
  | ProjectionTree;

/** An interior node: sub-paths in projection order. */
export interface ProjectionTree {
  readonly kind: 'tree';
  readonly children: Map<string, ProjectionNode>;
}

/** Creates an empty interior node. */
export function newTree(): ProjectionTree {
  return { kind: 'tree', children: new Map() };
}

/**
 * Adds `node` at `parts` below `root`, creating interior nodes, with MongoDB's
 * path-collision errors (`{a: 1, 'a.b': 1}` is invalid).
 */
export function addNodeAtPath(root: ProjectionTree, parts: readonly string[], node: ProjectionNode): void {
  const fullPath = parts.join('.');
  let cur = root;
  for (let i = 0; i < parts.length; i++) {
    const name = parts[i]!;
    const existing = cur.children.get(name);
    if (i === parts.length - 1) {
      if (existing) throw new BadQueryError(31250, `Path collision at ${fullPath}`);
      cur.children.set(name, node);
      return;
    }
    if (existing === undefined) {
      const t = newTree();
      cur.children.set(name, t);
      cur = t;
    } else if (existing.kind === 'tree') {
      cur = existing;
    } else {
      throw new BadQueryError(31249, `Path collision at ${fullPath} remaining portion ${parts.slice(1).join('.')}`);
    }
  }
}

/** Returns the interior node at `parts`, creating it; a leaf in the way is a path collision. */
export function treeAtPath(root: ProjectionTree, parts: readonly string[]): ProjectionTree {
  let cur = root;
  for (let i = 0; i < parts.length; i++) {
    const name = parts[i]!;
    const existing = cur.children.get(name);
    if (existing === undefined) {
      const t = newTree();
      cur.children.set(name, t);
      cur = t;
    } else if (existing.kind === 'tree') {
      cur = existing;
    } else {
      throw new BadQueryError(31250, `Path collision at ${parts.slice(0, i + 1).join('.')}`);
    }
  }
  return cur;
}
