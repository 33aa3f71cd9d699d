import { CollationKeys, collectPathValues, compileFilter, normalizeDocument } from '@argon/query';
import { collectionArg, optDoc, optNumber, typeMismatch } from '../args.js';
import { collationFor } from '../collation.js';
import type { CommandHandler, Doc } from '../command.js';
import { readDocuments, resolveView } from '../views.js';
import { filtered } from './find.js';

/**
 * `count`: the number of matching documents, with skip and limit, under the
 * command's (or the collection's) collation. On a view, the documents the
 * view's pipeline produces are counted.
 */
export const count: CommandHandler = async ({ engine, dbName, cmd }) => {
  const coll = collectionArg('count', cmd);
  const query = optDoc('count', cmd, 'query');
  const skip = Math.max(0, optNumber('count', cmd, 'skip') ?? 0);
  const limit = Math.abs(optNumber('count', cmd, 'limit') ?? 0);
  const { snapshot } = await engine.view(dbName);
  const view = resolveView(snapshot, coll);
  const collation = collationFor('count', cmd, snapshot.info(coll).options, view, `${dbName}.${coll}`);
  const empty = !query || Object.keys(query).length === 0;
  let n = 0;
  if (view) {
    const filter = compileFilter(normalizeDocument(query ?? {}), { collation });
    for (const _ of filtered(readDocuments(snapshot, coll), filter)) n++;
  } else if (empty) {
    n = snapshot.count(coll);
  } else {
    for (const _ of snapshot.query(coll, compileFilter(normalizeDocument(query), { collation }))) n++;
  }
  n = Math.max(0, n - skip);
  if (limit > 0) n = Math.min(n, limit);
  return { n, ok: 1 };
};

/**
 * `distinct`: distinct values of a field; array values contribute each
 * element. Under a collation, strings equal by the collation count once (the
 * first one found is returned).
 */
export const distinct: CommandHandler = async ({ engine, dbName, cmd }) => {
  const coll = collectionArg('distinct', cmd);
  const key = cmd.key;
  if (typeof key !== 'string') throw typeMismatch('distinct', 'key', key, 'string');
  const query = optDoc('distinct', cmd, 'query');
  const { snapshot } = await engine.view(dbName);
  const view = resolveView(snapshot, coll);
  const collation = collationFor('distinct', cmd, snapshot.info(coll).options, view, `${dbName}.${coll}`);
  const filter = compileFilter(normalizeDocument(query ?? {}), { collation });
  const keys = new CollationKeys(collation);
  const seen = new Set<string>();
  const values: unknown[] = [];
  const add = (v: unknown) => {
    const k = keys.key(v);
    if (!seen.has(k)) {
      seen.add(k);
      values.push(v);
    }
  };
  const docs: Iterable<Doc> = view ? filtered(readDocuments(snapshot, coll), filter) : snapshot.query(coll, filter);
  for (const d of docs) {
    for (const v of collectPathValues(d, key)) {
      if (Array.isArray(v)) v.forEach(add);
      else add(v);
    }
  }
  return { values, ok: 1 };
};
