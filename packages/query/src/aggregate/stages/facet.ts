/** `$facet`: several sub-pipelines over the same input, collected into one document. */
import { BadQueryError } from '../../errors.js';
import { typeName } from '../../expression/failures.js';
import { setOwn } from '../../expression/field-path.js';
import { isPlainObject } from '../../values/index.js';
import type { Document } from '../../values/index.js';
import type { CompiledPipeline, StageParser } from '../types.js';

/** Stages that may not appear inside a `$facet` sub-pipeline. */
const BANNED_IN_FACET = new Set(['$facet', '$out', '$merge', '$collStats', '$indexStats', '$geoNear', '$changeStream', '$search', '$searchMeta', '$documents']);

/** Parses `$facet`. */
export const facetStage: StageParser = (spec, ctx) => {
  if (!isPlainObject(spec) || Object.keys(spec).length === 0) {
    throw new BadQueryError(40169, 'the $facet specification must be a non-empty object');
  }
  const facets: [string, CompiledPipeline][] = [];
  for (const [name, pipeline] of Object.entries(spec)) {
    if (name === '' || name.startsWith('$') || name.includes('.')) {
      throw new BadQueryError(40174, `$facet output field names must not be empty, start with '$' or contain '.': '${name}'`);
    }
    if (!Array.isArray(pipeline)) throw new BadQueryError(40170, `arguments to $facet must be arrays, ${name} is type ${typeName(pipeline)}`);
    for (const stage of pipeline) {
      if (!isPlainObject(stage)) continue;
      const stageName = Object.keys(stage)[0];
      if (stageName !== undefined && BANNED_IN_FACET.has(stageName)) {
        throw new BadQueryError(40600, `${stageName} is not allowed to be used within a $facet stage`);
      }
    }
    facets.push([name, ctx.compileSubPipeline(pipeline, { inFacet: true })]);
  }
  return function* (input, rt) {
    const docs = Array.from(input);
    const out: Document = {};
    for (const [name, p] of facets) setOwn(out, name, Array.from(p(docs, rt)));
    yield out;
  };
};
