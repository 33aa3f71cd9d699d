/** Shared types of the pipeline compiler. */
import type { Document } from '../values/index.js';
import type { Scope } from '../expression/index.js';
import type { Collator } from '../values/collation.js';

/** Per-run inputs of a pipeline. */
export interface PipelineContext {
  /** The value of `$$NOW` (and `$$CLUSTER_TIME`); defaults to the time the run starts. */
  now?: Date;
  /** Documents of another collection in the same branch and point in time, for `$lookup` / `$unionWith`. */
  lookup?: (collection: string) => Iterable<Document>;
  /** User variables (the aggregate command's `let`), by name without `$$`. */
  variables?: Record<string, unknown>;
  /**
   * The collation of string comparisons in `$match`, `$sort`, `$group` keys,
   * `$lookup` equality and sub-pipelines: a collation document or a compiled
   * collator. Binary when absent. Used when the pipeline is compiled.
   */
  collation?: Document | Collator | null;
}

/** The resolved context a compiled stage runs with. */
export interface Runtime {
  readonly now: Date;
  readonly vars: Readonly<Record<string, unknown>>;
  readonly lookup: ((collection: string) => Iterable<Document>) | undefined;
}

/** A compiled stage: a lazy transformation of a document stream. */
export type CompiledStage = (input: Iterable<Document>, rt: Runtime) => Iterable<Document>;

/** A compiled pipeline (a composition of stages). */
export type CompiledPipeline = (input: Iterable<Document>, rt: Runtime) => Iterable<Document>;

/** Where a stage sits, for stages that are only valid in some positions. */
export interface StagePosition {
  /** Index of the stage in its pipeline. */
  readonly index: number;
  /** Number of stages in the pipeline. */
  readonly count: number;
  /** True inside a `$facet` sub-pipeline. */
  readonly inFacet: boolean;
  /** True inside a `$lookup` or `$unionWith` sub-pipeline. */
  readonly inSubPipeline: boolean;
}

/** Services given to stage parsers. */
export interface StageParseContext {
  readonly position: StagePosition;
  /** The pipeline's collation (undefined: binary comparison); sub-pipelines inherit it. */
  readonly collator: Collator | undefined;
  /** Compiles a nested pipeline (`$facet`, `$lookup`, `$unionWith`). */
  compileSubPipeline(pipeline: unknown, options: { inFacet?: boolean; inSubPipeline?: boolean }): CompiledPipeline;
}

/** Parses one stage specification (the value under `$stage`). */
export type StageParser = (spec: unknown, ctx: StageParseContext, name: string) => CompiledStage;

/** The expression scope of a document evaluated by a stage. */
export function scopeFor(doc: Document, rt: Runtime): Scope {
  return { root: doc, current: doc, vars: rt.vars, now: rt.now };
}
