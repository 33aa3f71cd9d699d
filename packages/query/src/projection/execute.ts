/**
 * Applying a parsed projection to a document. Output documents are new
 * objects; untouched values are shared with the input, which is never mutated.
 */
import { BadQueryError } from '../errors.js';
import type { FilterMatch } from '../query/types.js';
import { isPlainObject, type Document } from '../values/bson-type.js';
import { documentEntries, isDocumentLike } from '../values/compare.js';
import type { ProjectionNode, ProjectionTree } from './ast.js';

/** Marks a value a projection removes (an array element or a field). */
const MISSING: unique symbol = Symbol('argon.projection.missing');
type Projected = unknown | typeof MISSING;

const hasOwn = Object.prototype.hasOwnProperty;

function entriesOf(v: object): [string, unknown][] {
  if (isPlainObject(v)) {
    const out: [string, unknown][] = [];
    for (const k of Object.keys(v)) {
      const x = v[k];
      if (x !== undefined) out.push([k, x]);
    }
    return out;
  }
  return documentEntries(v);
}

/** A compiled plan: the tree plus flags computed once. */
export interface ExecutionPlan {
  readonly root: ProjectionTree;
  /** Interior nodes whose subtree holds computed fields (expressions, $elemMatch). */
  readonly computed: ReadonlySet<ProjectionTree>;
  /** Find `$slice` operations in projection order: full path and arguments. */
  readonly slices: ReadonlyArray<{ parts: string[]; skip: number | undefined; limit: number }>;
  /** Path of the positional `$` projection, if any. */
  readonly positional: string[] | undefined;
}

/** Precomputes what the executors need from a tree. */
export function planOf(root: ProjectionTree): ExecutionPlan {
  const computed = new Set<ProjectionTree>();
  const slices: { parts: string[]; skip: number | undefined; limit: number }[] = [];
  let positional: string[] | undefined;
  const visit = (tree: ProjectionTree, prefix: string[]): boolean => {
    let has = false;
    for (const [name, node] of tree.children) {
      const path = [...prefix, name];
      if (node.kind === 'tree') has = visit(node, path) || has;
      else if (node.kind === 'expr' || node.kind === 'elemMatch') has = true;
      else if (node.kind === 'slice') slices.push({ parts: path, skip: node.skip, limit: node.limit });
      else if (node.kind === 'positional') positional = path;
    }
    if (has) computed.add(tree);
    return has;
  };
  visit(root, []);
  return { root, computed, slices, positional };
}

// ------------------------------------------------------------------ inclusion

/** Applies an inclusion projection. */
export function applyInclusion(plan: ExecutionPlan, doc: Document, match: FilterMatch | undefined): Document {
  let out = includeDocument(plan, plan.root, doc, doc);
  out = applyPostOperations(plan, out, match);
  return out;
}

function includeDocument(plan: ExecutionPlan, tree: ProjectionTree, input: object, root: Document): Document {
  const out: Document = {};
  for (const [k, v] of entriesOf(input)) {
    const child = tree.children.get(k);
    if (child === undefined) continue;
    switch (child.kind) {
      case 'include':
      case 'slice':
      case 'positional':
        out[k] = v;
        break;
      case 'tree': {
        const r = includeValue(plan, child, v, root);
        if (r !== MISSING) out[k] = r;
        break;
      }
      default:
        // Excluded _id, or computed fields (added below).
        break;
    }
  }
  if (plan.computed.has(tree)) addComputed(plan, tree, out, root);
  return out;
}

function includeValue(plan: ExecutionPlan, tree: ProjectionTree, v: unknown, root: Document): Projected {
  if (Array.isArray(v)) {
    const out: unknown[] = [];
    for (const e of v) {
      const r = includeValue(plan, tree, e, root);
      if (r !== MISSING) out.push(r);
    }
    return out;
  }
  if (isDocumentLike(v)) return includeDocument(plan, tree, v, root);
  // A scalar where the projection expects a document: dropped, unless computed
  // fields replace it with a new document ({'a.b': {$literal: 1}} on {a: 1} → {a: {b: 1}}).
  if (plan.computed.has(tree)) return computedDocument(plan, tree, root);
  return MISSING;
}

function computedDocument(plan: ExecutionPlan, tree: ProjectionTree, root: Document): Document {
  const out: Document = {};
  addComputed(plan, tree, out, root);
  return out;
}

// Adds computed fields in projection order after the included ones.
function addComputed(plan: ExecutionPlan, tree: ProjectionTree, out: Document, root: Document): void {
  for (const [k, child] of tree.children) {
    const r = computedValue(plan, child, root);
    if (r === undefined) continue;
    if (r === MISSING) {
      if (child.kind === 'tree' && !hasOwn.call(out, k)) out[k] = computedDocument(plan, child, root);
      continue;
    }
    out[k] = r;
  }
}

// The value of a computed leaf; MISSING for interior nodes; undefined for other leaves or no value.
function computedValue(plan: ExecutionPlan, node: ProjectionNode, root: Document): Projected {
  switch (node.kind) {
    case 'expr':
      return node.evaluate(root);
    case 'elemMatch': {
      const r = elemMatchValue(node.filter.match(root), root, node.filter.filter);
      return r === MISSING ? undefined : r;
    }
    case 'tree':
      return plan.computed.has(node) ? MISSING : undefined;
    default:
      return undefined;
  }
}

function elemMatchValue(m: FilterMatch, root: Document, filter: Document): Projected {
  if (!m.matched || m.arrayIndex === undefined) return MISSING;
  const field = Object.keys(filter)[0]!;
  const arr = root[field];
  if (!Array.isArray(arr) || m.arrayIndex >= arr.length) return MISSING;
  return [arr[m.arrayIndex]];
}

// ------------------------------------------------------------------ exclusion

/** Applies an exclusion projection. */
export function applyExclusion(plan: ExecutionPlan, doc: Document, match: FilterMatch | undefined): Document {
  const out = excludeDocument(plan.root, doc);
  // $elemMatch in an exclusion projection replaces (or removes) its field in place.
  for (const [k, child] of plan.root.children) {
    if (child.kind !== 'elemMatch') continue;
    const r = elemMatchValue(child.filter.match(doc), doc, child.filter.filter);
    if (r === MISSING) delete out[k];
    else out[k] = r;
  }
  return applyPostOperations(plan, out, match);
}

function excludeDocument(tree: ProjectionTree, input: object): Document {
  const out: Document = {};
  for (const [k, v] of entriesOf(input)) {
    const child = tree.children.get(k);
    if (child === undefined) out[k] = v;
    else if (child.kind === 'tree') out[k] = excludeValue(child, v);
    else if (child.kind !== 'exclude') out[k] = v;
  }
  return out;
}

function excludeValue(tree: ProjectionTree, v: unknown): unknown {
  if (Array.isArray(v)) return v.map((e) => excludeValue(tree, e));
  if (isDocumentLike(v)) return excludeDocument(tree, v);
  return v;
}

// ------------------------------------------------------------------ $slice and positional $

function applyPostOperations(plan: ExecutionPlan, doc: Document, match: FilterMatch | undefined): Document {
  let out = doc;
  for (const s of plan.slices) out = sliceAt(out, s.parts, 0, s.skip, s.limit);
  if (plan.positional) out = applyPositional(out, plan.positional, match);
  return out;
}

/** Returns a copy of `doc` with `key` set, keeping the field order (copy-on-write). */
function withField(doc: Document, key: string, value: unknown): Document {
  const out: Document = {};
  for (const k of Object.keys(doc)) out[k] = doc[k];
  out[key] = value;
  return out;
}

function sliceAt(doc: Document, parts: readonly string[], i: number, skip: number | undefined, limit: number): Document {
  const key = parts[i]!;
  if (!hasOwn.call(doc, key)) return doc;
  const v = doc[key];
  const last = i + 1 === parts.length;
  let next: unknown = v;
  if (Array.isArray(v)) {
    next = last
      ? sliceArray(v, skip, limit)
      : v.map((e: unknown) => (isPlainObject(e) ? sliceAt(e, parts, i + 1, skip, limit) : e));
  } else if (isPlainObject(v) && !last) {
    next = sliceAt(v, parts, i + 1, skip, limit);
  }
  return next === v ? doc : withField(doc, key, next);
}

/** Find's `$slice`: `limit` elements after `skip` (from the end when negative). */
export function sliceArray(arr: readonly unknown[], skip: number | undefined, limit: number): unknown[] {
  const len = arr.length;
  let start = 0;
  let count: number;
  if (skip === undefined) {
    if (limit < 0) {
      start = Math.max(0, len + limit);
      count = len - start;
    } else {
      count = Math.min(len, limit);
    }
  } else {
    start = skip < 0 ? Math.max(0, len + skip) : Math.min(len, skip);
    count = Math.min(len - start, limit);
  }
  return arr.slice(start, start + count);
}

// Replaces the first array on `parts` by the one-element array the query matched.
function applyPositional(doc: Document, parts: readonly string[], match: FilterMatch | undefined): Document {
  // The documents on the way down, rebuilt copy-on-write once the array is found.
  const chain: Document[] = [];
  let cur: Document = doc;
  for (let i = 0; i < parts.length; i++) {
    chain.push(cur);
    const v = cur[parts[i]!];
    if (Array.isArray(v)) {
      const idx = match?.arrayIndex;
      if (idx === undefined) {
        throw new BadQueryError(51246, "positional operator '.$' couldn't find a matching element in the array");
      }
      if (idx >= v.length) throw new BadQueryError(51247, "positional operator '.$' element mismatch");
      let value: unknown = [v[idx]];
      for (let j = i; j >= 0; j--) value = withField(chain[j]!, parts[j]!, value);
      return value as Document;
    }
    if (!isPlainObject(v)) return doc;
    cur = v;
  }
  return doc;
}
