/**
 * Dotted-path access on documents without array traversal, as stages such as
 * `$unwind`, `$lookup`'s `as` and `$count` use it. Writes copy the documents
 * along the path and share everything else.
 */
import { isPlainObject } from '../values/index.js';
import type { Document } from '../values/index.js';
import { fieldOf, isDocLike, setOwn } from '../expression/field-path.js';

/** Reads a dotted path; arrays along the way yield missing. */
export function getPath(doc: Document, parts: readonly string[]): unknown {
  let cur: unknown = doc;
  for (const p of parts) {
    if (!isDocLike(cur)) return undefined;
    cur = fieldOf(cur, p);
  }
  return cur;
}

/** Copies a document's own fields into a fresh plain object (DBRefs become documents). */
export function copyDocument(doc: object): Document {
  const out: Document = {};
  if (isPlainObject(doc)) {
    for (const k of Object.keys(doc)) {
      const v = doc[k];
      if (v !== undefined) setOwn(out, k, v);
    }
    return out;
  }
  return out;
}

/**
 * Returns a copy of `doc` with `parts` set to `value` (or removed when
 * `value` is undefined). Intermediate non-documents are replaced by documents.
 */
export function setPath(doc: Document, parts: readonly string[], value: unknown, i = 0): Document {
  const key = parts[i]!;
  const out = copyDocument(doc);
  if (i === parts.length - 1) {
    if (value === undefined) delete out[key];
    else setOwn(out, key, value);
    return out;
  }
  const child = out[key];
  const base = isPlainObject(child) ? child : {};
  if (value === undefined && !isPlainObject(child)) return out;
  setOwn(out, key, setPath(base, parts, value, i + 1));
  return out;
}
