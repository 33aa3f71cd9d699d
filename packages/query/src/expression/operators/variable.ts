/** `$let` and `$literal`. */
import { isPlainObject, normalizeValue } from '../../values/index.js';
import { constantEvaluator } from '../constant.js';
import { formatValue, parseError } from '../failures.js';
import { validateVariableName } from '../field-path.js';
import type { Evaluator, OperatorParser, OperatorTable } from '../types.js';

const parseLet: OperatorParser = (args, ctx) => {
  if (!isPlainObject(args)) throw parseError(16874, `$let only supports an object as its argument, found: ${formatValue(args)}`);
  for (const k of Object.keys(args)) {
    if (k !== 'vars' && k !== 'in') throw parseError(16875, `Unrecognized parameter to $let: ${k}`);
  }
  if (args.vars === undefined) throw parseError(16876, "Missing 'vars' parameter to $let");
  if (args.in === undefined) throw parseError(16877, "Missing 'in' parameter to $let");
  if (!isPlainObject(args.vars)) throw parseError(10065, `invalid parameter: expected an object (vars)`);
  const defs: [string, Evaluator][] = [];
  for (const [name, e] of Object.entries(args.vars)) {
    validateVariableName(name);
    defs.push([name, ctx.compile(e)]);
  }
  const body = ctx.compile(args.in);
  return (s) => {
    // Variables are evaluated in the outer scope, then bound together.
    const vars: Record<string, unknown> = { ...s.vars };
    let current = s.current;
    for (const [name, e] of defs) {
      const v = e(s);
      if (name === 'CURRENT') current = v;
      else vars[name] = v;
    }
    return body({ root: s.root, current, vars, now: s.now });
  };
};

/** `$let` and `$literal`. */
export const variableOperators: OperatorTable = {
  $let: parseLet,
  $literal: (args) => constantEvaluator(normalizeValue(args)),
  $const: (args) => constantEvaluator(normalizeValue(args)),
};
