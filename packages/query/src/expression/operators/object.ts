/** Object operators `$mergeObjects $getField $setField $unsetField`. */
import { isPlainObject } from '../../values/index.js';
import type { Document } from '../../values/index.js';
import { compileOperands, isNullish } from '../args.js';
import { constantOf } from '../constant.js';
import { evalError, formatValue, parseError, typeName } from '../failures.js';
import { fieldOf, isDocLike, setOwn } from '../field-path.js';
import type { Evaluator, OperatorParser, OperatorTable, ParseContext } from '../types.js';
import { documentEntries } from '../../values/index.js';

/**
 * Merges the fields of `v` into a copy of `target` (later fields win, keeping
 * the position of the first occurrence). Null and missing are ignored;
 * anything else that is not a document throws code 40400.
 */
export function mergeInto(target: Document, v: unknown): Document {
  if (isNullish(v)) return target;
  if (!isDocLike(v)) {
    throw evalError(40400, `$mergeObjects requires object inputs, but input ${formatValue(v, 1)} is of type ${typeName(v)}`);
  }
  const out: Document = { ...target };
  for (const [k, x] of documentEntries(v)) if (x !== undefined) setOwn(out, k, x);
  return out;
}

const parseMergeObjects: OperatorParser = (args, ctx) => {
  const evs = compileOperands(args, ctx);
  return (s) => {
    let out: Document = {};
    for (const e of evs) out = mergeInto(out, e(s));
    return out;
  };
};

/** Validates the `field` argument: a constant string (a `$path` is a common mistake). */
function constantField(name: string, ev: Evaluator, raw: unknown, codes: readonly [number, number, number]): string {
  if (typeof raw === 'string' && raw.startsWith('$')) {
    throw parseError(codes[0], `'${raw}' is a field path reference which is not allowed in this context. Did you mean {$literal: '${raw}'}?`);
  }
  const c = constantOf(ev);
  if (!c) throw parseError(codes[1], `${name} requires 'field' to evaluate to a constant, but got a non-constant argument`);
  if (typeof c.value !== 'string') {
    throw parseError(codes[2], `${name} requires 'field' to evaluate to type String, but got ${typeName(c.value)}`);
  }
  return c.value;
}

const parseGetField: OperatorParser = (args, ctx, name) => {
  let fieldRaw: unknown;
  let inputE: Evaluator | undefined;
  if (isPlainObject(args) && !Object.keys(args)[0]?.startsWith('$')) {
    for (const k of Object.keys(args)) {
      if (k !== 'field' && k !== 'input') throw parseError(3041701, `${name} found an unknown argument: ${k}`);
    }
    if (args.field === undefined) throw parseError(3041702, `${name} requires 'field' to be specified`);
    fieldRaw = args.field;
    if (args.input !== undefined) inputE = ctx.compile(args.input);
  } else {
    // `$getField: 'name'` (or an expression) is shorthand for `{field: ..., input: '$$CURRENT'}`.
    fieldRaw = args;
  }
  const field = constantField(name, ctx.compile(fieldRaw), fieldRaw, [5654600, 5654601, 5654602]);
  return (s) => {
    const obj = inputE ? inputE(s) : s.current;
    if (obj === undefined) return undefined;
    if (obj === null) return null;
    // A non-document input yields missing, as on the server.
    if (!isDocLike(obj)) return undefined;
    return fieldOf(obj, field);
  };
};

function parseSetLike(name: string, args: unknown, ctx: ParseContext, remove: boolean): Evaluator {
  if (!isPlainObject(args)) throw parseError(4161100, `${name} only supports an object as its argument`);
  for (const k of Object.keys(args)) {
    if (k !== 'field' && k !== 'input' && (remove || k !== 'value')) throw parseError(4161101, `${name} found an unknown argument: ${k}`);
  }
  if (args.field === undefined) throw parseError(4161102, `${name} requires 'field' to be specified`);
  if (!remove && args.value === undefined) throw parseError(4161103, `${name} requires 'value' to be specified`);
  if (args.input === undefined) throw parseError(4161109, `${name} requires 'input' to be specified`);
  const field = constantField(name, ctx.compile(args.field), args.field, [4161108, 4161106, 4161107]);
  const input = ctx.compile(args.input);
  const value = remove ? undefined : ctx.compile(args.value);
  return (s) => {
    const obj = input(s);
    if (isNullish(obj)) return null;
    if (!isDocLike(obj)) throw evalError(4161105, `${name} requires 'input' to evaluate to type Object`);
    const v = value ? value(s) : undefined;
    const out: Document = {};
    let placed = false;
    for (const [k, x] of documentEntries(obj)) {
      if (k === field) {
        placed = true;
        if (v !== undefined) setOwn(out, k, v);
      } else if (x !== undefined) {
        setOwn(out, k, x);
      }
    }
    if (!placed && v !== undefined) setOwn(out, field, v);
    return out;
  };
}

/** The object operator family. */
export const objectOperators: OperatorTable = {
  $mergeObjects: parseMergeObjects,
  $getField: parseGetField,
  $setField: (args, ctx, name) => parseSetLike(name, args, ctx, false),
  $unsetField: (args, ctx, name) => parseSetLike(name, args, ctx, true),
};
