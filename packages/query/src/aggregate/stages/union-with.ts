/** `$unionWith`: the input, followed by another collection (optionally through a pipeline). */
import { BadQueryError } from '../../errors.js';
import { typeName } from '../../expression/failures.js';
import { isPlainObject } from '../../values/index.js';
import { foreignDocuments } from './lookup.js';
import type { CompiledPipeline, StageParser } from '../types.js';

/** Parses `$unionWith`. */
export const unionWithStage: StageParser = (spec, ctx) => {
  let coll: string | undefined;
  let sub: CompiledPipeline | undefined;
  if (typeof spec === 'string') {
    coll = spec;
  } else if (isPlainObject(spec)) {
    for (const k of Object.keys(spec)) {
      if (k !== 'coll' && k !== 'pipeline') throw new BadQueryError(40415, `BSON field '$unionWith.${k}' is an unknown field.`);
    }
    if (spec.coll !== undefined) {
      if (typeof spec.coll !== 'string') throw new BadQueryError(14, `BSON field '$unionWith.coll' is the wrong type '${typeName(spec.coll)}', expected type 'string'`);
      coll = spec.coll;
    }
    if (spec.pipeline !== undefined) sub = ctx.compileSubPipeline(spec.pipeline, { inSubPipeline: true });
    if (coll === undefined && sub === undefined) throw new BadQueryError(40414, "BSON field '$unionWith.coll' is missing but a required field");
  } else {
    throw new BadQueryError(14, `the $unionWith stage specification must be an object or string, but found ${typeName(spec)}`);
  }
  return function* (input, rt) {
    yield* input;
    const docs = coll === undefined ? [] : foreignDocuments(rt, coll, '$unionWith');
    yield* sub ? sub(docs, rt) : docs;
  };
};
