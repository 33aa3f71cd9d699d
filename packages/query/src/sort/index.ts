/** Sorting documents as MongoDB's `sort` does. */
export { compileSort, type DocumentComparator, type SortOptions } from './compile-sort.js';
