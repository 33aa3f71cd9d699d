/**
 * Validation and normal form of the options a collection or view is created
 * (or modified) with, as stored in the branch catalog.
 */
import { compileCollation, compilePipeline, isPlainObject, valuesEqual } from '@argon/query';
import { ArgonError, ARGON_CODES, MONGO_CODES } from '../../errors.js';
import { checkValidationOptions } from '../../engine/validation.js';
import type { Snapshot } from '../../engine/snapshot.js';
import { typeMismatch } from '../args.js';
import type { Doc } from '../command.js';
import { MAX_VIEW_DEPTH, viewDefinition } from '../views.js';

/** Options a view may be created with. */
const VIEW_OPTIONS: ReadonlySet<string> = new Set(['viewOn', 'pipeline', 'collation']);

/** Stages a view definition may not hold: they write. */
const WRITING_STAGES: ReadonlySet<string> = new Set(['$out', '$merge']);

function invalid(message: string, code: number = MONGO_CODES.InvalidOptions): ArgonError {
  return new ArgonError(message, { code, argonCode: ARGON_CODES.BAD_INPUT });
}

/** Checks a view pipeline: an array of valid stages, none of which writes. */
export function checkViewPipeline(command: string, pipeline: unknown): Doc[] {
  if (!Array.isArray(pipeline)) throw typeMismatch(command, 'pipeline', pipeline, 'array');
  pipeline.forEach((stage: unknown, i) => {
    if (!isPlainObject(stage)) throw typeMismatch(command, `pipeline.${i}`, stage, 'object');
    const name = Object.keys(stage)[0];
    if (name !== undefined && WRITING_STAGES.has(name)) {
      throw invalid(`${name} cannot be used in a view definition`, MONGO_CODES.OptionNotSupportedOnView);
    }
  });
  compilePipeline(pipeline);
  return pipeline as Doc[];
}

/** The full form of a collation option, or undefined for binary (`simple`) comparison. */
export function normalCollation(spec: unknown): Doc | undefined {
  return compileCollation(spec)?.spec as Doc | undefined;
}

/**
 * Validates `create` options and returns them as stored: a view keeps
 * `viewOn`, `pipeline` (default `[]`) and `collation`; a collation is
 * stored in full (and dropped when `simple`); `clusteredIndex` gets its
 * version `v: 2`; capped collections need a `size`.
 */
export function checkCreateOptions(raw: Doc): Doc {
  const options: Doc = { ...raw };
  for (const [k, v] of Object.entries(options)) if (v === undefined) delete options[k];
  if (options.collation !== undefined) {
    const collation = normalCollation(options.collation);
    if (collation) options.collation = collation;
    else delete options.collation;
  }
  if (options.viewOn !== undefined) {
    if (typeof options.viewOn !== 'string') throw typeMismatch('create', 'viewOn', options.viewOn, 'string');
    if (options.viewOn === '') throw invalid(`'viewOn' cannot be empty`, MONGO_CODES.BadValue);
    for (const k of Object.keys(options)) {
      if (!VIEW_OPTIONS.has(k)) throw invalid(`option not supported on a view: ${k}`);
    }
    options.pipeline = checkViewPipeline('create', options.pipeline ?? []);
    return options;
  }
  if (options.pipeline !== undefined) throw invalid(`'pipeline' requires 'viewOn' to also be specified`, MONGO_CODES.BadValue);
  checkValidationOptions(options);
  if (options.clusteredIndex !== undefined) options.clusteredIndex = checkClusteredIndex(options.clusteredIndex);
  if (options.capped === true) {
    if (options.size === undefined) throw invalid(`the 'size' field is required when 'capped' is true`);
  } else if (options.capped !== undefined && options.capped !== false) {
    throw typeMismatch('create', 'capped', options.capped, 'bool');
  }
  return options;
}

function checkClusteredIndex(ci: unknown): Doc {
  if (ci === true) return { key: { _id: 1 }, unique: true, v: 2 };
  if (!isPlainObject(ci)) throw typeMismatch('create', 'clusteredIndex', ci, 'object');
  if (!isPlainObject(ci.key) || !valuesEqual(ci.key, { _id: 1 })) {
    throw invalid(`The clusteredIndex option is only supported for key: {_id: 1}`);
  }
  if (ci.unique !== true) throw invalid(`The clusteredIndex option requires unique: true`);
  const { v: _v, ...rest } = ci;
  return { ...rest, v: 2 };
}

/**
 * Throws when defining `coll` as a view on `viewOn` would close a cycle
 * (code 5 GraphContainsCycle) or nest views deeper than 20 (165).
 */
export function checkViewGraph(snapshot: Snapshot, coll: string, viewOn: string): void {
  const path = [coll];
  let next: string | undefined = viewOn;
  while (next !== undefined) {
    if (next === coll) {
      throw new ArgonError(`View cycle detected: ${[...path, next].join(' => ')}`, { code: MONGO_CODES.GraphContainsCycle, codeName: 'GraphContainsCycle', argonCode: ARGON_CODES.BAD_INPUT });
    }
    path.push(next);
    if (path.length > MAX_VIEW_DEPTH) {
      throw new ArgonError(`View depth too deep or view cycle detected; maximum depth is ${MAX_VIEW_DEPTH}`, { code: MONGO_CODES.ViewDepthLimitExceeded, codeName: 'ViewDepthLimitExceeded', argonCode: ARGON_CODES.BAD_INPUT });
    }
    next = viewDefinition(snapshot.info(next).options)?.viewOn;
  }
}
