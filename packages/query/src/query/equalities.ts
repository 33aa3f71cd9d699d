/**
 * Equality conditions of a filter, used to seed the document an upsert inserts.
 */
import { isPlainObject, type Document } from '../values/bson-type.js';
import { isOperatorDocument } from './field-predicate.js';
import { isRegexValue } from './regex.js';

/**
 * Equality conditions usable to seed an upsert: top-level `field: value`,
 * `field: {$eq: v}` and those inside `$and` (recursively). Returns
 * `[path, value]` pairs in filter order and skips every other condition
 * (ranges, `$in`, regexes, `$or`, ...). Values are returned as given.
 */
export function extractEqualities(filter: Document): Array<[string, unknown]> {
  const out: Array<[string, unknown]> = [];
  collect(filter, out);
  return out;
}

function collect(filter: Document, out: Array<[string, unknown]>): void {
  for (const key of Object.keys(filter)) {
    const raw = filter[key];
    const value = raw === undefined ? null : raw;
    if (key === '$and') {
      if (Array.isArray(value)) for (const clause of value) if (isPlainObject(clause)) collect(clause, out);
      continue;
    }
    if (key.startsWith('$')) continue;
    if (isOperatorDocument(value)) {
      if (Object.prototype.hasOwnProperty.call(value, '$eq')) {
        const eq = value.$eq;
        out.push([key, eq === undefined ? null : eq]);
      }
      continue;
    }
    if (isRegexValue(value)) continue;
    out.push([key, value]);
  }
}
