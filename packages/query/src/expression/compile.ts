/**
 * The expression compiler: turns an aggregation expression into an
 * `Evaluator` once, so that evaluation per document does no parsing.
 */
import { isPlainObject, normalizeValue } from '../values/index.js';
import type { Collator, Document } from '../values/index.js';
import { compileFieldPath } from './field-path.js';
import { formatValue, parseError } from './failures.js';
import type { Evaluator, OperatorTable, ParseContext } from './types.js';
import { OPERATORS } from './operators/registry.js';
import { constantEvaluator, constantOf } from './constant.js';
import { setOwn } from './field-path.js';

const CONTEXT: ParseContext = { compile: (expr) => compileWith(expr, CONTEXT) };
const COLLATED = new WeakMap<Collator, ParseContext>();

function contextFor(collator: Collator | undefined): ParseContext {
  if (!collator) return CONTEXT;
  let ctx = COLLATED.get(collator);
  if (!ctx) {
    const c: ParseContext = { compile: (expr) => compileWith(expr, c), collator };
    COLLATED.set(collator, (ctx = c));
  }
  return ctx;
}

/**
 * Compiles any expression into an evaluator (internal entry point). With a
 * `collator`, string comparisons (`$eq` ... `$cmp`, `$in`) use it.
 */
export function compileInternal(expr: unknown, collator?: Collator): Evaluator {
  return compileWith(expr, contextFor(collator));
}

function compileWith(expr: unknown, ctx: ParseContext): Evaluator {
  if (typeof expr === 'string') return expr.startsWith('$') ? compileFieldPath(expr) : constantEvaluator(expr);
  if (Array.isArray(expr)) return compileArray(expr, ctx);
  if (isPlainObject(expr)) return compileObject(expr, ctx);
  return constantEvaluator(normalizeValue(expr));
}

function compileArray(items: unknown[], ctx: ParseContext): Evaluator {
  const evs = items.map((e) => compileWith(e, ctx));
  if (evs.every((e) => constantOf(e) !== undefined)) {
    return constantEvaluator(evs.map((e) => constantOf(e)!.value ?? null));
  }
  // Missing results inside an array literal become null, as in MongoDB.
  return (s) => evs.map((e) => e(s) ?? null);
}

/** Looks up an operator, covering both the operator table and unsupported names. */
function operatorFor(name: string, table: OperatorTable) {
  const parser = table[name];
  if (parser && Object.prototype.hasOwnProperty.call(table, name)) return parser;
  throw parseError(168, `Unrecognized expression '${name}'`);
}

function compileObject(obj: Document, ctx: ParseContext): Evaluator {
  const keys = Object.keys(obj).filter((k) => obj[k] !== undefined);
  const first = keys[0];
  if (first !== undefined && first.startsWith('$')) {
    if (keys.length !== 1) {
      throw parseError(
        15983,
        `an expression specification must contain exactly one field, the name of the expression. Found ${keys.length} fields in ${formatValue(obj)}`,
      );
    }
    return operatorFor(first, OPERATORS)(obj[first], ctx, first);
  }
  const fields: [string, Evaluator][] = [];
  for (const k of keys) {
    validateOutputFieldName(k);
    fields.push([k, compileWith(obj[k], ctx)]);
  }
  if (fields.every(([, e]) => constantOf(e) !== undefined)) {
    const out: Document = {};
    for (const [k, e] of fields) {
      const v = constantOf(e)!.value;
      if (v !== undefined) setOwn(out, k, v);
    }
    return constantEvaluator(out);
  }
  return (s) => {
    const out: Document = {};
    for (const [k, e] of fields) {
      const v = e(s);
      if (v !== undefined) setOwn(out, k, v);
    }
    return out;
  };
}

/** Validates a field name of an expression object (no `$` prefix, no dots). */
function validateOutputFieldName(k: string): void {
  if (k === '') throw parseError(16412, `FieldPath field names may not be empty strings.`);
  if (k.startsWith('$')) {
    throw parseError(16410, `FieldPath field names may not start with '$'. Consider using $getField or $setField.`);
  }
  if (k.includes('.')) throw parseError(16412, `FieldPath field names may not contain '.'. (in '${k}')`);
}

