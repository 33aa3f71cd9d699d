import { collectPathValues, compileCollation, valueKey, valuesEqual } from '@argon/query';
import { DuplicateKeyError } from '../errors.js';
import type { IndexSpec } from '../model/wal-entry.js';
import type { Snapshot } from './snapshot.js';

type Doc = Record<string, unknown>;

/** The key tuples a document contributes to an index (one per array element for multikey fields). */
export function indexKeyTuples(doc: Doc, spec: IndexSpec): unknown[][] | null {
  const fields = Object.keys(spec.key);
  const perField = fields.map((f) => {
    const vals = collectPathValues(doc, f);
    return vals.length === 0 ? undefined : vals;
  });
  if (spec.sparse && perField.every((v) => v === undefined)) return null;
  // Multikey on the first array-valued field only (MongoDB forbids parallel arrays in one index).
  let tuples: unknown[][] = [[]];
  for (const vals of perField) {
    const list = vals ?? [null];
    const next: unknown[][] = [];
    for (const t of tuples) for (const v of list) next.push([...t, v]);
    tuples = next;
  }
  return tuples;
}

function formatKey(fields: string[], tuple: unknown[]): string {
  return `{ ${fields.map((f, i) => `${f}: ${JSON.stringify(tuple[i]) ?? 'null'}`).join(', ')} }`;
}

/**
 * Throws 11000 when `doc` would collide with another live document of the
 * snapshot on `_id` or on any unique index (or one being converted with
 * `prepareUnique`, which already refuses new duplicates). Returns the
 * document's `_id` key (`valueKey`), which the caller can hand on to
 * `WriteBatch.emit` instead of computing it again.
 */
export function assertUnique(snap: Snapshot, coll: string, ns: string, doc: Doc, selfKey: string | null): string {
  const id = doc._id;
  const key = valueKey(id);
  if (key !== selfKey && snap.getByKey(coll, key) !== null) {
    throw new DuplicateKeyError(ns, '_id_', { _id: 1 }, { _id: id }, `{ _id: ${JSON.stringify(id)} }`);
  }
  for (const spec of snap.info(coll).indexes) {
    if (!(spec.unique || spec.prepareUnique) || spec.name === '_id_' || spec.clustered) continue;
    const mine = indexKeyTuples(doc, spec);
    if (!mine) continue;
    // A unique index with a collation compares its string keys under that collation.
    const collator = compileCollation(spec.collation);
    const fields = Object.keys(spec.key);
    const first = fields[0]!;
    for (const t of mine) {
      const filter: Doc = { [first]: t[0] ?? null };
      const planned = snap.planKeys(coll, filter, collator !== undefined);
      const others: Iterable<Doc> = planned === null ? snap.scan(coll) : keysToDocs(snap, coll, planned);
      for (const other of others) {
        const ck = valueKey(other._id);
        if (ck === key || ck === selfKey) continue;
        const theirs = indexKeyTuples(other, spec);
        if (!theirs) continue;
        if (theirs.some((o) => o.length === t.length && o.every((v, i) => valuesEqual(v, t[i], collator)))) {
          const keyValue: Doc = {};
          fields.forEach((f, i) => (keyValue[f] = t[i]));
          throw new DuplicateKeyError(ns, spec.name, spec.key, keyValue, formatKey(fields, t));
        }
      }
    }
  }
  return key;
}

function* keysToDocs(snap: Snapshot, coll: string, keys: Iterable<string>): Generator<Doc> {
  for (const k of keys) {
    const d = snap.getByKey(coll, k);
    if (d) yield d;
  }
}
