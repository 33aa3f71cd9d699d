/**
 * Shapes shared by the filter compiler's parts.
 */
import type { Document } from '../values/bson-type.js';

/** Result of matching one document against a compiled filter. */
export interface FilterMatch {
  matched: boolean;
  /**
   * For the positional `$` update/projection operator: index of the array
   * element that satisfied the filter's predicate on an array path (undefined
   * when no array was traversed). As in MongoDB, when several predicates of an
   * `$and` traverse arrays the last one evaluated wins, and predicates under
   * `$or` (with more than one branch), `$nor` and `$not` record nothing.
   */
  arrayIndex?: number;
}

/** A filter parsed once into closures, ready to test many documents. */
export interface CompiledFilter {
  /** The filter document as given (`{}` when none was). */
  readonly filter: Document;
  /** True when the document matches. */
  test(doc: Document): boolean;
  /** Matches the document and reports the array index used by the positional `$`. */
  match(doc: Document): FilterMatch;
}

/** Mutable match details threaded through a match (MongoDB's MatchDetails). */
export interface MatchDetails {
  arrayIndex?: number;
}

/** A compiled predicate over a whole document; records into `details` when given. */
export type DocMatcher = (doc: Document, details: MatchDetails | undefined) => boolean;

/** A compiled predicate over one value found at a path (MongoDB's matchesSingleElement). */
export type ValueTest = (value: unknown, details: MatchDetails | undefined) => boolean;

/**
 * A compiled field-level operator (`$gt: 5`, `$elemMatch: {...}`, ...). It can
 * be tested against a single value (inside `$elemMatch`) or bound to a path.
 */
export interface OperatorNode {
  /** Tests one value, without walking into arrays. */
  readonly single: ValueTest;
  /** Builds the predicate that applies this operator to the values at a path. */
  atPath(parts: readonly string[]): DocMatcher;
}

/** Where the parser is: the user's top level, or inside `$elemMatch`. */
export type ParseLevel = 'top' | 'sub';
