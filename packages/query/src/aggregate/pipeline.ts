/**
 * Pipeline compilation and execution. A pipeline is validated and compiled
 * in full before any document flows, so a malformed stage fails the whole
 * command with MongoDB's error even on an empty collection.
 */
import { BadQueryError } from '../errors.js';
import { compileCollation, isPlainObject, normalizeValue } from '../values/index.js';
import type { Collator } from '../values/index.js';
import type { Document } from '../values/index.js';
import { formatValue } from '../expression/failures.js';
import { STAGES } from './stages/registry.js';
import type { CompiledPipeline, CompiledStage, PipelineContext, Runtime, StageParseContext } from './types.js';

/** Options of `compilePipeline`. */
export interface CompilePipelineOptions {
  /** True inside a `$facet` sub-pipeline. */
  inFacet?: boolean;
  /** True inside a `$lookup` or `$unionWith` sub-pipeline. */
  inSubPipeline?: boolean;
  /** Collation of string comparisons (a collation document or a compiled collator); binary when absent. */
  collation?: Document | Collator | null | undefined;
}

/** Compiles a pipeline once; the result can run over many inputs. */
export function compilePipeline(pipeline: unknown, options: CompilePipelineOptions = {}): CompiledPipeline {
  const collator = compileCollation(options.collation);
  if (!Array.isArray(pipeline)) {
    throw new BadQueryError(14, `'pipeline' option must be specified as an array, found: ${formatValue(pipeline)}`);
  }
  const stages: CompiledStage[] = [];
  pipeline.forEach((stage: unknown, index) => {
    if (!isPlainObject(stage)) {
      throw new BadQueryError(14, `Each element of the 'pipeline' array must be an object, found: ${formatValue(stage)}`);
    }
    const keys = Object.keys(stage).filter((k) => stage[k] !== undefined);
    if (keys.length !== 1) {
      throw new BadQueryError(
        40323,
        `A pipeline stage specification object must contain exactly one field, found ${keys.length}: ${formatValue(stage)}`,
      );
    }
    const name = keys[0]!;
    const parser = Object.prototype.hasOwnProperty.call(STAGES, name) ? STAGES[name] : undefined;
    if (!parser) throw new BadQueryError(40324, `Unrecognized pipeline stage name: '${name}'`);
    const ctx: StageParseContext = {
      collator,
      position: {
        index,
        count: pipeline.length,
        inFacet: options.inFacet ?? false,
        inSubPipeline: options.inSubPipeline ?? false,
      },
      compileSubPipeline: (p, o) =>
        compilePipeline(p, {
          collation: collator,
          inFacet: (options.inFacet ?? false) || (o.inFacet ?? false),
          inSubPipeline: (options.inSubPipeline ?? false) || (o.inSubPipeline ?? false),
        }),
    };
    stages.push(parser(stage[name], ctx, name));
  });
  return (input, rt) => {
    let stream: Iterable<Document> = input;
    for (const s of stages) stream = s(stream, rt);
    return stream;
  };
}

/** Resolves the per-run context. */
export function makeRuntime(ctx: PipelineContext = {}): Runtime {
  // Variables may come from application code with plain JS numbers; store them as BSON values.
  const vars: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(ctx.variables ?? {})) vars[k] = normalizeValue(v);
  return { now: ctx.now ?? new Date(), vars, lookup: ctx.lookup };
}

/**
 * Throws with MongoDB's message and code if a pipeline is malformed: not an
 * array (code 14), a stage that is not an object with exactly one field
 * (40323), an unknown stage (40324 "Unrecognized pipeline stage name:
 * '$foo'"), or an invalid stage or expression specification.
 */
export function validatePipeline(pipeline: unknown): asserts pipeline is Document[] {
  compilePipeline(pipeline);
}

/**
 * Runs an aggregation pipeline over `input` and returns the output documents.
 * Input documents are never mutated; output documents may share unchanged
 * subtrees with them. Validates the whole pipeline first.
 */
export function runPipeline(input: Iterable<Document>, pipeline: Document[], ctx?: PipelineContext): Document[] {
  const compiled = compilePipeline(pipeline, { collation: ctx?.collation });
  return Array.from(compiled(input, makeRuntime(ctx)));
}
