/**
 * Aggregation expressions: compiled once, evaluated per document.
 *
 * @example
 * ```ts
 * const total = compileExpression({ $add: ['$price', '$tax'] });
 * total({ price: new Int32(10), tax: new Int32(2) }); // Int32(12)
 * ```
 */
import type { Document } from '../values/index.js';
import { compileInternal } from './compile.js';

export { isTruthy } from './truthy.js';
export type { Evaluator, Scope } from './types.js';
export { compileInternal as compileEvaluator } from './compile.js';

/**
 * Compiles an aggregation expression once: field paths `"$a.b"` (over an array
 * of documents a path yields an array), system variables `$$ROOT`,
 * `$$CURRENT`, `$$NOW`, `$$REMOVE`, user variables `$$x`, literals,
 * `{$literal}`, operator objects and plain objects (evaluated field by field).
 *
 * The returned function evaluates the expression against `root`; `vars` binds
 * user variables by name (without `$$`). Pass `vars.NOW` (a `Date`) to pin
 * `$$NOW`; otherwise every call reads the clock. `undefined` means missing.
 *
 * Throws `BadQueryError` with MongoDB's code for malformed expressions
 * (unknown operator: code 168 "Unrecognized expression '$foo'"; bad arity:
 * code 16020), and the returned function throws `ExpressionError` for
 * evaluation failures (type errors, division by zero, undefined variables).
 */
export function compileExpression(expr: unknown): (root: Document, vars?: Record<string, unknown>) => unknown {
  const ev = compileInternal(expr);
  return (root, vars) => {
    const now = vars?.NOW instanceof Date ? vars.NOW : new Date();
    return ev({ root, current: root, vars: vars ?? {}, now });
  };
}
