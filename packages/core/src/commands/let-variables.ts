import { compileExpression, isPlainObject } from '@argon/query';
import { BadInputError } from '../errors.js';
import type { Doc } from './command.js';

/** System variables that a command's `let` cannot rebind and that stay dynamic. */
const SYSTEM_VARIABLES = new Set(['ROOT', 'CURRENT', 'NOW', 'REMOVE', 'CLUSTER_TIME', 'SEARCH_META', 'USER_ROLES']);

/**
 * Reads a command's `let` document. Its values are expressions evaluated
 * once, when the command starts (`{$literal: 'x'}` is the string 'x'), which
 * makes them constants usable as `$$name`.
 */
export function letVariables(command: string, cmd: Doc): Doc | undefined {
  const v = cmd.let;
  if (v === undefined || v === null) return undefined;
  if (!isPlainObject(v)) throw new BadInputError(`BSON field '${command}.let' must be a document`, { details: { field: 'let' } });
  for (const name of Object.keys(v)) {
    if (!/^[a-z_][A-Za-z0-9_]*$/.test(name) || SYSTEM_VARIABLES.has(name)) {
      throw new BadInputError(`'${name}' starts with an invalid character for a user variable name`, { code: 16867 });
    }
  }
  const out: Doc = {};
  for (const [name, expr] of Object.entries(v)) out[name] = compileExpression(expr)({});
  return out;
}

function valueAt(value: unknown, path: string[]): unknown {
  let cur = value;
  for (const p of path) {
    if (isPlainObject(cur)) cur = cur[p];
    else return undefined;
  }
  return cur;
}

/**
 * Binds `let` constants into an aggregation expression: every `$$name` (or
 * `$$name.path`) of a command variable becomes `{$literal: value}`. Command
 * variables are constants for the whole command, so binding them once up
 * front is equivalent to passing them to every evaluation.
 */
export function bindExpression(expr: unknown, vars: Doc): unknown {
  if (typeof expr === 'string') {
    if (!expr.startsWith('$$')) return expr;
    const [name, ...path] = expr.slice(2).split('.');
    if (name === undefined || !Object.hasOwn(vars, name)) return expr;
    const v = valueAt(vars[name], path);
    return v === undefined ? '$$REMOVE' : { $literal: v };
  }
  if (Array.isArray(expr)) return expr.map((e) => bindExpression(e, vars));
  if (isPlainObject(expr)) {
    if ('$literal' in expr) return expr;
    const out: Doc = {};
    for (const [k, v] of Object.entries(expr)) out[k] = bindExpression(v, vars);
    return out;
  }
  return expr;
}

/** Binds `let` constants inside a filter's `$expr` clauses (the only place filters evaluate expressions). */
export function bindFilter(filter: Doc, vars: Doc | undefined): Doc {
  if (!vars) return filter;
  const out: Doc = {};
  for (const [k, v] of Object.entries(filter)) {
    if (k === '$expr') out[k] = bindExpression(v, vars);
    else if ((k === '$and' || k === '$or' || k === '$nor') && Array.isArray(v)) out[k] = v.map((f) => (isPlainObject(f) ? bindFilter(f, vars) : f));
    else out[k] = v;
  }
  return out;
}

/** Binds `let` constants into an update: pipeline updates are expressions; operator updates are literal. */
export function bindUpdate(u: Doc | Doc[], vars: Doc | undefined): Doc | Doc[] {
  if (!vars || !Array.isArray(u)) return u;
  return u.map((stage) => bindExpression(stage, vars) as Doc);
}
