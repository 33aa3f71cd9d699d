/** `$project`, `$addFields` / `$set` and `$unset`, all backed by the projection tree; expressions compare strings under the pipeline's collation. */
import { applyProjection, parseAddFieldsStage, parseProjectStage, parseUnsetStage } from '../projection.js';
import type { Projection } from '../projection.js';
import { scopeFor } from '../types.js';
import type { CompiledStage, StageParser } from '../types.js';

function projecting(p: Projection): CompiledStage {
  return function* (input, rt) {
    for (const doc of input) yield applyProjection(p, doc, scopeFor(doc, rt));
  };
}

/** Parses `$project`. */
export const projectStage: StageParser = (spec, ctx, name) => projecting(parseProjectStage(spec, name, ctx.collator));

/** Parses `$addFields` and its alias `$set`. */
export const addFieldsStage: StageParser = (spec, ctx, name) => projecting(parseAddFieldsStage(spec, name, ctx.collator));

/** Parses `$unset`. */
export const unsetStage: StageParser = (spec) => projecting(parseUnsetStage(spec));
