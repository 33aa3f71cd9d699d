/**
 * Shapes shared by the filter compiler's parts.
 */
import type { Document } from '../values/bson-type.js';
import type { Collator } from '../values/collation.js';

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

/** Options of `compileFilter`. */
export interface FilterOptions {
  /**
   * The collation of string comparisons (`$eq`, `$in`, ranges, ...): a
   * collation document (`{locale: 'en', strength: 2}`) or a compiled
   * collator. Absent, null or `{locale: 'simple'}` compares binary.
   */
  readonly collation?: Document | Collator | null | undefined;
  /**
   * Variables visible to `$expr` anywhere in the filter as `$$name` (a
   * command's `let` constants, `$lookup`'s `let` variables). Values are BSON.
   */
  readonly variables?: Readonly<Record<string, unknown>> | undefined;
  /** The value of `$$NOW` in `$expr`; absent, each evaluation reads the clock. */
  readonly now?: Date | undefined;
}

/** A filter parsed once into closures, ready to test many documents. */
export interface CompiledFilter {
  /** The filter document as given (`{}` when none was). */
  readonly filter: Document;
  /** The collation strings compare with (undefined: binary comparison). */
  readonly collator: Collator | undefined;
  /** True when the filter holds an `$expr`, whose result may depend on variables. */
  readonly hasExpr: boolean;
  /** True when the document matches. */
  test(doc: Document): boolean;
  /** Matches the document and reports the array index used by the positional `$`. */
  match(doc: Document): FilterMatch;
  /**
   * The same filter with other `$expr` variables (and `$$NOW`), without
   * parsing it again: for filters compiled once and run with per-run
   * variables, as in a `$lookup` sub-pipeline. Values must be BSON values
   * (as a pipeline runtime holds them).
   */
  bind(variables: Readonly<Record<string, unknown>>, now?: Date): CompiledFilter;
}

/** Parse-time settings shared by every part of one filter. */
export interface FilterContext {
  /** The collation of string comparisons, if not binary. */
  readonly collator: Collator | undefined;
  /** Set when the filter holds an `$expr`. */
  hasExpr: boolean;
}

/** What `$expr` evaluates with: user variables and `$$NOW`. */
export interface MatchEnv {
  readonly vars: Readonly<Record<string, unknown>>;
  readonly now: Date | undefined;
}

/** Mutable match details threaded through a match (MongoDB's MatchDetails). */
export interface MatchDetails {
  arrayIndex?: number;
}

/**
 * A compiled predicate over a whole document; records into `details` when
 * given. `env` carries `$expr`'s variables through `$and`, `$or` and `$nor`.
 */
export type DocMatcher = (doc: Document, details: MatchDetails | undefined, env?: MatchEnv) => boolean;

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
