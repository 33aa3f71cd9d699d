/** Conditional operators `$cond $ifNull $switch`. */
import { isPlainObject } from '../../values/index.js';
import { fixedArity, isNullish, operandList } from '../args.js';
import { evalError, formatValue, parseError } from '../failures.js';
import { isTruthy } from '../truthy.js';
import type { Evaluator, OperatorParser, OperatorTable } from '../types.js';

const parseCond: OperatorParser = (args, ctx, name) => {
  let ifE: Evaluator;
  let thenE: Evaluator;
  let elseE: Evaluator;
  if (isPlainObject(args)) {
    for (const k of Object.keys(args)) {
      if (k !== 'if' && k !== 'then' && k !== 'else') throw parseError(17083, `Unrecognized parameter to $cond: ${k}`);
    }
    if (!('if' in args)) throw parseError(17080, "Missing 'if' parameter to $cond");
    if (!('then' in args)) throw parseError(17081, "Missing 'then' parameter to $cond");
    if (!('else' in args)) throw parseError(17082, "Missing 'else' parameter to $cond");
    ifE = ctx.compile(args.if);
    thenE = ctx.compile(args.then);
    elseE = ctx.compile(args.else);
  } else {
    [ifE, thenE, elseE] = fixedArity(name, args, ctx, 3) as [Evaluator, Evaluator, Evaluator];
  }
  return (s) => (isTruthy(ifE(s)) ? thenE(s) : elseE(s));
};

const parseIfNull: OperatorParser = (args, ctx) => {
  const list = operandList(args);
  if (list.length < 2) throw parseError(1257300, `$ifNull needs at least two arguments, had: ${list.length}`);
  const evs = list.map((a) => ctx.compile(a));
  const last = evs[evs.length - 1]!;
  const head = evs.slice(0, -1);
  return (s) => {
    for (const e of head) {
      const v = e(s);
      if (!isNullish(v)) return v;
    }
    return last(s);
  };
};

const parseSwitch: OperatorParser = (args, ctx) => {
  if (!isPlainObject(args)) throw parseError(40060, `$switch requires an object as an argument, found: ${formatValue(args)}`);
  const branches: [Evaluator, Evaluator][] = [];
  let dflt: Evaluator | undefined;
  for (const [k, v] of Object.entries(args)) {
    if (k === 'branches') {
      if (!Array.isArray(v)) throw parseError(40061, `$switch expected an array for 'branches', found: ${formatValue(v)}`);
      for (const b of v) {
        if (!isPlainObject(b)) throw parseError(40062, `$switch expected each branch to be an object, found: ${formatValue(b)}`);
        for (const bk of Object.keys(b)) {
          if (bk !== 'case' && bk !== 'then') throw parseError(40063, `$switch found an unknown argument to a branch: ${bk}`);
        }
        if (!('case' in b)) throw parseError(40064, "$switch requires each branch have a 'case' expression");
        if (!('then' in b)) throw parseError(40065, "$switch requires each branch have a 'then' expression.");
        branches.push([ctx.compile(b.case), ctx.compile(b.then)]);
      }
    } else if (k === 'default') {
      dflt = ctx.compile(v);
    } else {
      throw parseError(40067, `$switch found an unknown argument: ${k}`);
    }
  }
  if (branches.length === 0) throw parseError(40068, '$switch requires at least one branch.');
  return (s) => {
    for (const [c, t] of branches) if (isTruthy(c(s))) return t(s);
    if (dflt) return dflt(s);
    throw evalError(40066, '$switch could not find a matching branch for an input, and no default was specified.');
  };
};

/** The conditional operator family. */
export const conditionalOperators: OperatorTable = {
  $cond: parseCond,
  $ifNull: parseIfNull,
  $switch: parseSwitch,
};
