/**
 * `@argon/query`: MongoDB's value semantics, query language, update operators,
 * projection, sort and aggregation over BSON values held in memory.
 */
export * from './errors.js';
export * from './values/index.js';
