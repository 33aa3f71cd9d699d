/**
 * `$redact`: walks each document, asking an expression at every embedded
 * document whether to keep it whole (`$$KEEP`), drop it (`$$PRUNE`) or keep
 * its scalar fields and descend into its sub-documents (`$$DESCEND`).
 */
import { ExpressionError } from '../../errors.js';
import { compileEvaluator } from '../../expression/index.js';
import type { Evaluator, Scope } from '../../expression/index.js';
import { formatValue } from '../../expression/failures.js';
import { setOwn } from '../../expression/field-path.js';
import { isPlainObject } from '../../values/index.js';
import type { Document } from '../../values/index.js';
import type { StageParser } from '../types.js';

const DECISIONS = Object.freeze({ DESCEND: 'descend', PRUNE: 'prune', KEEP: 'keep' } as const);

function redactValue(v: unknown, ev: Evaluator, base: Scope): unknown {
  if (isPlainObject(v)) return redactDocument(v, ev, base);
  if (Array.isArray(v)) {
    const out: unknown[] = [];
    for (const x of v) {
      const r = redactValue(x, ev, base);
      if (r !== undefined) out.push(r);
    }
    return out;
  }
  return v;
}

function redactDocument(doc: Document, ev: Evaluator, base: Scope): Document | undefined {
  const decision = ev({ ...base, current: doc });
  switch (decision) {
    case DECISIONS.KEEP:
      return doc;
    case DECISIONS.PRUNE:
      return undefined;
    case DECISIONS.DESCEND: {
      const out: Document = {};
      for (const [k, v] of Object.entries(doc)) {
        const r = redactValue(v, ev, base);
        if (r !== undefined) setOwn(out, k, r);
      }
      return out;
    }
    default:
      throw new ExpressionError(
        17053,
        `$redact's expression should not return anything aside from the variables $$KEEP, $$DESCEND, and $$PRUNE, but returned ${formatValue(decision, 1)}`,
      );
  }
}

/** Parses `$redact`. */
export const redactStage: StageParser = (spec) => {
  const ev = compileEvaluator(spec);
  return function* (input, rt) {
    const vars = { ...rt.vars, ...DECISIONS };
    for (const doc of input) {
      const r = redactDocument(doc, ev, { root: doc, current: doc, vars, now: rt.now });
      if (r !== undefined) yield r;
    }
  };
};
