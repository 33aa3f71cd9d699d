/**
 * The update tree: every operator path of an update document becomes a leaf
 * in one tree shared by all operators, the way mongod builds it.
 *
 * - Inserting paths into one tree is what detects conflicts (`a` and `a.b`,
 *   or the same path twice) with code 40.
 * - Applying the tree walks sibling fields in a fixed order (see
 *   {@link compareFieldNames}), so fields an update creates are appended in
 *   that order whatever order the update document listed them in.
 * - `$` (positional) and `$[]`/`$[id]` (array filters) resolve per document;
 *   when two of them land on the same element their subtrees are merged at
 *   apply time, and two leaves meeting there is also a conflict.
 */
import { ERROR_CODES, UpdateError } from '../errors.js';
import { compareStrings } from '../values/compare.js';
import { formatElement } from './format.js';
import { arrayFilterIdentifier, compareFieldNames, isArrayFilterComponent, isPositional } from './path.js';
import type { UpdateWorkspace } from './workspace.js';

/** A leaf of the update tree: one operator applied at one path. */
export interface LeafNode {
  readonly kind: 'leaf';
  /** The operator's name, e.g. `$set`. */
  readonly operator: string;
  /** Applies the operator at a concrete path (no `$`/`$[…]` left in it). */
  apply(path: readonly string[], ws: UpdateWorkspace): void;
}

/** An embedded-document level of the tree; `$` lives apart from named children. */
export interface ObjectNode {
  readonly kind: 'object';
  readonly children: Map<string, UpdateNode>;
  positional: UpdateNode | undefined;
}

/** A level addressed by `$[]` / `$[id]`: children keyed by identifier (`''` for `$[]`). */
export interface ArrayNode {
  readonly kind: 'array';
  readonly children: Map<string, UpdateNode>;
}

/** Any node of the update tree. */
export type UpdateNode = LeafNode | ObjectNode | ArrayNode;

/** Creates an empty tree root. */
export function newObjectNode(): ObjectNode {
  return { kind: 'object', children: new Map(), positional: undefined };
}

function newArrayNode(): ArrayNode {
  return { kind: 'array', children: new Map() };
}

/** Array filters known while building a tree, and those the update used. */
export interface IdentifierScope {
  readonly known: ReadonlySet<string>;
  readonly used: Set<string>;
}

function conflict(path: string, at: string): UpdateError {
  return new UpdateError(ERROR_CODES.ConflictingUpdateOperators, `Updating the path '${path}' would create a conflict at '${at}'`);
}

function getChild(node: ObjectNode | ArrayNode, name: string): UpdateNode | undefined {
  if (node.kind === 'object' && isPositional(name)) return node.positional;
  return node.children.get(name);
}

function setChild(node: ObjectNode | ArrayNode, name: string, child: UpdateNode): void {
  if (node.kind === 'object' && isPositional(name)) node.positional = child;
  else node.children.set(name, child);
}

/** The child key of a path component: the identifier for `$[…]`, else the component. */
function childName(part: string, index: number, display: string, scope: IdentifierScope): string {
  if (!isArrayFilterComponent(part)) return part;
  if (index === 0) {
    throw new UpdateError(
      ERROR_CODES.BadValue,
      `Cannot have array filter identifier (i.e. '$[<id>]') element in the first position in path '${display}'`,
    );
  }
  const id = arrayFilterIdentifier(part);
  if (id !== '') {
    if (!scope.known.has(id)) {
      throw new UpdateError(ERROR_CODES.BadValue, `No array filter found for identifier '${id}' in path '${display}'`);
    }
    scope.used.add(id);
  }
  return id;
}

/**
 * Adds a leaf at `parts` (already validated by `parseUpdatePath`). Throws
 * code 40 when the path overlaps one already in the tree, and code 2 for a
 * misplaced or unknown array-filter identifier.
 */
export function insertLeaf(root: ObjectNode, parts: readonly string[], leaf: LeafNode, scope: IdentifierScope): void {
  const display = parts.join('.');
  let current: ObjectNode | ArrayNode = root;
  for (let i = 0; i < parts.length - 1; i++) {
    const name = childName(parts[i]!, i, display, scope);
    const wantArray = isArrayFilterComponent(parts[i + 1]!);
    let child = getChild(current, name);
    if (child) {
      if (child.kind !== (wantArray ? 'array' : 'object')) throw conflict(display, parts.slice(0, i + 1).join('.'));
    } else {
      child = wantArray ? newArrayNode() : newObjectNode();
      setChild(current, name, child);
    }
    current = child as ObjectNode | ArrayNode;
  }
  const last = childName(parts[parts.length - 1]!, parts.length - 1, display, scope);
  if (getChild(current, last)) throw conflict(display, display);
  setChild(current, last, leaf);
}

const sortedKeyCache = new WeakMap<Map<string, UpdateNode>, string[]>();

function sortedKeys(children: Map<string, UpdateNode>): string[] {
  let keys = sortedKeyCache.get(children);
  if (!keys) {
    keys = [...children.keys()].sort(compareFieldNames);
    sortedKeyCache.set(children, keys);
  }
  return keys;
}

function mergeMaps(
  left: Map<string, UpdateNode>,
  right: Map<string, UpdateNode>,
  display: readonly string[],
  wrap: (key: string) => string,
): Map<string, UpdateNode> {
  const out = new Map(left);
  for (const [key, node] of right) {
    const existing = out.get(key);
    out.set(key, existing ? mergeNodes(existing, node, [...display, wrap(key)]) : node);
  }
  return out;
}

/**
 * Merges two subtrees that apply to the same element (positional and named
 * paths, or two array filters matching one element). Two leaves, or a leaf
 * and a subtree, meeting is a conflict (code 40).
 */
export function mergeNodes(left: UpdateNode, right: UpdateNode, display: readonly string[]): UpdateNode {
  if (left.kind === 'object' && right.kind === 'object') {
    const positional =
      left.positional && right.positional
        ? mergeNodes(left.positional, right.positional, [...display, '$'])
        : (left.positional ?? right.positional);
    return { kind: 'object', children: mergeMaps(left.children, right.children, display, (k) => k), positional };
  }
  if (left.kind === 'array' && right.kind === 'array') {
    return { kind: 'array', children: mergeMaps(left.children, right.children, display, (k) => `$[${k}]`) };
  }
  throw new UpdateError(ERROR_CODES.ConflictingUpdateOperators, `Update created a conflict at '${display.join('.')}'`);
}

function applyObjectNode(node: ObjectNode, path: readonly string[], ws: UpdateWorkspace): void {
  const matched = node.positional ? ws.matchedField() : undefined;
  let positionalPending = node.positional !== undefined;
  for (const key of sortedKeys(node.children)) {
    const child = node.children.get(key)!;
    if (positionalPending && key === matched) {
      applyNode(mergeNodes(node.positional!, child, [...path, key]), [...path, key], ws);
      positionalPending = false;
      continue;
    }
    // mongod slots the positional child in by plain string order of the matched index.
    if (positionalPending && compareStrings(matched!, key) < 0) {
      applyNode(node.positional!, [...path, matched!], ws);
      positionalPending = false;
    }
    applyNode(child, [...path, key], ws);
  }
  if (positionalPending) applyNode(node.positional!, [...path, matched!], ws);
}

function applyArrayNode(node: ArrayNode, path: readonly string[], ws: UpdateWorkspace): void {
  const found = ws.resolve(path);
  if (found.depth < path.length) {
    throw new UpdateError(
      ERROR_CODES.BadValue,
      `The path '${path.join('.')}' must exist in the document in order to apply array updates.`,
    );
  }
  const array = found.value;
  if (!Array.isArray(array)) {
    throw new UpdateError(
      ERROR_CODES.BadValue,
      `Cannot apply array updates to non-array element ${formatElement(path[path.length - 1] ?? '', array)}`,
    );
  }
  const keys = sortedKeys(node.children);
  // Decide which elements each child applies to before changing any of them.
  const matches: UpdateNode[][] = array.map((element) =>
    keys.filter((k) => k === '' || ws.arrayFilter(k)(element)).map((k) => node.children.get(k)!),
  );
  matches.forEach((nodes, i) => {
    if (nodes.length === 0) return;
    const elementPath = [...path, String(i)];
    const merged = nodes.reduce((acc, n) => mergeNodes(acc, n, elementPath));
    applyNode(merged, elementPath, ws);
  });
}

/** Applies a subtree at a concrete path. */
export function applyNode(node: UpdateNode, path: readonly string[], ws: UpdateWorkspace): void {
  switch (node.kind) {
    case 'leaf':
      node.apply(path, ws);
      return;
    case 'object':
      applyObjectNode(node, path, ws);
      return;
    case 'array':
      applyArrayNode(node, path, ws);
      return;
  }
}
