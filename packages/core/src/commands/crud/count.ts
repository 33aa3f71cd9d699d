import { collectPathValues, compileFilter, normalizeDocument, valueKey } from '@argon/query';
import { collectionArg, optDoc, optNumber, typeMismatch } from '../args.js';
import type { CommandHandler } from '../command.js';

/** `count`: the number of matching documents, with skip and limit. */
export const count: CommandHandler = async ({ engine, dbName, cmd }) => {
  const coll = collectionArg('count', cmd);
  const query = optDoc('count', cmd, 'query');
  const skip = Math.max(0, optNumber('count', cmd, 'skip') ?? 0);
  const limit = Math.abs(optNumber('count', cmd, 'limit') ?? 0);
  const { snapshot } = await engine.view(dbName);
  let n = 0;
  if (!query || Object.keys(query).length === 0) n = snapshot.count(coll);
  else for (const _ of snapshot.query(coll, compileFilter(normalizeDocument(query)))) n++;
  n = Math.max(0, n - skip);
  if (limit > 0) n = Math.min(n, limit);
  return { n, ok: 1 };
};

/** `distinct`: distinct values of a field; array values contribute each element. */
export const distinct: CommandHandler = async ({ engine, dbName, cmd }) => {
  const coll = collectionArg('distinct', cmd);
  const key = cmd.key;
  if (typeof key !== 'string') throw typeMismatch('distinct', 'key', key, 'string');
  const query = optDoc('distinct', cmd, 'query');
  const { snapshot } = await engine.view(dbName);
  const filter = compileFilter(normalizeDocument(query ?? {}));
  const seen = new Set<string>();
  const values: unknown[] = [];
  const add = (v: unknown) => {
    const k = valueKey(v);
    if (!seen.has(k)) {
      seen.add(k);
      values.push(v);
    }
  };
  for (const d of snapshot.query(coll, filter)) {
    for (const v of collectPathValues(d, key)) {
      if (Array.isArray(v)) v.forEach(add);
      else add(v);
    }
  }
  return { values, ok: 1 };
};
