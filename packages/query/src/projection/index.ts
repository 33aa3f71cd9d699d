/**
 * Find projections: inclusion, exclusion, computed fields, `$slice`,
 * `$elemMatch` and the positional `$`.
 */
import type { FilterMatch } from '../query/types.js';
import type { Document } from '../values/bson-type.js';
import { BadQueryError } from '../errors.js';
import { isPlainObject } from '../values/bson-type.js';
import { applyExclusion, applyInclusion, planOf } from './execute.js';
import { parseProjection } from './parse-projection.js';

/** A projection parsed once, applied to many documents. */
export interface CompiledProjection {
  /** `'none'` for an empty projection, which returns documents unchanged. */
  readonly kind: 'inclusion' | 'exclusion' | 'none';
  /**
   * Projects one document into a new one (the input is not modified). `match`
   * is the result of matching the query filter against `doc`; the positional
   * `path.$` projection uses its `arrayIndex`.
   */
  apply(doc: Document, match?: FilterMatch): Document;
}

const NONE: CompiledProjection = Object.freeze({ kind: 'none', apply: (doc: Document) => doc });

/**
 * Compiles a find projection. Invalid projections throw `BadQueryError` with
 * MongoDB's codes, e.g. 31254 "Cannot do exclusion on field b in inclusion
 * projection" for `{a: 1, b: 0}`.
 *
 * @example
 * const p = compileProjection({ name: 1, 'tags': { $slice: 2 } });
 * p.apply({ _id: 1, name: 'x', tags: ['a', 'b', 'c'], other: true }); // { _id: 1, name: 'x', tags: ['a', 'b'] }
 */
export function compileProjection(projection: Document | undefined | null): CompiledProjection {
  if (projection === undefined || projection === null) return NONE;
  if (!isPlainObject(projection)) throw new BadQueryError(2, 'projection must be a document');
  if (Object.keys(projection).every((k) => projection[k] === undefined)) return NONE;
  const { type, root } = parseProjection(projection);
  const plan = planOf(root);
  if (type === 'inclusion') return { kind: 'inclusion', apply: (doc, match) => applyInclusion(plan, doc, match) };
  return { kind: 'exclusion', apply: (doc, match) => applyExclusion(plan, doc, match) };
}
