/**
 * Set operators: `$setUnion $setIntersection $setDifference $setEquals
 * $setIsSubset $allElementsTrue $anyElementTrue`. Elements compare with
 * MongoDB equality; union and intersection come out in canonical order, as
 * the server's ordered value sets produce them.
 */
import { compareValues, valueKey } from '../../values/index.js';
import { compileOperands, fixedArity, isNullish, minArity } from '../args.js';
import { evalError, typeName } from '../failures.js';
import { isTruthy } from '../truthy.js';
import type { Evaluator, OperatorParser, OperatorTable } from '../types.js';

function distinctSorted(values: Iterable<unknown>): unknown[] {
  const m = new Map<string, unknown>();
  for (const v of values) {
    const k = valueKey(v);
    if (!m.has(k)) m.set(k, v);
  }
  return [...m.values()].sort(compareValues);
}

const parseSetUnion: OperatorParser = (args, ctx, name) => {
  const evs = compileOperands(args, ctx);
  return (s) => {
    const all: unknown[] = [];
    for (const e of evs) {
      const v = e(s);
      if (isNullish(v)) return null;
      if (!Array.isArray(v)) throw evalError(17043, `All operands of ${name} must be arrays. One argument is of type: ${typeName(v)}`);
      all.push(...v);
    }
    return distinctSorted(all);
  };
};

const parseSetIntersection: OperatorParser = (args, ctx, name) => {
  const evs = compileOperands(args, ctx);
  return (s) => {
    let current: Map<string, unknown> | undefined;
    for (const e of evs) {
      const v = e(s);
      if (isNullish(v)) return null;
      if (!Array.isArray(v)) throw evalError(17047, `All operands of ${name} must be arrays. One argument is of type: ${typeName(v)}`);
      const next = new Map<string, unknown>();
      for (const x of v) {
        const k = valueKey(x);
        if (current === undefined || current.has(k)) next.set(k, current?.get(k) ?? x);
      }
      current = next;
    }
    return distinctSorted(current?.values() ?? []);
  };
};

const parseSetDifference: OperatorParser = (args, ctx, name) => {
  const [ea, eb] = fixedArity(name, args, ctx, 2) as [Evaluator, Evaluator];
  return (s) => {
    const a = ea(s);
    const b = eb(s);
    if (isNullish(a) || isNullish(b)) return null;
    if (!Array.isArray(a)) throw evalError(17048, `both operands of $setDifference must be arrays. First argument is of type: ${typeName(a)}`);
    if (!Array.isArray(b)) throw evalError(17049, `both operands of $setDifference must be arrays. Second argument is of type: ${typeName(b)}`);
    const exclude = new Set(b.map(valueKey));
    const out: unknown[] = [];
    for (const x of a) {
      const k = valueKey(x);
      if (exclude.has(k)) continue;
      exclude.add(k);
      out.push(x);
    }
    return out;
  };
};

const parseSetEquals: OperatorParser = (args, ctx, name) => {
  const evs = minArity(name, args, ctx, 2, 17045);
  return (s) => {
    let first: Set<string> | undefined;
    for (const e of evs) {
      const v = e(s);
      if (!Array.isArray(v)) throw evalError(17044, `All operands of $setEquals must be arrays. ${evs.indexOf(e) + 1}-th argument is of type: ${typeName(v)}`);
      const keys = new Set(v.map(valueKey));
      if (first === undefined) first = keys;
      else if (keys.size !== first.size || [...keys].some((k) => !first!.has(k))) return false;
    }
    return true;
  };
};

const parseSetIsSubset: OperatorParser = (args, ctx, name) => {
  const [ea, eb] = fixedArity(name, args, ctx, 2) as [Evaluator, Evaluator];
  return (s) => {
    const a = ea(s);
    const b = eb(s);
    if (!Array.isArray(a)) throw evalError(17046, `both operands of $setIsSubset must be arrays. First argument is of type: ${typeName(a)}`);
    if (!Array.isArray(b)) throw evalError(17042, `both operands of $setIsSubset must be arrays. Second argument is of type: ${typeName(b)}`);
    const super_ = new Set(b.map(valueKey));
    return a.every((x) => super_.has(valueKey(x)));
  };
};

function elementsTrue(all: boolean): OperatorParser {
  return (args, ctx, name) => {
    const [e] = fixedArity(name, args, ctx, 1) as [Evaluator];
    return (s) => {
      const v = e(s);
      if (!Array.isArray(v)) throw evalError(all ? 17040 : 17041, `${name}'s argument must be an array, but is ${typeName(v)}`);
      return all ? v.every(isTruthy) : v.some(isTruthy);
    };
  };
}

/** The set operator family. */
export const setOperators: OperatorTable = {
  $setUnion: parseSetUnion,
  $setIntersection: parseSetIntersection,
  $setDifference: parseSetDifference,
  $setEquals: parseSetEquals,
  $setIsSubset: parseSetIsSubset,
  $allElementsTrue: elementsTrue(true),
  $anyElementTrue: elementsTrue(false),
};
