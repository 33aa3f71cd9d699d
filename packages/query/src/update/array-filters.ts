/**
 * The `arrayFilters` option: each filter names one identifier (the first
 * component of its field paths) and selects the array elements that
 * `$[identifier]` updates. Filters are compiled once per update.
 */
import { ERROR_CODES, UpdateError } from '../errors.js';
import { compileFilter } from '../query/index.js';
import type { Document } from '../values/bson-type.js';
import { isPlainObject } from '../values/bson-type.js';
import { typeName } from './format.js';

/** Array-filter predicates by identifier. */
export type ArrayFilters = ReadonlyMap<string, (element: unknown) => boolean>;

const LOGICAL = new Set(['$and', '$or', '$nor']);

/** Collects the top-level field names (first path components) a filter constrains. */
function topLevelNames(filter: Document, out: string[]): void {
  for (const [key, value] of Object.entries(filter)) {
    if (value === undefined) continue;
    if (LOGICAL.has(key)) {
      if (Array.isArray(value)) for (const sub of value) if (isPlainObject(sub)) topLevelNames(sub, out);
    } else if (!key.startsWith('$')) {
      out.push(key.split('.')[0]!);
    }
  }
}

/** Parses and compiles `arrayFilters`; throws mongod's errors for malformed filters. */
export function compileArrayFilters(filters: readonly unknown[] | undefined): ArrayFilters {
  const out = new Map<string, (element: unknown) => boolean>();
  for (const filter of filters ?? []) {
    if (!isPlainObject(filter)) {
      throw new UpdateError(ERROR_CODES.TypeMismatch, `Each array filter must be an object, found ${typeName(filter)}`);
    }
    const names: string[] = [];
    topLevelNames(filter, names);
    if (names.length === 0) {
      throw new UpdateError(ERROR_CODES.FailedToParse, 'Cannot use an expression without a top-level field name in arrayFilters');
    }
    const id = names[0]!;
    const other = names.find((n) => n !== id);
    if (other !== undefined) {
      throw new UpdateError(
        ERROR_CODES.FailedToParse,
        `Error parsing array filter :: caused by :: Expected a single top-level field name, found '${id}' and '${other}'`,
      );
    }
    if (!/^[a-z][a-zA-Z0-9]*$/.test(id)) {
      throw new UpdateError(
        ERROR_CODES.BadValue,
        `Error parsing array filter :: caused by :: The top-level field name must be an alphanumeric string beginning with a lowercase letter, found '${id}'`,
      );
    }
    if (out.has(id)) {
      throw new UpdateError(ERROR_CODES.FailedToParse, `Found multiple array filters with the same top-level field name ${id}`);
    }
    const compiled = compileFilter(filter);
    out.set(id, (element) => compiled.test({ [id]: element }));
  }
  return out;
}
