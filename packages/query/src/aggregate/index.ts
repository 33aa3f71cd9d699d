/**
 * The aggregation pipeline over in-memory documents.
 *
 * @example
 * ```ts
 * runPipeline(docs, [{ $match: { status: 'A' } }, { $group: { _id: '$cust', total: { $sum: '$amount' } } }]);
 * ```
 */
export { compilePipeline, makeRuntime, runPipeline, validatePipeline } from './pipeline.js';
export type { CompiledPipeline, PipelineContext, Runtime } from './types.js';
