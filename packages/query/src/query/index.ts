/**
 * The MongoDB query language: filters compiled once into fast closures.
 */
export { compileFilter } from './compile-filter.js';
export { extractEqualities } from './equalities.js';
export { collectPathValues, type CollectPathOptions } from '../path/collect.js';
export type { CompiledFilter, FilterMatch, FilterOptions } from './types.js';
