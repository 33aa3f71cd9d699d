/**
 * `compileFilter`: parse a MongoDB filter once into closures.
 */
import { BadQueryError } from '../errors.js';
import { isPlainObject, type Document } from '../values/bson-type.js';
import { compileCollation } from '../values/collation.js';
import { normalizeValue } from '../values/normalize.js';
import { parseFilterDocument } from './parse-filter.js';
import type { CompiledFilter, DocMatcher, FilterContext, FilterMatch, FilterOptions, MatchDetails, MatchEnv } from './types.js';

const EMPTY: Document = Object.freeze({}) as Document;

/**
 * Compiles a MongoDB filter. Invalid filters throw `BadQueryError` with
 * MongoDB's code and message (e.g. `unknown operator: $foo`). `null` or
 * `undefined` matches every document.
 *
 * `options.collation` makes string comparisons locale-aware;
 * `options.variables` are visible to every `$expr` of the filter (also
 * inside `$and`, `$or` and `$nor`) as `$$name`.
 *
 * @example
 * const f = compileFilter({ qty: { $gte: 10 }, tags: 'red' });
 * f.test({ qty: new Int32(12), tags: ['red', 'blue'] }); // true
 * compileFilter({ name: 'ÉMILE' }, { collation: { locale: 'fr', strength: 1 } }).test({ name: 'emile' }); // true
 * compileFilter({ $expr: { $gt: ['$qty', '$$min'] } }, { variables: { min: new Int32(5) } });
 */
export function compileFilter(filter: Document | undefined | null, options?: FilterOptions): CompiledFilter {
  const collator = compileCollation(options?.collation);
  const env = envOf(options?.variables, options?.now, true);
  if (filter === undefined || filter === null) {
    return compiled(EMPTY, () => true, { collator, hasExpr: false }, env);
  }
  if (!isPlainObject(filter)) throw new BadQueryError(2, 'filter must be a document');
  const ctx: FilterContext = { collator, hasExpr: false };
  return compiled(filter, parseFilterDocument(filter, 'top', ctx), ctx, env);
}

// Variables given to compileFilter may hold plain JS values; bound ones are already BSON.
function envOf(variables: Readonly<Record<string, unknown>> | undefined, now: Date | undefined, normalize: boolean): MatchEnv | undefined {
  if (variables === undefined && now === undefined) return undefined;
  if (!normalize) return { vars: variables ?? {}, now };
  const vars: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(variables ?? {})) vars[k] = normalizeValue(v);
  return { vars, now };
}

function compiled(filter: Document, m: DocMatcher, ctx: FilterContext, env: MatchEnv | undefined): CompiledFilter {
  return {
    filter,
    collator: ctx.collator,
    hasExpr: ctx.hasExpr,
    test: (doc) => m(doc, undefined, env),
    match: (doc): FilterMatch => {
      const details: MatchDetails = {};
      if (!m(doc, details, env)) return { matched: false };
      return details.arrayIndex === undefined ? { matched: true } : { matched: true, arrayIndex: details.arrayIndex };
    },
    bind: (variables, now) => compiled(filter, m, ctx, envOf(variables, now, false)),
  };
}
