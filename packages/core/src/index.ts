/**
 * `@argon/core`: the branching and time-travel engine, its storage contract,
 * the in-memory store, and the MongoDB command layer shared by the wire server
 * and the driver wrapper.
 */
export * from './errors.js';
export * from './model/index.js';
export * from './storage/storage-backend.js';
export { float64Binary, readFloat64Binary } from './storage/float64-binary.js';
export { BsonWriter, UNENCODABLE } from './storage/bson-writer.js';
export * from './storage/memory-store.js';
export * from './naming/names.js';
export * from './logger.js';
export * from './engine/engine.js';
export * from './engine/snapshot.js';
export * from './engine/history-diff.js';
export * from './engine/project-state.js';
export * from './engine/view.js';
export { WriteBatch } from './engine/write-batch.js';
export { RawDocument } from './engine/raw-document.js';
export { LogDeltaEncoder } from './engine/checkpoint-codec.js';
export * from './commands/index.js';
