/**
 * Parsing a find projection into a `ProjectionTree` and deciding whether it is
 * an inclusion or an exclusion, with MongoDB's rules and error codes.
 */
import { BadQueryError, QueryError } from '../errors.js';
import { compileExpression } from '../expression/index.js';
import { parseFieldPath } from '../path/field-path.js';
import { compileFilter } from '../query/compile-filter.js';
import { formatElement } from '../query/format.js';
import { isPlainObject, type Document } from '../values/bson-type.js';
import { decodeNumber, toDouble } from '../values/numeric.js';
import { addNodeAtPath, newTree, treeAtPath, type ProjectionTree } from './ast.js';

/** Whether a projection keeps only named fields or drops named fields. */
export type ProjectionType = 'inclusion' | 'exclusion';

/** The outcome of parsing a non-empty projection. */
export interface ParsedProjection {
  readonly type: ProjectionType;
  readonly root: ProjectionTree;
}

interface ParseState {
  readonly root: ProjectionTree;
  type: ProjectionType | undefined;
  idSpecified: boolean;
  idIncluded: boolean;
  idExcluded: boolean;
  hasPositional: boolean;
  hasElemMatch: boolean;
  hasFindSlice: boolean;
}

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

/** A number converted as BSON's numberInt() does: truncated and clamped to int32. */
function numberInt(v: unknown): number {
  const d = toDouble(v);
  if (Number.isNaN(d)) return 0;
  return Math.min(INT32_MAX, Math.max(INT32_MIN, Math.trunc(d)));
}

/** BSON truthiness of a number or boolean projection value. */
function isTrue(v: unknown): boolean {
  if (typeof v === 'boolean') return v;
  const n = decodeNumber(v)!;
  if (n.kind === 'decimal') return n.value.special !== 'none' || n.value.coeff !== 0n;
  if (n.kind === 'long') return n.value !== 0n;
  return n.value !== 0;
}

/** Locates the first positional `$` in a projection key: `[begin, end)` of the `.$` part. */
function findPositional(key: string): [number, number] | undefined {
  const mid = key.indexOf('.$.');
  if (mid >= 0) return [mid, mid + 3];
  if (key.endsWith('.$')) return [key.length - 2, key.length];
  if (key === '$') return [0, key.length];
  return undefined;
}

/** Parses a non-empty projection document. */
export function parseProjection(spec: Document): ParsedProjection {
  const state: ParseState = {
    root: newTree(),
    type: undefined,
    idSpecified: false,
    idIncluded: false,
    idExcluded: false,
    hasPositional: false,
    hasElemMatch: false,
    hasFindSlice: false,
  };
  for (const key of Object.keys(spec)) {
    const value = spec[key];
    if (value === undefined) continue;
    state.idSpecified ||= key === '_id' || key.startsWith('_id.');
    parseElement(state, key, value, state.root, undefined);
  }
  const type = state.type ?? defaultType(state);
  if (!state.idSpecified && type === 'inclusion') state.root.children.set('_id', { kind: 'include' });
  // {_id: 1} is legal in an exclusion projection and changes nothing.
  if (type === 'exclusion' && state.idIncluded) state.root.children.delete('_id');
  return { type, root: state.root };
}

// find()'s compatibility rules when no field settled the type.
function defaultType(state: ParseState): ProjectionType {
  if (state.hasFindSlice) return state.idIncluded ? 'inclusion' : 'exclusion';
  if (state.hasElemMatch) return 'inclusion';
  if (state.idIncluded) return 'inclusion';
  return 'exclusion';
}

function parseElement(
  state: ParseState,
  key: string,
  value: unknown,
  parent: ProjectionTree,
  parentPath: readonly string[] | undefined,
): void {
  const positional = findPositional(key);
  if (isPlainObject(value)) {
    if (positional) throw new BadQueryError(31271, 'positional projection cannot be used with an expression or sub object');
    parseSubObject(state, key, value, parent, parentPath);
  } else if (typeof value === 'boolean' || decodeNumber(value)) {
    if (isTrue(value)) parseInclusion(state, key, parent, positional);
    else parseExclusion(state, key, parent);
  } else {
    if (positional) throw new BadQueryError(31308, 'positional projection cannot be used with a literal');
    parseLiteral(state, key, value, parent);
  }
}

function parseInclusion(state: ParseState, key: string, parent: ProjectionTree, positional: [number, number] | undefined): void {
  const isTopLevelId = key === '_id' && parent === state.root;
  if (!positional) {
    addNodeAtPath(parent, parseFieldPath(key), { kind: 'include' });
    if (isTopLevelId) state.idIncluded = true;
  } else {
    if (state.hasPositional) throw new BadQueryError(31276, 'Cannot specify more than one positional projection per query.');
    if (state.hasElemMatch) throw new BadQueryError(31256, 'Cannot specify positional operator and $elemMatch.');
    if (key.endsWith('.$.')) throw new BadQueryError(31270, "Path cannot end with '.$.'");
    const [begin, end] = positional;
    const rest = key.slice(end);
    if (rest === '$' || findPositional(rest)) throw new BadQueryError(31287, `Cannot use positional operator twice: ${key}`);
    addNodeAtPath(parent, parseFieldPath(key.slice(0, begin)), { kind: 'positional' });
    state.hasPositional = true;
  }
  if (!isTopLevelId) {
    if (state.type === 'exclusion') {
      throw new BadQueryError(31253, `Cannot do inclusion on field ${key} in exclusion projection`);
    }
    state.type = 'inclusion';
  }
}

function parseExclusion(state: ParseState, key: string, parent: ProjectionTree): void {
  addNodeAtPath(parent, parseFieldPath(key), { kind: 'exclude' });
  if (key === '_id' && parent === state.root) {
    state.idExcluded = true;
    return;
  }
  if (state.type === 'inclusion') {
    throw new BadQueryError(31254, `Cannot do exclusion on field ${key} in inclusion projection`);
  }
  state.type = 'exclusion';
}

function parseLiteral(state: ParseState, key: string, value: unknown, parent: ProjectionTree): void {
  const parts = parseFieldPath(key);
  const evaluate = compileExpression(value);
  addNodeAtPath(parent, parts, { kind: 'expr', evaluate: (root) => evaluate(root) });
  if (state.type === 'exclusion') {
    throw new BadQueryError(31310, `Cannot use an expression ${formatElement(key, value)} in an exclusion projection`);
  }
  state.type = 'inclusion';
}

function parseSubObject(
  state: ParseState,
  key: string,
  obj: Document,
  parent: ProjectionTree,
  parentPath: readonly string[] | undefined,
): void {
  const keys = Object.keys(obj).filter((k) => obj[k] !== undefined);
  const first = keys[0];
  if (keys.length === 1 && first !== undefined && first.startsWith('$')) {
    if (parseOperator(state, key, first, obj, parent)) return;
    throw new BadQueryError(31325, `Unknown expression ${first}`);
  }
  const parts = parseFieldPath(key);
  const fullPath = [...(parentPath ?? []), ...parts];
  if (keys.length === 0) {
    throw new BadQueryError(51270, `An empty sub-projection is not a valid value. Found empty object at path ${fullPath.join('.')}`);
  }
  const tree = treeAtPath(parent, parts);
  for (const k of keys) parseElement(state, k, obj[k], tree, fullPath);
}

// Handles {key: {$op: ...}}; returns false when $op names no expression.
function parseOperator(state: ParseState, key: string, op: string, obj: Document, parent: ProjectionTree): boolean {
  const operand = obj[op];
  const parts = parseFieldPath(key);
  if (op === '$slice') {
    let findError: unknown;
    try {
      const [skip, limit] = parseFindSlice(operand);
      addNodeAtPath(parent, parts, { kind: 'slice', skip, limit });
      state.hasFindSlice = true;
      return true;
    } catch (e) {
      if (!(e instanceof BadQueryError) || e.code === 31249 || e.code === 31250) throw e;
      findError = e;
    }
    // Not find's syntax: maybe the aggregation $slice expression ({$slice: ['$arr', 2]}).
    try {
      addExpression(state, parts, obj, parent);
      return true;
    } catch {
      throw findError;
    }
  }
  if (op === '$elemMatch') {
    if (!isPlainObject(operand)) {
      throw new BadQueryError(31274, `elemMatch: Invalid argument, object required, but got ${formatElement('$elemMatch', operand)}`);
    }
    if (state.hasPositional) throw new BadQueryError(31255, 'Cannot specify positional operator and $elemMatch.');
    if (parts.length !== 1 || parent !== state.root) {
      throw new BadQueryError(31275, 'Cannot use $elemMatch projection on a nested field.');
    }
    const filter = compileFilter({ [key]: { $elemMatch: operand } });
    addNodeAtPath(parent, parts, { kind: 'elemMatch', filter });
    state.hasElemMatch = true;
    return true;
  }
  if (op === '$meta') {
    throw new BadQueryError(2, `$meta projection of ${formatElement('$meta', operand)} on field '${key}' is not supported by Argon (no text or search scores)`);
  }
  try {
    addExpression(state, parts, obj, parent);
  } catch (e) {
    // Code 168 (unrecognized expression) means this is not an expression at all.
    if (e instanceof QueryError && e.code === 168) return false;
    throw e;
  }
  return true;
}

function addExpression(state: ParseState, parts: readonly string[], obj: Document, parent: ProjectionTree): void {
  if (state.type === 'exclusion') {
    throw new BadQueryError(31252, 'Cannot use expression other than $meta in exclusion projection');
  }
  const evaluate = compileExpression(obj);
  addNodeAtPath(parent, parts, { kind: 'expr', evaluate: (root) => evaluate(root) });
  state.type = 'inclusion';
}

// find()'s {$slice: n} and {$slice: [skip, limit]}.
function parseFindSlice(operand: unknown): [number | undefined, number] {
  if (decodeNumber(operand)) return [undefined, numberInt(operand)];
  if (!Array.isArray(operand)) throw new BadQueryError(31273, '$slice only supports numbers and [skip, limit] arrays');
  if (operand.length !== 2) throw new BadQueryError(31272, '$slice array argument should be of form [skip, limit]');
  const [skip, limit] = operand as [unknown, unknown];
  if (!decodeNumber(skip)) {
    throw new BadQueryError(31257, `$slice expects the skip argument to be a number, got ${formatElement('0', skip)}`);
  }
  if (!decodeNumber(limit)) {
    throw new BadQueryError(31258, `$slice expects the limit argument to be a number, got ${formatElement('1', limit)}`);
  }
  const n = numberInt(limit);
  if (n <= 0) throw new BadQueryError(31259, `$slice limit must be positive, got ${n}`);
  return [numberInt(skip), n];
}
