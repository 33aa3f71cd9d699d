/**
 * Shared types of the expression compiler: an expression is compiled once
 * into an `Evaluator`, a closure that reads its inputs from a `Scope`.
 */
import type { Document } from '../values/index.js';
import type { Collator } from '../values/collation.js';

/** What an evaluator can see: `$$ROOT`, `$$CURRENT`, `$$NOW` and user variables. */
export interface Scope {
  /** The document the expression was invoked on (`$$ROOT`). */
  readonly root: Document;
  /** The value field paths start from (`$$CURRENT`, usually the root). */
  readonly current: unknown;
  /** User variables by name, without the `$$` prefix. */
  readonly vars: Readonly<Record<string, unknown>>;
  /** The value of `$$NOW`: one instant for a whole pipeline or command. */
  readonly now: Date;
}

/** A compiled expression. Returns `undefined` for "missing". */
export type Evaluator = (scope: Scope) => unknown;

/** Services handed to operator parsers. */
export interface ParseContext {
  /** Compiles a sub-expression (under the same collation). */
  compile(expr: unknown): Evaluator;
  /** The collation of string comparisons (`$eq` ... `$cmp`, `$in`); undefined: binary. */
  readonly collator?: Collator | undefined;
}

/** Parses the arguments of one operator (`args` is the value under `$op`). */
export type OperatorParser = (args: unknown, ctx: ParseContext, name: string) => Evaluator;

/** A family of operators, keyed by name including the `$`. */
export type OperatorTable = Readonly<Record<string, OperatorParser>>;
