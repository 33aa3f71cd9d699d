import { compileExpression, isPlainObject } from '@argon/query';
import { BadInputError } from '../errors.js';
import type { Doc } from './command.js';

/** System variables that a command's `let` cannot rebind and that stay dynamic. */
const SYSTEM_VARIABLES = new Set(['ROOT', 'CURRENT', 'NOW', 'REMOVE', 'CLUSTER_TIME', 'SEARCH_META', 'USER_ROLES']);

/**
 * Reads a command's `let` document. Its values are expressions evaluated
 * once, when the command starts (`{$literal: 'x'}` is the string 'x'), which
 * makes them constants usable as `$$name`: commands pass them to
 * `compileFilter` (every `$expr`), pipelines and pipeline-style updates as
 * variables.
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
