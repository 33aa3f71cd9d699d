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

/** Parses the `{field, input[, value]}` form shared by `$getField`, `$setField` and `$unsetField`. */
function fieldArgs(
  name: string,
  args: unknown,
  ctx: ParseContext,
  allowed: readonly string[],
): { field: Evaluator; input: Evaluator | undefined; value: Evaluator | undefined } {
  if (!isPlainObject(args) || Object.keys(args).some((k) => k.startsWith('$'))) {
    if (name !== '$getField') throw parseError(4161100, `${name} only supports an object as its argument`);
    // `$getField: 'name'` (or an expression) is shorthand for `{field: ..., input: '$$CURRENT'}`.
    return { field: checkFieldConstant(name, ctx.compile(args)), input: undefined, value: undefined };
  }
  for (const k of Object.keys(args)) {
    if (!allowed.includes(k)) throw parseError(3041701, `${name} found an unknown argument: ${k}`);
  }
  if (args.field === undefined) throw parseError(3041702, `${name} requires 'field' to be specified`);
  if (name !== '$getField' && args.input === undefined) throw parseError(4161102, `${name} requires 'input' to be specified`);
  if (name === '$setField' && args.value === undefined) throw parseError(4161103, `${name} requires 'value' to be specified`);
  return {
    field: checkFieldConstant(name, ctx.compile(args.field)),
    input: args.input === undefined ? undefined : ctx.compile(args.input),
    value: args.value === undefined ? undefined : ctx.compile(args.value),
  };
}

function checkFieldConstant(name: string, ev: Evaluator): Evaluator {
  const c = constantOf(ev);
  if (c && typeof c.value !== 'string') {
    throw parseError(5654602, `${name} requires 'field' to evaluate to a constant, but got a non-constant argument`);
  }
  return ev;
}

function fieldName(name: string, v: unknown): string {
  if (typeof v !== 'string') {
    throw evalError(3041704, `${name} requires 'field' to evaluate to type String, but got ${typeName(v)}`);
  }
  return v;
}

const parseGetField: OperatorParser = (args, ctx, name) => {
  const { field, input } = fieldArgs(name, args, ctx, ['field', 'input']);
  return (s) => {
    const f = fieldName(name, field(s));
    const obj = input ? input(s) : s.current;
    if (obj === undefined) return undefined;
    if (obj === null) return null;
    if (!isDocLike(obj)) {
      throw evalError(3041705, `${name} requires 'input' to evaluate to type Object, but got ${typeName(obj)}`);
    }
    return fieldOf(obj, f);
  };
};

function parseSetLike(name: string, args: unknown, ctx: ParseContext, remove: boolean): Evaluator {
  const { field, input, value } = fieldArgs(name, args, ctx, remove ? ['field', 'input'] : ['field', 'input', 'value']);
  return (s) => {
    const f = fieldName(name, field(s));
    const obj = input!(s);
    if (isNullish(obj)) return null;
    if (!isDocLike(obj)) {
      throw evalError(4161105, `${name} requires 'input' to evaluate to type Object, but got ${typeName(obj)}`);
    }
    const v = remove ? undefined : value!(s);
    const out: Document = {};
    let placed = false;
    for (const [k, x] of documentEntries(obj)) {
      if (k === f) {
        placed = true;
        if (v !== undefined) setOwn(out, k, v);
      } else if (x !== undefined) {
        setOwn(out, k, x);
      }
    }
    if (!placed && v !== undefined) setOwn(out, f, v);
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
