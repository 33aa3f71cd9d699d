/**
 * Public shapes of the update subsystem.
 */
import type { Document } from '../values/bson-type.js';

/** Per-document inputs of {@link CompiledUpdate.apply}. */
export interface UpdateContext {
  /** True when applying to a new document created by upsert (`$setOnInsert` applies only then). */
  isInsert: boolean;
  /** Array index the query matched, for the positional `$` operator (from `CompiledFilter.match(doc).arrayIndex`). */
  position?: number;
  /** Clock for `$currentDate` (and `$$NOW` in pipelines); default `new Date()`. */
  now?: Date;
}

/** A validated update, ready to apply to many documents. */
export interface CompiledUpdate {
  /** Which update style the document was. */
  readonly kind: 'operators' | 'replacement' | 'pipeline';
  /**
   * Returns a NEW document (never mutates `doc`; untouched subtrees are
   * shared). When the update changes nothing (MongoDB's no-op: every write
   * stores an identical value) it returns `doc` itself, so `result !== doc`
   * is MongoDB's "modified". Throws UpdateError with MongoDB's code.
   */
  apply(doc: Document, ctx: UpdateContext): Document;
}

/** Options of {@link compileUpdate}. */
export interface CompileUpdateOptions {
  /** The update command's `arrayFilters`, one filter per `$[identifier]`. */
  arrayFilters?: Document[];
  /** Variables visible to a pipeline-style update as `$$name` (the command's `let` constants). */
  variables?: Record<string, unknown>;
}
