/** `$replaceRoot: {newRoot: expr}` and `$replaceWith: expr`. */
import { BadQueryError } from '../../errors.js';
import { compileEvaluator } from '../../expression/index.js';
import type { Evaluator } from '../../expression/index.js';
import { formatValue, typeName } from '../../expression/failures.js';
import { isDocLike } from '../../expression/field-path.js';
import { ExpressionError } from '../../errors.js';
import { documentEntries, isPlainObject } from '../../values/index.js';
import type { Document } from '../../values/index.js';
import { scopeFor } from '../types.js';
import type { CompiledStage, StageParser } from '../types.js';

function replacing(ev: Evaluator, what: string): CompiledStage {
  return function* (input, rt) {
    for (const doc of input) {
      const v = ev(scopeFor(doc, rt));
      if (!isDocLike(v)) {
        throw new ExpressionError(
          40228,
          `'${what}' must evaluate to an object, but resulting value was: ${formatValue(v, 1)}. Type of resulting value: '${typeName(v)}'. Input document: ${formatValue(doc)}`,
        );
      }
      yield isPlainObject(v) ? v : (Object.fromEntries(documentEntries(v)) as Document);
    }
  };
}

/** Parses `$replaceRoot`. */
export const replaceRootStage: StageParser = (spec) => {
  if (!isPlainObject(spec)) {
    throw new BadQueryError(40229, `expected an object as specification for $replaceRoot stage, got ${typeName(spec)}`);
  }
  for (const k of Object.keys(spec)) {
    if (k !== 'newRoot') throw new BadQueryError(40415, `BSON field '$replaceRoot.${k}' is an unknown field.`);
  }
  if (spec.newRoot === undefined) throw new BadQueryError(40414, "BSON field '$replaceRoot.newRoot' is missing but a required field");
  return replacing(compileEvaluator(spec.newRoot), 'newRoot');
};

/** Parses `$replaceWith`. */
export const replaceWithStage: StageParser = (spec) => replacing(compileEvaluator(spec), 'replacement document');
