/**
 * The document an upsert inserts when its filter matches nothing.
 */
import { ERROR_CODES, UpdateError } from '../errors.js';
import { extractEqualities } from '../query/index.js';
import type { Document } from '../values/bson-type.js';
import { isPlainObject } from '../values/bson-type.js';
import { cloneValue, normalizeValue } from '../values/normalize.js';
import { assertIdStorable, ensureIdFirst } from './immutable.js';
import { isPathPrefix } from './path.js';
import type { CompiledUpdate } from './types.js';
import { setField } from './workspace.js';

/**
 * Builds a document from `[path, value]` equalities: `{a: 1, 'b.c': 2}` →
 * `{a: 1, b: {c: 2}}`. Two equalities on the same path, or on a path and its
 * prefix, cannot both be honoured (code 54, as mongod).
 */
function seedFromEqualities(pairs: ReadonlyArray<readonly [string, unknown]>): Document {
  const doc: Document = {};
  const seen: string[][] = [];
  for (const [path, raw] of pairs) {
    const parts = path.split('.');
    for (const other of seen) {
      if (isPathPrefix(other, parts) || isPathPrefix(parts, other)) {
        const [longer, shorter] = other.length > parts.length ? [other, parts] : [parts, other];
        throw new UpdateError(
          ERROR_CODES.NotSingleValueField,
          longer.length === shorter.length
            ? `cannot infer query fields to set, path '${path}' is matched twice`
            : `cannot infer query fields to set, both paths '${longer.join('.')}' and '${shorter.join('.')}' are matched`,
        );
      }
    }
    seen.push(parts);
    let cur = doc;
    for (const part of parts.slice(0, -1)) {
      const next = Object.hasOwn(cur, part) ? cur[part] : undefined;
      if (isPlainObject(next)) {
        cur = next;
      } else {
        const created: Document = {};
        setField(cur, part, created);
        cur = created;
      }
    }
    setField(cur, parts[parts.length - 1]!, cloneValue(normalizeValue(raw)));
  }
  return doc;
}

/**
 * Builds the document an upsert inserts: seeded from the filter's equality
 * conditions (`{a: 1, 'b.c': 2, $and: [{d: 3}]}` → `{a: 1, b: {c: 2}, d: 3}`,
 * `_id` included), then the update applied with `isInsert: true` (so
 * `$setOnInsert` applies and the positional `$` has no match). A replacement
 * keeps only the filter's `_id` and takes its fields from the replacement.
 * `_id` ends up first; none is generated here (the engine adds an ObjectId
 * when it is missing). Throws code 66 when the update changes an `_id` the
 * filter fixed, and code 53 for an `_id` that cannot be stored.
 */
export function buildUpsertDocument(filter: Document, update: CompiledUpdate, now?: Date): Document {
  const equalities = extractEqualities(filter);
  let seed: Document;
  if (update.kind === 'replacement') {
    const sub = equalities.find(([path]) => path.startsWith('_id.'));
    if (sub) {
      throw new UpdateError(
        ERROR_CODES.NotExactValueField,
        `field at '_id' must be exactly specified, field at sub-path '${sub[0]}'found`,
      );
    }
    seed = seedFromEqualities(equalities.filter(([path]) => path === '_id'));
  } else {
    seed = seedFromEqualities(equalities);
  }
  const doc = ensureIdFirst(update.apply(seed, now ? { isInsert: true, now } : { isInsert: true }));
  assertIdStorable(doc);
  return doc;
}
