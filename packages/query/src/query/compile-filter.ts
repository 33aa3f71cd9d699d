/**
 * `compileFilter`: parse a MongoDB filter once into closures.
 */
import { BadQueryError } from '../errors.js';
import { isPlainObject, type Document } from '../values/bson-type.js';
import { parseFilterDocument } from './parse-filter.js';
import type { CompiledFilter, FilterMatch, MatchDetails } from './types.js';

const EMPTY: Document = Object.freeze({}) as Document;

/**
 * Compiles a MongoDB filter. Invalid filters throw `BadQueryError` with
 * MongoDB's code and message (e.g. `unknown operator: $foo`). `null` or
 * `undefined` matches every document.
 *
 * @example
 * const f = compileFilter({ qty: { $gte: 10 }, tags: 'red' });
 * f.test({ qty: new Int32(12), tags: ['red', 'blue'] }); // true
 */
export function compileFilter(filter: Document | undefined | null): CompiledFilter {
  if (filter === undefined || filter === null) return compiled(EMPTY, () => true);
  if (!isPlainObject(filter)) throw new BadQueryError(2, 'filter must be a document');
  return compiled(filter, parseFilterDocument(filter, 'top'));
}

function compiled(filter: Document, m: (doc: Document, details: MatchDetails | undefined) => boolean): CompiledFilter {
  return {
    filter,
    test: (doc) => m(doc, undefined),
    match: (doc): FilterMatch => {
      const details: MatchDetails = {};
      if (!m(doc, details)) return { matched: false };
      return details.arrayIndex === undefined ? { matched: true } : { matched: true, arrayIndex: details.arrayIndex };
    },
  };
}
