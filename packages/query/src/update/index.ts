/**
 * MongoDB update semantics over in-memory BSON documents: operator updates
 * (`$set`, `$inc`, `$push`, … with dotted, positional and array-filter
 * paths), replacement documents and pipeline-style updates, plus the upsert
 * document builder and the `_id` immutability check.
 *
 * @example
 * ```ts
 * const update = compileUpdate({ $inc: { qty: -1 }, $push: { log: 'sold' } });
 * const after = update.apply(before, { isInsert: false });
 * ```
 */
export type { CompiledUpdate, CompileUpdateOptions, UpdateContext } from './types.js';
export { compileUpdate } from './compile.js';
export { buildUpsertDocument } from './upsert.js';
export { assertIdUnchanged } from './immutable.js';
