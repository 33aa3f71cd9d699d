/**
 * Pipeline-style updates: an array of `$set`/`$addFields`, `$unset`,
 * `$project`, `$replaceRoot`/`$replaceWith` stages run over the one document;
 * the stage output replaces it (keeping the original `_id` if the output has
 * none).
 */
import { compilePipeline, makeRuntime } from '../aggregate/index.js';
import { ERROR_CODES, UpdateError } from '../errors.js';
import type { Document } from '../values/bson-type.js';
import { isPlainObject } from '../values/bson-type.js';
import { replaceDocument } from './replacement.js';

/** Stages mongod accepts inside an update pipeline. */
const UPDATE_STAGES = new Set(['$addFields', '$set', '$project', '$unset', '$replaceRoot', '$replaceWith']);

/** A compiled update pipeline: runs over one document, returns the post-image. */
export type UpdatePipeline = (doc: Document, now: Date) => Document;

/**
 * Compiles an update pipeline; throws the aggregation errors, or code 72 for
 * a stage not allowed in updates. `variables` are visible as `$$name`.
 */
export function compileUpdatePipeline(stages: readonly unknown[], variables?: Record<string, unknown>): UpdatePipeline {
  const compiled = compilePipeline(stages);
  for (const stage of stages) {
    const name = isPlainObject(stage) ? Object.keys(stage).find((k) => stage[k] !== undefined) : undefined;
    if (name !== undefined && !UPDATE_STAGES.has(name)) {
      throw new UpdateError(ERROR_CODES.InvalidOptions, `${name} is not allowed to be used within an update`);
    }
  }
  return (doc, now) => {
    let out: Document | undefined;
    for (const d of compiled([doc], makeRuntime(variables ? { now, variables } : { now }))) {
      out = d;
      break;
    }
    return replaceDocument(doc, out ?? {}, { now, fillTimestamps: false });
  };
}
