/**
 * `_id` rules shared by every update style: it is immutable, it comes first
 * in a stored document, and it may not be an array, a regex or undefined.
 */
import { ERROR_CODES, UpdateError } from '../errors.js';
import type { Document } from '../values/bson-type.js';
import { bsonTypeOf } from '../values/bson-type.js';
import { valuesEqual } from '../values/compare.js';
import { formatElement, formatValue } from './format.js';
import { setField } from './workspace.js';

/**
 * Throws code 66 ImmutableField when `after._id` differs from `before._id`
 * (compared as MongoDB compares values, so `1` and `1.0` are the same id),
 * or when `after` lost the `_id` that `before` had.
 */
export function assertIdUnchanged(before: Document, after: Document): void {
  if (before._id === undefined) return;
  if (after._id === undefined) {
    throw new UpdateError(
      ERROR_CODES.ImmutableField,
      `After applying the update, the '_id' (required and immutable) field was found to have been removed --${formatValue(before)}`,
    );
  }
  if (!valuesEqual(before._id, after._id)) {
    throw new UpdateError(
      ERROR_CODES.ImmutableField,
      `After applying the update, the (immutable) field '_id' was found to have been altered to ${formatElement('_id', after._id)}`,
    );
  }
}

/** Throws code 53 InvalidIdField when `_id` holds a type a stored document may not use. */
export function assertIdStorable(doc: Document): void {
  const t = bsonTypeOf(doc._id);
  if (t === 'array' || t === 'regex' || t === 'undefined') {
    throw new UpdateError(ERROR_CODES.InvalidIdField, `The '_id' value cannot be of type ${t}`);
  }
}

/** Returns the document with `_id` as its first field (the same object when it already is). */
export function ensureIdFirst(doc: Document): Document {
  if (doc._id === undefined) return doc;
  const keys = Object.keys(doc);
  if (keys[0] === '_id') return doc;
  const out: Document = { _id: doc._id };
  for (const k of keys) if (k !== '_id') setField(out, k, doc[k]);
  return out;
}
