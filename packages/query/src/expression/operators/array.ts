/**
 * Array operators: `$size $arrayElemAt $first $last $filter $map $reduce $in
 * $concatArrays $slice $reverseArray $range $isArray $indexOfArray
 * $arrayToObject $objectToArray $zip $sortArray $firstN $lastN`.
 */
import { Int32 } from 'bson';
import { compareValues, decodeNumber, documentEntries, isPlainObject, valuesEqual } from '../../values/index.js';
import type { Document } from '../../values/index.js';
import { compileOperands, fixedArity, isNullish, rangeArity } from '../args.js';
import { evalError, formatValue, parseError, typeName } from '../failures.js';
import { isDocLike, setOwn, validateVariableName, walkPath } from '../field-path.js';
import { toInt32Exact, toInt64Exact } from '../number-ops.js';
import { isTruthy } from '../truthy.js';
import type { Evaluator, OperatorParser, OperatorTable, Scope } from '../types.js';

const parseSize: OperatorParser = (args, ctx, name) => {
  const [e] = fixedArity(name, args, ctx, 1) as [Evaluator];
  return (s) => {
    const v = e(s);
    if (!Array.isArray(v)) throw evalError(17124, `The argument to $size must be an array, but was of type: ${typeName(v)}`);
    return new Int32(v.length);
  };
};

/** Element `i` of `arr` (negative counts from the end); undefined when out of range. */
function elementAt(arr: unknown[], i: number): unknown {
  const idx = i < 0 ? arr.length + i : i;
  return idx >= 0 && idx < arr.length ? arr[idx] : undefined;
}

const parseArrayElemAt: OperatorParser = (args, ctx, name) => {
  const [ea, ei] = fixedArity(name, args, ctx, 2) as [Evaluator, Evaluator];
  return (s) => {
    const arr = ea(s);
    const i = ei(s);
    if (isNullish(arr) || isNullish(i)) return null;
    if (!Array.isArray(arr)) throw evalError(28689, `$arrayElemAt's first argument must be an array, but is ${typeName(arr)}`);
    if (!decodeNumber(i)) throw evalError(28690, `$arrayElemAt's second argument must be a numeric value, but is ${typeName(i)}`);
    const n = toInt32Exact(i);
    if (n === undefined) {
      throw evalError(28691, `$arrayElemAt's second argument must be representable as a 32-bit integer: ${formatValue(i)}`);
    }
    return elementAt(arr, n);
  };
};

function firstLast(last: boolean): OperatorParser {
  return (args, ctx, name) => {
    const [e] = fixedArity(name, args, ctx, 1) as [Evaluator];
    return (s) => {
      const arr = e(s);
      if (isNullish(arr)) return null;
      if (!Array.isArray(arr)) throw evalError(28689, `${name}'s argument must be an array, but is ${typeName(arr)}`);
      return elementAt(arr, last ? -1 : 0);
    };
  };
}

/** Parses the `as` name of `$filter`/`$map` (default `this`). */
function parseAs(v: unknown, name: string): string {
  if (v === undefined) return 'this';
  if (typeof v !== 'string') throw parseError(16866, `${name}: 'as' must be a string, found: ${typeName(v)}`);
  validateVariableName(v);
  return v;
}

function bind(s: Scope, name: string, value: unknown): Scope {
  return { root: s.root, current: s.current, vars: { ...s.vars, [name]: value }, now: s.now };
}

const parseFilter: OperatorParser = (args, ctx) => {
  if (!isPlainObject(args)) throw parseError(28646, `$filter only supports an object as its argument`);
  for (const k of Object.keys(args)) {
    if (!['input', 'as', 'cond', 'limit'].includes(k)) throw parseError(28647, `Unrecognized parameter to $filter: ${k}`);
  }
  if (args.input === undefined) throw parseError(28648, "Missing 'input' parameter to $filter");
  if (args.cond === undefined) throw parseError(28650, "Missing 'cond' parameter to $filter");
  const input = ctx.compile(args.input);
  const as = parseAs(args.as, '$filter');
  const cond = ctx.compile(args.cond);
  const limit = args.limit === undefined ? undefined : ctx.compile(args.limit);
  return (s) => {
    const arr = input(s);
    if (isNullish(arr)) return null;
    if (!Array.isArray(arr)) throw evalError(28651, `input to $filter must be an array not ${typeName(arr)}`);
    let max = Infinity;
    if (limit) {
      const l = limit(s);
      if (!isNullish(l)) {
        const n = toInt32Exact(l);
        if (n === undefined) throw evalError(327391, `$filter: limit must be represented as a 32-bit integral value: ${formatValue(l)}`);
        if (n < 1) throw evalError(327392, `$filter: limit must be greater than 0: ${n}`);
        max = n;
      }
    }
    const out: unknown[] = [];
    for (const x of arr) {
      if (out.length >= max) break;
      if (isTruthy(cond(bind(s, as, x)))) out.push(x);
    }
    return out;
  };
};

const parseMap: OperatorParser = (args, ctx) => {
  if (!isPlainObject(args)) throw parseError(16878, `$map only supports an object as its argument`);
  for (const k of Object.keys(args)) {
    if (!['input', 'as', 'in'].includes(k)) throw parseError(16879, `Unrecognized parameter to $map: ${k}`);
  }
  if (args.input === undefined) throw parseError(16880, "Missing 'input' parameter to $map");
  if (args.in === undefined) throw parseError(16882, "Missing 'in' parameter to $map");
  const input = ctx.compile(args.input);
  const as = parseAs(args.as, '$map');
  const body = ctx.compile(args.in);
  return (s) => {
    const arr = input(s);
    if (isNullish(arr)) return null;
    if (!Array.isArray(arr)) throw evalError(16883, `input to $map must be an array not ${typeName(arr)}`);
    return arr.map((x) => body(bind(s, as, x)) ?? null);
  };
};

const parseReduce: OperatorParser = (args, ctx) => {
  if (!isPlainObject(args)) throw parseError(40075, `$reduce requires an object as an argument, found: ${typeName(args)}`);
  for (const k of Object.keys(args)) {
    if (!['input', 'initialValue', 'in'].includes(k)) throw parseError(40076, `$reduce found an unknown argument: ${k}`);
  }
  if (args.input === undefined) throw parseError(40077, "$reduce requires 'input' to be specified");
  if (args.initialValue === undefined) throw parseError(40078, "$reduce requires 'initialValue' to be specified");
  if (args.in === undefined) throw parseError(40079, "$reduce requires 'in' to be specified");
  const input = ctx.compile(args.input);
  const init = ctx.compile(args.initialValue);
  const body = ctx.compile(args.in);
  return (s) => {
    const arr = input(s);
    if (isNullish(arr)) return null;
    if (!Array.isArray(arr)) throw evalError(40080, `$reduce requires that 'input' be an array, found: ${formatValue(arr)}`);
    let acc = init(s);
    for (const x of arr) {
      acc = body({ root: s.root, current: s.current, vars: { ...s.vars, value: acc, this: x }, now: s.now });
    }
    return acc;
  };
};

const parseIn: OperatorParser = (args, ctx, name) => {
  const [ev, ea] = fixedArity(name, args, ctx, 2) as [Evaluator, Evaluator];
  const collator = ctx.collator;
  return (s) => {
    const v = ev(s);
    const arr = ea(s);
    if (!Array.isArray(arr)) throw evalError(40081, `$in requires an array as a second argument, found: ${typeName(arr)}`);
    return arr.some((x) => valuesEqual(x, v, collator));
  };
};

const parseConcatArrays: OperatorParser = (args, ctx) => {
  const evs = compileOperands(args, ctx);
  return (s) => {
    const out: unknown[] = [];
    for (const e of evs) {
      const v = e(s);
      if (isNullish(v)) return null;
      if (!Array.isArray(v)) throw evalError(28664, `$concatArrays only supports arrays, not ${typeName(v)}`);
      for (const x of v) out.push(x);
    }
    return out;
  };
};

const parseSlice: OperatorParser = (args, ctx, name) => {
  const [ea, eb, ec] = rangeArity(name, args, ctx, 2, 3, 28667) as [Evaluator, Evaluator, Evaluator?];
  return (s) => {
    const arr = ea(s);
    const b = eb(s);
    const c = ec ? ec(s) : undefined;
    if (isNullish(arr) || isNullish(b) || (ec && isNullish(c))) return null;
    if (!Array.isArray(arr)) throw evalError(28724, `First argument to $slice must be an array, but is of type: ${typeName(arr)}`);
    if (!decodeNumber(b)) throw evalError(28725, `Second argument to $slice must be a numeric value, but is of type: ${typeName(b)}`);
    const bn = toInt32Exact(b);
    if (bn === undefined) throw evalError(28726, `Second argument to $slice can't be represented as a 32-bit integer: ${formatValue(b)}`);
    if (!ec) {
      return bn >= 0 ? arr.slice(0, bn) : arr.slice(Math.max(0, arr.length + bn));
    }
    if (!decodeNumber(c)) throw evalError(28727, `Third argument to $slice must be numeric, but is of type: ${typeName(c)}`);
    const cn = toInt32Exact(c);
    if (cn === undefined) throw evalError(28728, `Third argument to $slice can't be represented as a 32-bit integer: ${formatValue(c)}`);
    if (cn <= 0) throw evalError(28729, `Third argument to $slice must be positive: ${formatValue(c)}`);
    const start = bn >= 0 ? Math.min(bn, arr.length) : Math.max(0, arr.length + bn);
    return arr.slice(start, start + cn);
  };
};

const parseReverseArray: OperatorParser = (args, ctx, name) => {
  const [e] = fixedArity(name, args, ctx, 1) as [Evaluator];
  return (s) => {
    const v = e(s);
    if (isNullish(v)) return null;
    if (!Array.isArray(v)) throw evalError(34435, `The argument to $reverseArray must be an array, but was of type: ${typeName(v)}`);
    return v.slice().reverse();
  };
};

const parseRange: OperatorParser = (args, ctx, name) => {
  const [ea, eb, ec] = rangeArity(name, args, ctx, 2, 3, 28667) as [Evaluator, Evaluator, Evaluator?];
  const intArg = (v: unknown, typeCode: number, intCode: number, what: string): number => {
    if (!decodeNumber(v)) throw evalError(typeCode, `$range requires a numeric ${what}, found value of type: ${typeName(v)}`);
    const n = toInt32Exact(v);
    if (n === undefined) throw evalError(intCode, `$range requires a ${what} that can be represented as a 32-bit integer, found value: ${formatValue(v)}`);
    return n;
  };
  return (s) => {
    const start = intArg(ea(s), 34443, 34444, 'starting value');
    const end = intArg(eb(s), 34445, 34446, 'ending value');
    const step = ec ? intArg(ec(s), 34447, 34448, 'step value') : 1;
    if (step === 0) throw evalError(34449, '$range requires a non-zero step value');
    // The server refuses ranges that would need more than 100MB.
    const length = Math.max(0, Math.floor((end - start) / step) + 1);
    if (length * 16 > 100 * 1024 * 1024) {
      throw evalError(146, `$range would use too much memory (${length * 16} bytes) and cannot spill to disk. Memory limit: ${100 * 1024 * 1024} bytes`);
    }
    const out: Int32[] = [];
    if (step > 0) for (let i = start; i < end; i += step) out.push(new Int32(i));
    else for (let i = start; i > end; i += step) out.push(new Int32(i));
    return out;
  };
};

const parseIndexOfArray: OperatorParser = (args, ctx, name) => {
  const [ea, ev, es, ee] = rangeArity(name, args, ctx, 2, 4) as [Evaluator, Evaluator, Evaluator?, Evaluator?];
  return (s) => {
    const arr = ea(s);
    if (isNullish(arr)) return null;
    if (!Array.isArray(arr)) throw evalError(40090, `$indexOfArray requires an array as a first argument, found: ${typeName(arr)}`);
    const needle = ev(s);
    const bound = (e: Evaluator | undefined, which: string, dflt: number): number => {
      if (!e) return dflt;
      const v = e(s);
      const n = toInt32Exact(v);
      if (n === undefined) {
        throw evalError(40096, `$indexOfArray requires an integral ${which} index, found a value of type: ${typeName(v)}, with value: ${formatValue(v, 1)}`);
      }
      if (n < 0) throw evalError(40097, `$indexOfArray requires a nonnegative ${which} index, found: ${n}`);
      return n;
    };
    const start = bound(es, 'starting', 0);
    const end = Math.min(bound(ee, 'ending', arr.length), arr.length);
    for (let i = start; i < end; i++) if (valuesEqual(arr[i], needle)) return new Int32(i);
    return new Int32(-1);
  };
};

const parseArrayToObject: OperatorParser = (args, ctx, name) => {
  const [e] = fixedArity(name, args, ctx, 1) as [Evaluator];
  return (s) => {
    const arr = e(s);
    if (isNullish(arr)) return null;
    if (!Array.isArray(arr)) throw evalError(40386, `$arrayToObject requires an array input, found: ${typeName(arr)}`);
    const out: Document = {};
    if (arr.length === 0) return out;
    const pairs = Array.isArray(arr[0]);
    if (!pairs && !isPlainObject(arr[0])) throw evalError(40398, `Unrecognised input type format for $arrayToObject: ${typeName(arr[0])}`);
    for (const item of arr) {
      let k: unknown;
      let v: unknown;
      if (pairs) {
        if (!Array.isArray(item)) {
          throw evalError(40396, `$arrayToObject requires a consistent input format. Elements must all be arrays or all be objects. Array was detected, now found: ${typeName(item)}`);
        }
        if (item.length !== 2) throw evalError(40397, `$arrayToObject requires an array of size 2 arrays,found array of size: ${item.length}`);
        [k, v] = item;
        if (typeof k !== 'string') {
          throw evalError(40395, `$arrayToObject requires an array of key-value pairs, where the key must be of type string. Found key type: ${typeName(k)}`);
        }
      } else {
        if (!isPlainObject(item)) {
          throw evalError(40391, `$arrayToObject requires a consistent input format. Elements must all be arrays or all be objects. Object was detected, now found: ${typeName(item)}`);
        }
        const keys = Object.keys(item);
        if (keys.length !== 2) {
          throw evalError(40392, `$arrayToObject requires an object keys of 'k' and 'v'. Found incorrect number of keys:${keys.length}`);
        }
        if (!('k' in item) || !('v' in item)) {
          throw evalError(40393, `$arrayToObject requires an object with keys 'k' and 'v'. Missing either or both keys from: ${formatValue(item)}`);
        }
        k = item.k;
        v = item.v;
        if (typeof k !== 'string') {
          throw evalError(40394, `$arrayToObject requires an object with keys 'k' and 'v', where the value of 'k' must be of type string. Found type: ${typeName(k)}`);
        }
      }
      if ((k as string).includes('\0')) throw evalError(pairs ? 4940400 : 4940401, 'Key field cannot contain an embedded null byte');
      setOwn(out, k as string, v);
    }
    return out;
  };
};

const parseObjectToArray: OperatorParser = (args, ctx, name) => {
  const [e] = fixedArity(name, args, ctx, 1) as [Evaluator];
  return (s) => {
    const v = e(s);
    if (isNullish(v)) return null;
    if (!isDocLike(v)) throw evalError(40390, `$objectToArray requires a document input, found: ${typeName(v)}`);
    return documentEntries(v).map(([k, x]) => ({ k, v: x }));
  };
};

const parseIsArray: OperatorParser = (args, ctx, name) => {
  const [e] = fixedArity(name, args, ctx, 1) as [Evaluator];
  return (s) => Array.isArray(e(s));
};

const parseZip: OperatorParser = (args, ctx) => {
  if (!isPlainObject(args)) throw parseError(34460, `$zip only supports an object as an argument, found ${typeName(args)}`);
  for (const k of Object.keys(args)) {
    if (!['inputs', 'useLongestLength', 'defaults'].includes(k)) throw parseError(34464, `$zip found an unknown argument: ${k}`);
  }
  if (!Array.isArray(args.inputs)) throw parseError(34461, `inputs must be an array of expressions, found ${typeName(args.inputs)}`);
  const longest = args.useLongestLength ?? false;
  if (typeof longest !== 'boolean') throw parseError(34463, `useLongestLength must be a bool, found ${typeName(longest)}`);
  if (args.defaults !== undefined && !Array.isArray(args.defaults)) {
    throw parseError(34462, `defaults must be an array of expressions, found ${typeName(args.defaults)}`);
  }
  if (args.defaults !== undefined && !longest) throw parseError(34466, 'cannot specify defaults unless useLongestLength is true');
  if (Array.isArray(args.defaults) && args.defaults.length !== args.inputs.length) {
    throw parseError(34467, 'defaults and inputs must have the same length');
  }
  if (args.inputs.length === 0) throw parseError(34465, '$zip requires at least one input array');
  const inputs = args.inputs.map((e) => ctx.compile(e));
  const defaults = Array.isArray(args.defaults) ? args.defaults.map((e) => ctx.compile(e)) : undefined;
  return (s) => {
    const arrays: unknown[][] = [];
    for (const e of inputs) {
      const v = e(s);
      if (isNullish(v)) return null;
      if (!Array.isArray(v)) throw evalError(34468, `$zip found a non-array expression in input: ${formatValue(v, 1)}`);
      arrays.push(v);
    }
    const fill = defaults ? defaults.map((e) => e(s) ?? null) : arrays.map(() => null);
    const lengths = arrays.map((a) => a.length);
    const n = longest ? Math.max(...lengths) : Math.min(...lengths);
    const out: unknown[][] = [];
    for (let i = 0; i < n; i++) out.push(arrays.map((a, j) => (i < a.length ? a[i] : fill[j])));
    return out;
  };
};

/** Sorts by the whole value (`sortBy: 1|-1`) or by document fields (`sortBy: {f: 1}`). */
function sortComparator(spec: unknown): (a: unknown, b: unknown) => number {
  const dir = decodeNumber(spec);
  if (dir) {
    const d = toInt64Exact(spec);
    if (d !== 1n && d !== -1n) throw parseError(2942506, 'The $sort element value must be either 1 or -1');
    return (a, b) => Number(d) * compareValues(a, b);
  }
  if (!isPlainObject(spec)) {
    throw parseError(2942507, 'The $sort is invalid: use 1/-1 to sort the whole element, or {field:1/-1} to sort embedded fields');
  }
  if (Object.keys(spec).length === 0) throw parseError(2942505, 'BadValue: $sort requires a non-empty sort specification');
  const keys = Object.entries(spec).map(([path, d]) => {
    const n = toInt64Exact(d);
    if (n !== 1n && n !== -1n) throw parseError(2942505, 'BadValue: The $sort element value must be either 1 or -1');
    return { parts: path.split('.'), dir: Number(n) };
  });
  return (a, b) => {
    for (const k of keys) {
      const va = isDocLike(a) ? walkPath(a, k.parts, 0) : undefined;
      const vb = isDocLike(b) ? walkPath(b, k.parts, 0) : undefined;
      const c = compareValues(va ?? null, vb ?? null);
      if (c !== 0) return k.dir * c;
    }
    return 0;
  };
}

const parseSortArray: OperatorParser = (args, ctx) => {
  if (!isPlainObject(args)) throw parseError(2942500, `$sortArray requires an object as an argument, found: ${typeName(args)}`);
  for (const k of Object.keys(args)) {
    if (k !== 'input' && k !== 'sortBy') throw parseError(2942501, `$sortArray found an unknown argument: ${k}`);
  }
  if (args.input === undefined) throw parseError(2942502, "$sortArray requires 'input' to be specified");
  if (args.sortBy === undefined) throw parseError(2942503, "$sortArray requires 'sortBy' to be specified");
  const input = ctx.compile(args.input);
  const cmp = sortComparator(args.sortBy);
  return (s) => {
    const arr = input(s);
    if (isNullish(arr)) return null;
    if (!Array.isArray(arr)) throw evalError(2942504, `The input argument to $sortArray must be an array, but was of type: ${typeName(arr)}`);
    return arr.slice().sort(cmp);
  };
};

function firstLastN(last: boolean): OperatorParser {
  return (args, ctx, name) => {
    if (!isPlainObject(args)) throw parseError(5787801, `${name} requires an object as an argument`);
    for (const k of Object.keys(args)) {
      if (k !== 'input' && k !== 'n') throw parseError(5787901, `${name} found an unknown argument: ${k}`);
    }
    if (args.input === undefined) throw parseError(5787907, `${name} requires an 'input' field`);
    if (args.n === undefined) throw parseError(5787906, `${name} requires an 'n' field`);
    const input = ctx.compile(args.input);
    const en = ctx.compile(args.n);
    return (s) => {
      const nv = en(s);
      const n = toInt64Exact(nv);
      if (n === undefined || n <= 0n) throw evalError(5787908, `${name} requires 'n' to be a positive integer, found: ${formatValue(nv)}`);
      const arr = input(s);
      if (!Array.isArray(arr)) throw evalError(5787902, `${name} requires 'input' to be an array, found: ${typeName(arr)}`);
      const k = Number(n);
      return last ? arr.slice(Math.max(0, arr.length - k)) : arr.slice(0, k);
    };
  };
}

/** The array operator family. */
export const arrayOperators: OperatorTable = {
  $size: parseSize,
  $arrayElemAt: parseArrayElemAt,
  $first: firstLast(false),
  $last: firstLast(true),
  $filter: parseFilter,
  $map: parseMap,
  $reduce: parseReduce,
  $in: parseIn,
  $concatArrays: parseConcatArrays,
  $slice: parseSlice,
  $reverseArray: parseReverseArray,
  $range: parseRange,
  $isArray: parseIsArray,
  $indexOfArray: parseIndexOfArray,
  $arrayToObject: parseArrayToObject,
  $objectToArray: parseObjectToArray,
  $sortArray: parseSortArray,
  $zip: parseZip,
  $firstN: firstLastN(false),
  $lastN: firstLastN(true),
};

