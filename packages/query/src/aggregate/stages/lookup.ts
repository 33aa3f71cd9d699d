/**
 * `$lookup`: joins documents of another collection of the same branch and
 * point in time (read through `PipelineContext.lookup`).
 *
 * - Equality form (`localField`/`foreignField`): a local array matches any of
 *   its elements; a null or missing local value matches foreign documents
 *   whose field is null or missing; foreign arrays match by element, as a
 *   query would. Values compare with MongoDB equality (1 matches 1.0).
 * - Pipeline form (`let`/`pipeline`): the sub-pipeline runs over the foreign
 *   collection for each input document, with the `let` variables bound.
 * - Both together: the equality match first, then the pipeline.
 */
import { BadQueryError } from '../../errors.js';
import { compileEvaluator } from '../../expression/index.js';
import type { Evaluator } from '../../expression/index.js';
import { typeName } from '../../expression/failures.js';
import { splitFieldPath, validateVariableName } from '../../expression/field-path.js';
import { collectPathValues } from '../../query/index.js';
import { CollationKeys, isPlainObject } from '../../values/index.js';
import type { Document } from '../../values/index.js';
import { setPath } from '../document-path.js';
import { scopeFor } from '../types.js';
import type { CompiledPipeline, Runtime, StageParser } from '../types.js';

/** Reads a foreign collection through the runtime, or explains why it cannot. */
export function foreignDocuments(rt: Runtime, collection: string, stage: string): Document[] {
  if (!rt.lookup) {
    throw new BadQueryError(20, `${stage} needs to read collection '${collection}', but this pipeline was run without access to other collections`);
  }
  return Array.from(rt.lookup(collection));
}

/** The equality keys of a document at a path: each value (and whole arrays), or null when none. */
function foreignKeys(doc: Document, path: string, eq: CollationKeys): Set<string> {
  const values = collectPathValues(doc, path, { includeArrays: true });
  const keys = new Set<string>();
  for (const v of values) keys.add(eq.key(v));
  if (values.length === 0) keys.add(eq.key(null));
  return keys;
}

function localKeys(doc: Document, path: string, eq: CollationKeys): string[] {
  const values = collectPathValues(doc, path);
  if (values.length === 0) return [eq.key(null)];
  return values.map((v) => eq.key(v === undefined ? null : v));
}

/** Indexes foreign documents by equality key, remembering each document's position. */
function buildIndex(foreign: readonly Document[], path: string, eq: CollationKeys): Map<string, number[]> {
  const index = new Map<string, number[]>();
  foreign.forEach((doc, i) => {
    for (const k of foreignKeys(doc, path, eq)) {
      const list = index.get(k);
      if (list) list.push(i);
      else index.set(k, [i]);
    }
  });
  return index;
}

function requireString(spec: Document, field: string): string | undefined {
  const v = spec[field];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw new BadQueryError(40321, `$lookup argument '${field}' must be a string, found ${typeName(v)}`);
  return v;
}

/** Parses `$lookup`. */
export const lookupStage: StageParser = (spec, ctx) => {
  if (!isPlainObject(spec)) throw new BadQueryError(40319, `the $lookup stage specification must be an object, but found ${typeName(spec)}`);
  for (const k of Object.keys(spec)) {
    if (!['from', 'localField', 'foreignField', 'as', 'let', 'pipeline'].includes(k)) {
      throw new BadQueryError(9, `unknown argument to $lookup: ${k}`);
    }
  }
  const from = spec.from;
  if (isPlainObject(from)) throw new BadQueryError(20, '$lookup from another database is not supported by Argon; use a collection of the same database');
  const fromName = requireString(spec, 'from');
  const as = requireString(spec, 'as');
  const localField = requireString(spec, 'localField');
  const foreignField = requireString(spec, 'foreignField');
  if (as === undefined) throw new BadQueryError(9, "must specify 'as' field for a $lookup");
  const asPath = splitFieldPath(as, as);
  if ((localField === undefined) !== (foreignField === undefined)) {
    throw new BadQueryError(9, "$lookup requires both or neither of 'localField' and 'foreignField' to be specified");
  }
  if (spec.pipeline === undefined && localField === undefined) {
    throw new BadQueryError(9, "$lookup requires either 'pipeline' or both 'localField' and 'foreignField' to be specified");
  }
  if (spec.let !== undefined && spec.pipeline === undefined) {
    throw new BadQueryError(9, "$lookup with 'let' requires 'pipeline' to be specified");
  }
  let sub: CompiledPipeline | undefined;
  const lets: [string, Evaluator][] = [];
  if (spec.pipeline !== undefined) {
    if (!Array.isArray(spec.pipeline)) throw new BadQueryError(14, `'pipeline' option must be specified as an array`);
    sub = ctx.compileSubPipeline(spec.pipeline, { inSubPipeline: true });
    if (spec.let !== undefined) {
      if (!isPlainObject(spec.let)) throw new BadQueryError(9, `$lookup argument 'let' must be an object, found ${typeName(spec.let)}`);
      for (const [name, e] of Object.entries(spec.let)) {
        validateVariableName(name);
        lets.push([name, compileEvaluator(e)]);
      }
    }
  }
  const startsWithDocuments = Array.isArray(spec.pipeline) && isPlainObject(spec.pipeline[0]) && '$documents' in spec.pipeline[0];
  if (fromName === undefined && !startsWithDocuments) throw new BadQueryError(9, "must specify 'from' field for a $lookup");
  return function* (input, rt) {
    const foreign = fromName === undefined ? [] : foreignDocuments(rt, fromName, '$lookup');
    // Equality keys under the pipeline's collation, shared by both sides of the join.
    const eq = new CollationKeys(ctx.collator);
    const index = localField !== undefined ? buildIndex(foreign, foreignField!, eq) : undefined;
    for (const doc of input) {
      let matches: Document[];
      if (index) {
        const positions = new Set<number>();
        for (const k of localKeys(doc, localField!, eq)) for (const i of index.get(k) ?? []) positions.add(i);
        matches = [...positions].sort((a, b) => a - b).map((i) => foreign[i]!);
      } else {
        matches = foreign;
      }
      if (sub) {
        let runtime = rt;
        if (lets.length > 0) {
          const scope = scopeFor(doc, rt);
          const vars: Record<string, unknown> = { ...rt.vars };
          for (const [name, e] of lets) vars[name] = e(scope);
          runtime = { ...rt, vars };
        }
        matches = Array.from(sub(matches, runtime));
      }
      yield setPath(doc, asPath, matches);
    }
  };
};
