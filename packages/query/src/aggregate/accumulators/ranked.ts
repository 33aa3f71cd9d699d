/**
 * The `n`-element and ranked accumulators: `$firstN $lastN $minN $maxN $top
 * $bottom $topN $bottomN`. `n` must evaluate (without a document) to a
 * positive integer.
 */
import { BadQueryError } from '../../errors.js';
import { compileEvaluator } from '../../expression/index.js';
import type { Evaluator, Scope } from '../../expression/index.js';
import { formatValue, typeName } from '../../expression/failures.js';
import { toInt64Exact } from '../../expression/number-ops.js';
import { compileSort } from '../../sort/index.js';
import { compareValues, isPlainObject } from '../../values/index.js';
import type { Document } from '../../values/index.js';
import type { AccumulatorParser } from './types.js';

function namedArgs(name: string, arg: unknown, fields: readonly string[]): Document {
  if (!isPlainObject(arg)) throw new BadQueryError(5787801, `specification must be an object; found ${formatValue(arg)}`);
  for (const k of Object.keys(arg)) {
    if (!fields.includes(k)) throw new BadQueryError(5787901, `Unknown argument for '${name}' accumulator: ${k}`);
  }
  for (const f of fields) {
    if (arg[f] === undefined) throw new BadQueryError(5787906, `Missing value for '${f}'`);
  }
  return arg;
}

function constantN(spec: unknown): number {
  const v = compileEvaluator(spec)({ root: {}, current: {}, vars: {}, now: new Date() });
  const n = toInt64Exact(v);
  if (n === undefined) throw new BadQueryError(5787902, `Value for 'n' must be of integral type, but found ${formatValue(v)} of type ${typeName(v)}`);
  if (n <= 0n) throw new BadQueryError(5787908, `'n' must be greater than 0, found ${n}`);
  return Number(n);
}

function firstLastN(last: boolean): AccumulatorParser {
  return (arg, name) => {
    const spec = namedArgs(name, arg, ['input', 'n']);
    const input = compileEvaluator(spec.input);
    const n = constantN(spec.n);
    return () => {
      const items: unknown[] = [];
      return {
        add: (s: Scope) => {
          if (!last && items.length >= n) return;
          items.push(input(s) ?? null);
          if (last && items.length > n) items.shift();
        },
        result: () => items,
      };
    };
  };
}

function minMaxN(sign: 1 | -1): AccumulatorParser {
  return (arg, name) => {
    const spec = namedArgs(name, arg, ['input', 'n']);
    const input = compileEvaluator(spec.input);
    const n = constantN(spec.n);
    return () => {
      const items: unknown[] = [];
      return {
        add: (s: Scope) => {
          const v = input(s);
          if (v === null || v === undefined) return;
          items.push(v);
        },
        result: () => items.sort((a, b) => sign * compareValues(b, a)).slice(0, n),
      };
    };
  };
}

function ranked(bottom: boolean, withN: boolean): AccumulatorParser {
  return (arg, name) => {
    const spec = namedArgs(name, arg, withN ? ['sortBy', 'output', 'n'] : ['sortBy', 'output']);
    if (!isPlainObject(spec.sortBy)) throw new BadQueryError(5788604, `${name} requires 'sortBy' to be an object`);
    const cmp = compileSort(spec.sortBy);
    if (!cmp) throw new BadQueryError(5788604, `${name} requires a non-empty 'sortBy'`);
    const output: Evaluator = compileEvaluator(spec.output);
    const n = withN ? constantN(spec.n) : 1;
    return () => {
      const entries: { doc: Document; value: unknown }[] = [];
      return {
        add: (s: Scope) => {
          entries.push({ doc: s.root, value: output(s) ?? null });
        },
        result: () => {
          // A stable sort keeps input order among ties, as on the server.
          const sorted = entries.slice().sort((a, b) => cmp(a.doc, b.doc));
          const picked = bottom ? sorted.slice(Math.max(0, sorted.length - n)) : sorted.slice(0, n);
          const values = picked.map((e) => e.value);
          return withN ? values : (values[0] ?? null);
        },
      };
    };
  };
}

/** The ranked accumulators by name. */
export const rankedAccumulators: Readonly<Record<string, AccumulatorParser>> = {
  $firstN: firstLastN(false),
  $lastN: firstLastN(true),
  $minN: minMaxN(-1),
  $maxN: minMaxN(1),
  $top: ranked(false, false),
  $bottom: ranked(true, false),
  $topN: ranked(false, true),
  $bottomN: ranked(true, true),
};
