export * from './bson-type.js';
export * from './numeric.js';
export * from './compare.js';
export * from './id-key.js';
export * from './normalize.js';
export * from './collation.js';
