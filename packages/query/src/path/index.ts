/** Dotted field paths and the query language's walk along them. */
export { arrayIndexOf, getField, parseFieldPath, splitPath } from './field-path.js';
export { EMPTY_ARRAY, WALK_MODES, walkPath, type PathVisitor, type WalkMode } from './traverse.js';
export { collectPathValues, sortKeyAt, type CollectPathOptions } from './collect.js';
