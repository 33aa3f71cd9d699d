/** `$documents: [...]`: literal input documents (for collection-less aggregation and `$lookup`). */
import { BadQueryError, ExpressionError } from '../../errors.js';
import { compileEvaluator } from '../../expression/index.js';
import { typeName } from '../../expression/failures.js';
import { isPlainObject } from '../../values/index.js';
import type { Document } from '../../values/index.js';
import type { StageParser } from '../types.js';

/** Parses `$documents`. */
export const documentsStage: StageParser = (spec, ctx) => {
  if (ctx.position.index !== 0) throw new BadQueryError(40602, '$documents is only valid as the first stage in a pipeline');
  const ev = compileEvaluator(spec);
  return function* (_input, rt) {
    const v = ev({ root: {}, current: {}, vars: rt.vars, now: rt.now });
    if (!Array.isArray(v)) throw new ExpressionError(5858203, `error during $documents evaluation: an array is expected, found ${typeName(v)}`);
    for (const d of v) {
      if (!isPlainObject(d)) throw new ExpressionError(5858202, `error during $documents evaluation: an array of documents is expected, found ${typeName(d)}`);
      yield d as Document;
    }
  };
};
