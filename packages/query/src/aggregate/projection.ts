/**
 * The projection tree behind `$project`, `$addFields`/`$set` and `$unset`.
 *
 * `$project` is either an inclusion (listed fields, `_id` unless excluded,
 * plus computed fields) or an exclusion (everything but the listed fields).
 * `$addFields` keeps every field and sets computed ones: an existing field
 * is replaced in place, a new one is appended. Dotted paths and nested specs
 * are equivalent; walking into an array applies the sub-projection to each
 * element, as on the server.
 */
import { BadQueryError } from '../errors.js';
import { compileEvaluator } from '../expression/index.js';
import type { Collator } from '../values/index.js';
import type { Evaluator, Scope } from '../expression/index.js';
import { setOwn } from '../expression/field-path.js';
import { decodeNumber, isPlainObject } from '../values/index.js';
import type { Document } from '../values/index.js';
import { isZero } from '../expression/number-ops.js';

/** One entry of a projection level. */
type Entry =
  | { readonly kind: 'include' }
  | { readonly kind: 'exclude' }
  | { readonly kind: 'expr'; readonly ev: Evaluator }
  | { readonly kind: 'node'; readonly node: ProjectionNode; hasExpressions: boolean };

/** A level of the projection tree; entries keep spec order. */
export interface ProjectionNode {
  readonly entries: Map<string, Entry>;
}

/** The policies of the stage being applied. */
export type ProjectionMode = 'inclusion' | 'exclusion' | 'addFields';

/** A parsed projection ready to apply. */
export interface Projection {
  readonly mode: ProjectionMode;
  readonly root: ProjectionNode;
}

function newNode(): ProjectionNode {
  return { entries: new Map() };
}

function splitPath(path: string, stage: string): string[] {
  if (path === '') throw new BadQueryError(40352, `Invalid ${stage} :: caused by :: FieldPath cannot be constructed with empty string`);
  const parts = path.split('.');
  for (const p of parts) {
    if (p === '') throw new BadQueryError(15998, `Invalid ${stage} :: caused by :: FieldPath field names may not be empty strings.`);
    if (p.startsWith('$')) {
      throw new BadQueryError(16410, `Invalid ${stage} :: caused by :: FieldPath field names may not start with '$'. Consider using $getField or $setField.`);
    }
  }
  return parts;
}

function insert(root: ProjectionNode, parts: readonly string[], entry: Entry, stage: string): void {
  let node = root;
  for (let i = 0; i < parts.length - 1; i++) {
    const p = parts[i]!;
    const existing = node.entries.get(p);
    if (existing === undefined) {
      const child = newNode();
      node.entries.set(p, { kind: 'node', node: child, hasExpressions: false });
      node = child;
    } else if (existing.kind === 'node') {
      node = existing.node;
    } else {
      throw new BadQueryError(
        31250,
        `Invalid ${stage} :: caused by :: Path collision at ${parts.join('.')} remaining portion ${parts.slice(i + 1).join('.')}`,
      );
    }
  }
  const last = parts[parts.length - 1]!;
  if (node.entries.has(last)) {
    throw new BadQueryError(31250, `Invalid ${stage} :: caused by :: Path collision at ${parts.join('.')}`);
  }
  node.entries.set(last, entry);
}

function isExpressionObject(v: Document): boolean {
  const first = Object.keys(v)[0];
  return first !== undefined && first.startsWith('$');
}

/** Parses a `$project` specification. */
export function parseProjectStage(spec: unknown, stage = '$project', collator?: Collator): Projection {
  if (!isPlainObject(spec)) throw new BadQueryError(15969, `${stage} specification must be an object`);
  const root = newNode();
  let mode: 'inclusion' | 'exclusion' | undefined;
  let idEntry: Entry | undefined;
  let count = 0;
  const decide = (m: 'inclusion' | 'exclusion', path: string): void => {
    if (mode === undefined) mode = m;
    else if (mode !== m) {
      if (m === 'exclusion') throw new BadQueryError(31254, `Invalid ${stage} :: caused by :: Cannot do exclusion on field ${path} in inclusion projection`);
      throw new BadQueryError(31253, `Invalid ${stage} :: caused by :: Cannot do inclusion on field ${path} in exclusion projection`);
    }
  };
  const walk = (obj: Document, prefix: string[]): void => {
    for (const [key, v] of Object.entries(obj)) {
      if (v === undefined) continue;
      const parts = [...prefix, ...splitPath(key, stage)];
      const path = parts.join('.');
      const isId = parts.length === 1 && parts[0] === '_id';
      let entry: Entry;
      if (typeof v === 'boolean' || decodeNumber(v) !== undefined) {
        const n = decodeNumber(v);
        const include = typeof v === 'boolean' ? v : !isZero(n!);
        entry = include ? { kind: 'include' } : { kind: 'exclude' };
        if (!isId) decide(include ? 'inclusion' : 'exclusion', path);
      } else if (isPlainObject(v) && !isExpressionObject(v)) {
        if (Object.keys(v).length === 0) {
          throw new BadQueryError(51270, `Invalid ${stage} :: caused by :: An empty sub-projection is not a valid value. Found empty object at path ${path}`);
        }
        walk(v, parts);
        continue;
      } else {
        if (mode === 'exclusion') {
          throw new BadQueryError(31310, `Invalid ${stage} :: caused by :: Cannot use expression other than $meta in exclusion projection`);
        }
        entry = { kind: 'expr', ev: compileEvaluator(v, collator) };
        if (!isId) decide('inclusion', path);
      }
      count++;
      if (isId) idEntry = entry;
      insert(root, parts, entry, stage);
    }
  };
  walk(spec, []);
  if (count === 0) {
    throw new BadQueryError(51272, `Invalid ${stage} :: caused by :: projection specification must have at least one field`);
  }
  if (mode === undefined) {
    // Only `_id` was specified: `{_id: 0}` is an exclusion, anything else an inclusion.
    mode = idEntry?.kind === 'exclude' ? 'exclusion' : 'inclusion';
  }
  if (mode === 'exclusion' && idEntry?.kind === 'expr') {
    throw new BadQueryError(31310, `Invalid ${stage} :: caused by :: Cannot use expression other than $meta in exclusion projection`);
  }
  if (mode === 'inclusion' && idEntry === undefined) {
    // `_id` is included unless explicitly excluded.
    const entries = new Map<string, Entry>([['_id', { kind: 'include' }], ...root.entries]);
    const withId = { entries };
    markExpressions(withId);
    return { mode, root: withId };
  }
  markExpressions(root);
  return { mode, root };
}

/** Parses an `$addFields` / `$set` specification (every value is an expression). */
export function parseAddFieldsStage(spec: unknown, stage: string, collator?: Collator): Projection {
  if (!isPlainObject(spec)) throw new BadQueryError(40272, `${stage} specification stage must be an object, got ${typeof spec}`);
  const root = newNode();
  const walk = (obj: Document, prefix: string[]): void => {
    for (const [key, v] of Object.entries(obj)) {
      if (v === undefined) continue;
      const parts = [...prefix, ...splitPath(key, stage)];
      if (isPlainObject(v) && !isExpressionObject(v) && Object.keys(v).length > 0) {
        walk(v, parts);
        continue;
      }
      insert(root, parts, { kind: 'expr', ev: compileEvaluator(v, collator) }, stage);
    }
  };
  walk(spec, []);
  markExpressions(root);
  return { mode: 'addFields', root };
}

/** Parses an `$unset` specification (a field path or an array of them). */
export function parseUnsetStage(spec: unknown): Projection {
  const paths = typeof spec === 'string' ? [spec] : spec;
  if (!Array.isArray(paths)) throw new BadQueryError(31002, '$unset specification must be a string or an array');
  if (paths.length === 0) throw new BadQueryError(31119, '$unset specification must be a string or an array with at least one field');
  const root = newNode();
  for (const p of paths) {
    if (typeof p !== 'string') {
      throw new BadQueryError(31120, '$unset specification must be a string or an array containing only string values');
    }
    insert(root, splitPath(p, '$unset'), { kind: 'exclude' }, '$unset');
  }
  return { mode: 'exclusion', root };
}

/** Marks the sub-trees that hold computed fields, so the second pass can skip the others. */
function markExpressions(node: ProjectionNode): boolean {
  let any = false;
  for (const e of node.entries.values()) {
    if (e.kind === 'expr') any = true;
    else if (e.kind === 'node') {
      e.hasExpressions = markExpressions(e.node);
      any ||= e.hasExpressions;
    }
  }
  return any;
}

/** First pass: keep, drop or recurse into the existing fields of a value. */
function projectExisting(doc: Document, node: ProjectionNode, mode: ProjectionMode): Document {
  const out: Document = {};
  for (const key of Object.keys(doc)) {
    const v = doc[key];
    if (v === undefined) continue;
    const e = node.entries.get(key);
    if (e === undefined) {
      if (mode !== 'inclusion') setOwn(out, key, v);
      continue;
    }
    switch (e.kind) {
      case 'include':
        setOwn(out, key, v);
        break;
      case 'exclude':
        break;
      case 'expr':
        // Computed fields are written by the second pass; $addFields keeps the position.
        if (mode === 'addFields') setOwn(out, key, v);
        break;
      case 'node': {
        const r = projectExistingValue(v, e.node, mode);
        if (r !== undefined) setOwn(out, key, r);
        break;
      }
    }
  }
  return out;
}

function projectExistingValue(v: unknown, node: ProjectionNode, mode: ProjectionMode): unknown {
  if (isPlainObject(v)) return projectExisting(v, node, mode);
  if (Array.isArray(v)) {
    const out: unknown[] = [];
    for (const x of v) {
      const r = projectExistingValue(x, node, mode);
      if (r !== undefined) out.push(r);
    }
    return out;
  }
  // Scalars under a nested inclusion disappear; other modes keep them.
  return mode === 'inclusion' ? undefined : v;
}

/**
 * Second pass: evaluate computed fields into the projected value. `doc` is
 * always a fresh object built by the first pass (or by this one), so it is
 * written in place.
 */
function applyExpressions(doc: Document, node: ProjectionNode, scope: Scope): Document {
  for (const [key, e] of node.entries) {
    if (e.kind === 'expr') {
      const v = e.ev(scope);
      if (v !== undefined) setOwn(doc, key, v);
      else if (Object.prototype.hasOwnProperty.call(doc, key)) delete doc[key];
    } else if (e.kind === 'node' && e.hasExpressions) {
      const r = applyExpressionsToValue(doc[key], e.node, scope);
      if (r !== undefined) setOwn(doc, key, r);
      else if (Object.prototype.hasOwnProperty.call(doc, key)) delete doc[key];
    }
  }
  return doc;
}

function applyExpressionsToValue(v: unknown, node: ProjectionNode, scope: Scope): unknown {
  if (isPlainObject(v)) return applyExpressions(v, node, scope);
  if (Array.isArray(v)) return v.map((x) => applyExpressionsToValue(x, node, scope));
  // A non-document is replaced by a document holding the computed fields.
  return applyExpressions({}, node, scope);
}

/** Applies a parsed projection to one document. */
export function applyProjection(p: Projection, doc: Document, scope: Scope): Document {
  const base = projectExisting(doc, p.root, p.mode);
  return p.mode === 'exclusion' ? base : applyExpressions(base, p.root, scope);
}
