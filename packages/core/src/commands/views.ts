/**
 * Read-only views: a view is a catalog entry (`create` with `viewOn` and
 * `pipeline`) of a branch, so it has history and branches like any
 * collection. Reading a view runs its pipeline over the source collection
 * of the same snapshot: the same branch and point in time.
 */
import { isPlainObject, runPipeline, valuesEqual, compileCollation } from '@argon/query';
import { ArgonError, ARGON_CODES, MONGO_CODES } from '../errors.js';
import type { Snapshot } from '../engine/snapshot.js';
import type { Doc } from './command.js';

/** Views may nest this deep (mongod's ViewGraph::kMaxViewDepth). */
export const MAX_VIEW_DEPTH = 20;

/** A view resolved down to the collection its documents come from. */
export interface ResolvedView {
  /** The collection at the bottom of the view chain. */
  readonly source: string;
  /** The pipelines of every view in the chain, innermost first, concatenated. */
  readonly pipeline: Doc[];
  /** The view's default collation document (undefined: binary). */
  readonly collation: Doc | undefined;
}

/** The view definition stored in a collection's options, or undefined for a collection. */
export function viewDefinition(options: Doc): { viewOn: string; pipeline: Doc[] } | undefined {
  if (typeof options.viewOn !== 'string') return undefined;
  const pipeline = Array.isArray(options.pipeline) ? (options.pipeline as Doc[]) : [];
  return { viewOn: options.viewOn, pipeline };
}

/**
 * Resolves `coll` if it is a view of this snapshot (undefined for a
 * collection or a missing name). Chains of views are flattened; a chain
 * deeper than 20 (or a cycle) fails with 165 ViewDepthLimitExceeded.
 */
export function resolveView(snapshot: Snapshot, coll: string): ResolvedView | undefined {
  const top = snapshot.info(coll);
  const first = viewDefinition(top.options);
  if (!first) return undefined;
  const pipelines: Doc[][] = [];
  let def: { viewOn: string; pipeline: Doc[] } | undefined = first;
  let source = coll;
  for (let depth = 0; def; depth++) {
    if (depth >= MAX_VIEW_DEPTH) {
      throw new ArgonError(`View depth too deep or view cycle detected; maximum depth is ${MAX_VIEW_DEPTH}`, { code: MONGO_CODES.ViewDepthLimitExceeded, codeName: 'ViewDepthLimitExceeded', argonCode: ARGON_CODES.BAD_INPUT });
    }
    pipelines.unshift(def.pipeline);
    source = def.viewOn;
    def = viewDefinition(snapshot.info(source).options);
  }
  const collation = isPlainObject(top.options.collation) ? top.options.collation : undefined;
  return { source, pipeline: pipelines.flat(), collation };
}

/**
 * Documents of a collection or a view as of the snapshot. A view's pipeline
 * runs with its own collation; `$lookup` and `$unionWith` inside it read
 * through this function too, so they may name views.
 */
export function readDocuments(snapshot: Snapshot, coll: string, now: Date = new Date()): Iterable<Doc> {
  const view = resolveView(snapshot, coll);
  if (!view) return snapshot.scan(coll);
  return runPipeline(snapshot.scan(view.source), view.pipeline, {
    now,
    lookup: (c) => readDocuments(snapshot, c, now),
    ...(view.collation ? { collation: view.collation } : {}),
  });
}

/**
 * Throws 167 OptionNotSupportedOnView when a command on a view asks for a
 * collation other than the view's default (mongod refuses to override it).
 */
export function assertViewCollation(view: ResolvedView, requested: Doc | undefined, ns: string): void {
  if (requested === undefined) return;
  const want = compileCollation(requested)?.spec;
  const have = compileCollation(view.collation)?.spec;
  const same = want === undefined || have === undefined ? want === have : valuesEqual(want, have);
  if (!same) {
    throw new ArgonError(`Cannot override a view's default collation ${ns}`, { code: MONGO_CODES.OptionNotSupportedOnView, codeName: 'OptionNotSupportedOnView', argonCode: ARGON_CODES.BAD_INPUT });
  }
}
