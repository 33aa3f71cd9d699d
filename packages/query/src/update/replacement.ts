/**
 * Replacement-style updates (`{a: 1, b: 2}`) and the final step of
 * pipeline-style ones: the new document takes the replacement's fields in
 * their order; the original `_id` is kept when the replacement has none and
 * may not change when it has one.
 */
import { ERROR_CODES, UpdateError } from '../errors.js';
import type { Document } from '../values/bson-type.js';
import { bsonTypeOf, Timestamp } from '../values/bson-type.js';
import { cloneValue, normalizeDocument } from '../values/normalize.js';
import { identicalValues } from './identical.js';
import { assertIdStorable, assertIdUnchanged } from './immutable.js';
import { setField } from './workspace.js';

function dollarPrefixed(field: string): UpdateError {
  return new UpdateError(
    ERROR_CODES.DollarPrefixedFieldName,
    `The dollar ($) prefixed field '${field}' in '${field}' is not allowed in the context of an update's replacement document. Consider using an aggregation pipeline with $replaceWith.`,
  );
}

/** Validates and normalizes a replacement document (no top-level `$` names). */
export function prepareReplacement(replacement: Document): Document {
  for (const key of Object.keys(replacement)) {
    if (replacement[key] !== undefined && key.startsWith('$')) throw dollarPrefixed(key);
  }
  return normalizeDocument(cloneValue(replacement));
}

function isZeroTimestamp(v: unknown): boolean {
  if (bsonTypeOf(v) !== 'timestamp') return false;
  const t = v as Timestamp;
  return t.high === 0 && t.low === 0;
}

/**
 * Produces the document that replaces `original`. With `fillTimestamps`, top-level
 * `Timestamp(0, 0)` values other than `_id` become the current time, as mongod
 * does for replacement documents. Returns `original` itself when nothing changes.
 */
export function replaceDocument(
  original: Document,
  replacement: Document,
  opts: { now: Date; fillTimestamps: boolean },
): Document {
  const out: Document = {};
  // The original _id survives (in first position) unless the replacement brings its own.
  if (replacement._id === undefined && original._id !== undefined) out._id = original._id;
  let tick = 0;
  for (const [key, value] of Object.entries(replacement)) {
    if (value === undefined) continue;
    if (opts.fillTimestamps && key !== '_id' && isZeroTimestamp(value)) {
      tick += 1;
      setField(out, key, new Timestamp({ t: Math.floor(opts.now.getTime() / 1000), i: tick }));
    } else {
      setField(out, key, value);
    }
  }
  if (original._id !== undefined && out._id !== undefined) assertIdUnchanged(original, out);
  assertIdStorable(out);
  return identicalValues(original, out) ? original : out;
}
