/**
 * Argument-shape helpers shared by operator parsers. Most operators take an
 * array of operands; a single non-array value counts as one operand.
 */
import type { Evaluator, ParseContext } from './types.js';
import { parseError } from './failures.js';

/** The operand list of an operator: an array as is, anything else as a singleton. */
export function operandList(args: unknown): unknown[] {
  return Array.isArray(args) ? args : [args];
}

/** Compiles every operand. */
export function compileOperands(args: unknown, ctx: ParseContext): Evaluator[] {
  return operandList(args).map((a) => ctx.compile(a));
}

/** Compiles exactly `n` operands or throws MongoDB's arity error (code 16020). */
export function fixedArity(name: string, args: unknown, ctx: ParseContext, n: number): Evaluator[] {
  const list = operandList(args);
  if (list.length !== n) {
    throw parseError(16020, `Expression ${name} takes exactly ${n} arguments. ${list.length} were passed in.`);
  }
  return list.map((a) => ctx.compile(a));
}

/** Compiles between `min` and `max` operands or throws (code 16020 unless given). */
export function rangeArity(
  name: string,
  args: unknown,
  ctx: ParseContext,
  min: number,
  max: number,
  code = 16020,
): Evaluator[] {
  const list = operandList(args);
  if (list.length < min || list.length > max) {
    throw parseError(
      code,
      `Expression ${name} takes at least ${min} arguments, and at most ${max}, but ${list.length} were passed in.`,
    );
  }
  return list.map((a) => ctx.compile(a));
}

/** Compiles at least `min` operands or throws. */
export function minArity(name: string, args: unknown, ctx: ParseContext, min: number, code = 16020): Evaluator[] {
  const list = operandList(args);
  if (list.length < min) {
    throw parseError(code, `Expression ${name} needs at least ${min} arguments had: ${list.length}`);
  }
  return list.map((a) => ctx.compile(a));
}

/** True for null and missing, which most operators propagate as null. */
export function isNullish(v: unknown): v is null | undefined {
  return v === null || v === undefined;
}
