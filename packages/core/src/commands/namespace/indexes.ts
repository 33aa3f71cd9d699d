import { CollationKeys, compileCollation, isPlainObject, valueKey, valuesEqual } from '@argon/query';
import { ArgonError, ARGON_CODES, CommandNotSupportedOnViewError, MONGO_CODES, NotFoundError } from '../../errors.js';
import type { IndexSpec } from '../../model/wal-entry.js';
import { ensureCollection } from '../../engine/write-ops.js';
import { indexKeyTuples } from '../../engine/unique-keys.js';
import { DuplicateKeyError } from '../../errors.js';
import { collectionArg, docArray, typeMismatch } from '../args.js';
import type { CommandHandler, Doc } from '../command.js';
import { viewDefinition } from '../views.js';
import { normalCollation } from './collection-options.js';

const INDEX_OPTIONS = new Set(['name', 'key', 'unique', 'sparse', 'background', 'partialFilterExpression', 'expireAfterSeconds', 'collation', 'hidden', 'v', 'ns', 'weights', 'default_language', 'language_override', 'textIndexVersion', '2dsphereIndexVersion', 'bits', 'min', 'max', 'wildcardProjection']);

/** MongoDB's default index name: `field_1_other_-1`. */
export function defaultIndexName(key: Doc): string {
  return Object.entries(key).map(([k, v]) => `${k}_${String(v)}`).join('_');
}

function parseSpec(raw: Doc, i: number): IndexSpec {
  const key = raw.key;
  if (!isPlainObject(key) || Object.keys(key).length === 0) {
    throw new ArgonError(`Error in specification ${JSON.stringify(raw)} :: caused by :: The 'key' field must be a non-empty object`, { code: MONGO_CODES.FailedToParse, argonCode: ARGON_CODES.BAD_INPUT, details: { field: `indexes.${i}.key` } });
  }
  for (const [f, v] of Object.entries(key)) {
    const n = typeof v === 'number' ? v : (v as { valueOf(): unknown })?.valueOf?.();
    if (!(typeof n === 'number' && n !== 0) && typeof v !== 'string') {
      throw new ArgonError(`Values in the index key pattern can only be numbers or strings; got ${JSON.stringify(v)} for field '${f}'`, { code: 67, codeName: 'CannotCreateIndex', argonCode: ARGON_CODES.BAD_INPUT });
    }
  }
  for (const opt of Object.keys(raw)) {
    if (!INDEX_OPTIONS.has(opt)) {
      throw new ArgonError(`The field '${opt}' is not valid for an index specification. Specification: ${JSON.stringify(raw)}`, { code: MONGO_CODES.InvalidIndexSpecificationOption, argonCode: ARGON_CODES.BAD_INPUT });
    }
  }
  const name = raw.name === undefined ? defaultIndexName(key) : raw.name;
  if (typeof name !== 'string' || name.length === 0) throw typeMismatch('createIndexes.indexes', 'name', name, 'string');
  const { v: _v, ns: _ns, background: _b, ...rest } = raw;
  if (rest.collation !== undefined) {
    const collation = normalCollation(rest.collation);
    if (collation) rest.collation = collation;
    else delete rest.collation;
  }
  return { ...rest, name, key } as IndexSpec;
}

/** An index without its own collation inherits the collection's default (stored in full, as mongod lists it). */
function withDefaultCollation(spec: IndexSpec, options: Doc): IndexSpec {
  if (spec.collation !== undefined || !isPlainObject(options.collation)) return spec;
  return { ...spec, collation: options.collation };
}

/** `createIndexes`: indexes are part of a branch's catalog; unique ones are checked against existing data. */
export const createIndexes: CommandHandler = async ({ engine, dbName, cmd, ctx }) => {
  const coll = collectionArg('createIndexes', cmd);
  const specs = docArray('createIndexes', cmd, 'indexes').map(parseSpec);
  if (specs.length === 0) throw new ArgonError('Must specify at least one index to create', { code: MONGO_CODES.BadValue, argonCode: ARGON_CODES.BAD_INPUT });
  return engine.write(dbName, ctx.user, async (batch) => {
    const created = await ensureCollection(batch, coll);
    const before = batch.snapshot().info(coll).indexes;
    let added = 0;
    for (const requested of specs) {
      const spec = withDefaultCollation(requested, batch.snapshot().info(coll).options);
      const current = batch.snapshot().info(coll).indexes;
      const sameName = current.find((s) => s.name === spec.name);
      const sameKey = current.find((s) => valuesEqual(s.key, spec.key));
      if (sameName) {
        if (valuesEqual(sameName.key, spec.key) && Boolean(sameName.unique) === Boolean(spec.unique)) continue;
        if (!valuesEqual(sameName.key, spec.key)) {
          throw new ArgonError(`An existing index has the same name as the requested index. When index names are not specified, they are auto generated and can cause conflicts. Please refer to our documentation. Requested index: ${JSON.stringify(spec)}, existing index: ${JSON.stringify(sameName)}`, { code: MONGO_CODES.IndexKeySpecsConflict, codeName: 'IndexKeySpecsConflict', argonCode: ARGON_CODES.BAD_INPUT });
        }
        throw new ArgonError(`An existing index has the same name as the requested index with different options. Requested index: ${JSON.stringify(spec)}, existing index: ${JSON.stringify(sameName)}`, { code: MONGO_CODES.IndexOptionsConflict, codeName: 'IndexOptionsConflict', argonCode: ARGON_CODES.BAD_INPUT });
      }
      if (sameKey && Boolean(sameKey.unique) === Boolean(spec.unique)) {
        throw new ArgonError(`Index already exists with a different name: ${sameKey.name}`, { code: MONGO_CODES.IndexOptionsConflict, codeName: 'IndexOptionsConflict', argonCode: ARGON_CODES.BAD_INPUT });
      }
      if (spec.unique) assertNoDuplicates(batch.snapshot().scan(coll), spec, `${dbName}.${coll}`);
      await batch.emit({ kind: 'createIndex', collection: coll, spec });
      added++;
    }
    const after = batch.snapshot().info(coll).indexes.length;
    return { createdCollectionAutomatically: created, numIndexesBefore: before.length, numIndexesAfter: after, ...(added === 0 ? { note: 'all indexes already exist' } : {}), ok: 1 };
  });
};

/** `listIndexes`: the indexes of a collection on this branch and point in time. */
export const listIndexes: CommandHandler = async ({ engine, cursors, dbName, cmd, ctx }) => {
  const coll = collectionArg('listIndexes', cmd);
  const { snapshot } = await engine.view(dbName);
  const info = snapshot.info(coll);
  if (!info.exists) throw new NotFoundError(`ns does not exist: ${dbName}.${coll}`, ARGON_CODES.NAMESPACE_NOT_FOUND, MONGO_CODES.NamespaceNotFound);
  if (viewDefinition(info.options)) throw new CommandNotSupportedOnViewError(`${dbName}.${coll}`);
  const docs = info.indexes.map((s) => ({ v: 2, key: s.key, name: s.name, ...Object.fromEntries(Object.entries(s).filter(([k]) => k !== 'key' && k !== 'name')) }));
  return { cursor: cursors.open(`${dbName}.${coll}`, docs, ctx.connectionId !== undefined ? { connectionId: ctx.connectionId } : {}), ok: 1 };
};

/** `dropIndexes`: by name, key pattern, list of names, or '*'. */
export const dropIndexes: CommandHandler = async ({ engine, dbName, cmd, ctx }) => {
  const coll = collectionArg('dropIndexes', cmd);
  const which = cmd.index;
  return engine.write(dbName, ctx.user, async (batch) => {
    const info = batch.snapshot().info(coll);
    if (!info.exists) throw new NotFoundError(`ns not found ${dbName}.${coll}`, ARGON_CODES.NAMESPACE_NOT_FOUND, MONGO_CODES.NamespaceNotFound);
    if (viewDefinition(info.options)) throw new CommandNotSupportedOnViewError(`${dbName}.${coll}`);
    const isIdIndex = (n: string) => n === '_id_' || info.indexes.some((s) => s.name === n && s.clustered === true);
    let names: string[];
    if (which === '*') names = info.indexes.filter((s) => !isIdIndex(s.name)).map((s) => s.name);
    else if (typeof which === 'string') names = [which];
    else if (Array.isArray(which)) names = which.map(String);
    else if (isPlainObject(which)) {
      const found = info.indexes.find((s) => valuesEqual(s.key, which));
      if (!found) throw new ArgonError(`can't find index with key: ${JSON.stringify(which)}`, { code: MONGO_CODES.IndexNotFound, codeName: 'IndexNotFound', argonCode: ARGON_CODES.NAMESPACE_NOT_FOUND });
      names = [found.name];
    } else throw typeMismatch('dropIndexes', 'index', which, 'string');
    for (const n of names) {
      if (isIdIndex(n)) throw new ArgonError('cannot drop _id index', { code: MONGO_CODES.InvalidOptions, codeName: 'InvalidOptions', argonCode: ARGON_CODES.BAD_INPUT });
      if (!info.indexes.some((s) => s.name === n)) throw new ArgonError(`index not found with name [${n}]`, { code: MONGO_CODES.IndexNotFound, codeName: 'IndexNotFound', argonCode: ARGON_CODES.NAMESPACE_NOT_FOUND });
    }
    for (const n of names) await batch.emit({ kind: 'dropIndex', collection: coll, name: n });
    return { nIndexesWas: info.indexes.length, ok: 1 };
  });
};

/** Building a unique index over existing duplicates fails with 11000 and changes nothing. */
function assertNoDuplicates(docs: Iterable<Doc>, spec: IndexSpec, ns: string): void {
  const owners = new Map<string, string>();
  const fields = Object.keys(spec.key);
  const keys = new CollationKeys(compileCollation(spec.collation));
  for (const d of docs) {
    const tuples = indexKeyTuples(d, spec);
    if (!tuples) continue;
    const id = valueKey(d._id);
    for (const t of tuples) {
      const k = keys.key(t);
      const owner = owners.get(k);
      if (owner !== undefined && owner !== id) {
        const keyValue: Doc = {};
        fields.forEach((f, i) => (keyValue[f] = t[i]));
        throw new DuplicateKeyError(ns, spec.name, spec.key, keyValue, JSON.stringify(keyValue));
      }
      owners.set(k, id);
    }
  }
}
