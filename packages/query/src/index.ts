/**
 * `@argon/query`: MongoDB's value semantics, query language, update operators,
 * projection, sort and aggregation over BSON values held in memory.
 */
export * from './errors.js';
export * from './values/index.js';
export { compileExpression, isTruthy } from './expression/index.js';
export { compilePipeline, makeRuntime, runPipeline, validatePipeline } from './aggregate/index.js';
export type { CompiledPipeline, PipelineContext, Runtime } from './aggregate/index.js';
export * from './update/index.js';
export * from './query/index.js';
export * from './projection/index.js';
export * from './sort/index.js';
