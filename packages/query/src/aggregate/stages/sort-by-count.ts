/** `$sortByCount: expr`: `$group` by the expression with a count, most frequent first. */
import { BadQueryError } from '../../errors.js';
import { compileEvaluator } from '../../expression/index.js';
import { countValue } from '../../expression/number-ops.js';
import { CollationKeys, isPlainObject } from '../../values/index.js';
import { scopeFor } from '../types.js';
import type { StageParser } from '../types.js';

/** Parses `$sortByCount`. */
export const sortByCountStage: StageParser = (spec, ctx) => {
  const isPath = typeof spec === 'string' && spec.startsWith('$');
  const isOperator = isPlainObject(spec) && Object.keys(spec).length === 1 && Object.keys(spec)[0]!.startsWith('$');
  if (!isPath && !isOperator) {
    throw new BadQueryError(40148, 'the sortByCount field must be defined as a $-prefixed path or an expression');
  }
  const key = compileEvaluator(spec);
  return function* (input, rt) {
    const groups = new Map<string, { id: unknown; n: number }>();
    const keys = new CollationKeys(ctx.collator);
    for (const doc of input) {
      const id = key(scopeFor(doc, rt)) ?? null;
      const k = keys.key(id);
      const g = groups.get(k);
      if (g) g.n++;
      else groups.set(k, { id, n: 1 });
    }
    const sorted = [...groups.values()].sort((a, b) => b.n - a.n);
    for (const g of sorted) yield { _id: g.id, count: countValue(g.n) };
  };
};
