/** Sorting documents as MongoDB's `sort` does. */
export { compileSort, type DocumentComparator } from './compile-sort.js';
