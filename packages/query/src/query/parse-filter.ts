/**
 * Top level of a filter: field predicates joined by an implicit `$and`, and
 * the operators that take no path (`$and`, `$or`, `$nor`, `$expr`, ...).
 */
import { BadQueryError } from '../errors.js';
import { compileEvaluator, isTruthy } from '../expression/index.js';
import { isPlainObject, type Document } from '../values/bson-type.js';
import { decodeNumber, toDouble } from '../values/numeric.js';
import { comparisonTest } from './comparison.js';
import { parseFieldPredicate } from './field-predicate.js';
import { andMatchers, bindPath } from './nodes.js';
import { WALK_MODES } from '../path/traverse.js';
import type { DocMatcher, FilterContext, ParseLevel } from './types.js';

const NO_VARIABLES: Readonly<Record<string, unknown>> = Object.freeze({});

/** Operators valid at the top level of a filter (MongoDB's pathless operators). */
const PATHLESS_OPERATORS: ReadonlySet<string> = new Set([
  '$and', '$or', '$nor', '$expr', '$comment', '$where', '$text', '$jsonSchema', '$alwaysTrue',
  '$alwaysFalse', '$sampleRate', '$id', '$ref', '$db',
]);

/** True for an operator that applies to a whole document rather than to a path. */
export function isPathlessOperator(name: string): boolean {
  return PATHLESS_OPERATORS.has(name);
}

/** Compiles a filter document. `level` is `'sub'` inside `$elemMatch`, where `$expr` is banned. */
export function parseFilterDocument(filter: Document, level: ParseLevel, ctx: FilterContext): DocMatcher {
  const matchers: DocMatcher[] = [];
  for (const key of Object.keys(filter)) {
    const raw = filter[key];
    const value = raw === undefined ? null : raw;
    if (key.startsWith('$')) {
      const m = parsePathless(key, value, level, ctx);
      if (m) matchers.push(m);
    } else {
      matchers.push(parseFieldPredicate(key, value, ctx));
    }
  }
  return andMatchers(matchers);
}

function parsePathless(op: string, value: unknown, level: ParseLevel, ctx: FilterContext): DocMatcher | null {
  switch (op) {
    case '$and':
      return andMatchers(parseClauses(op, value, level, ctx));
    case '$or': {
      const clauses = parseClauses(op, value, level, ctx);
      // A single-clause $or is its clause, so positional information survives it as in MongoDB.
      if (clauses.length === 1) return clauses[0]!;
      return (doc, _details, env) => {
        for (const c of clauses) if (c(doc, undefined, env)) return true;
        return false;
      };
    }
    case '$nor': {
      const clauses = parseClauses(op, value, level, ctx);
      return (doc, _details, env) => {
        for (const c of clauses) if (c(doc, undefined, env)) return false;
        return true;
      };
    }
    case '$expr': {
      if (level === 'sub') throw new BadQueryError(2, '$expr can only be applied to the top-level document');
      const evaluate = compileEvaluator(value, ctx.collator);
      ctx.hasExpr = true;
      return (doc, _details, env) =>
        isTruthy(evaluate({ root: doc, current: doc, vars: env?.vars ?? NO_VARIABLES, now: env?.now ?? new Date() }));
    }
    case '$comment':
      return null;
    case '$alwaysTrue':
    case '$alwaysFalse': {
      const n = decodeNumber(value);
      if (!n || toDouble(value) !== 1) throw new BadQueryError(9, `${op} must be an integer value of 1`);
      const result = op === '$alwaysTrue';
      return () => result;
    }
    case '$sampleRate': {
      if (!decodeNumber(value)) throw new BadQueryError(2, `argument to $sampleRate must be a numeric type`);
      const rate = toDouble(value);
      if (!(rate >= 0 && rate <= 1)) throw new BadQueryError(2, 'numeric argument to $sampleRate must be in [0, 1]');
      return () => Math.random() < rate;
    }
    case '$id':
    case '$ref':
    case '$db':
      // Fields of a DBRef-shaped document: always an equality on the literal field name.
      return bindPath([op], WALK_MODES.query, comparisonTest('eq', value, ctx.collator));
    case '$where':
      throw new BadQueryError(2, '$where is not supported by Argon (it runs server-side JavaScript); use $expr instead');
    case '$text':
      throw new BadQueryError(27, 'text index required for $text query (Argon does not support text search)');
    case '$jsonSchema':
      throw new BadQueryError(2, '$jsonSchema is not supported by Argon; express the condition with query operators');
    default:
      throw new BadQueryError(2, `unknown top level operator: ${op}. If you have a field name that starts with a '$' symbol, consider using $getField or $setField.`);
  }
}

function parseClauses(op: string, value: unknown, level: ParseLevel, ctx: FilterContext): DocMatcher[] {
  if (!Array.isArray(value)) throw new BadQueryError(2, `${op} must be an array`);
  if (value.length === 0) throw new BadQueryError(2, '$and/$or/$nor must be a nonempty array');
  return value.map((clause: unknown) => {
    if (!isPlainObject(clause)) throw new BadQueryError(2, '$or/$and/$nor entries need to be full objects');
    return parseFilterDocument(clause, level, ctx);
  });
}
