import { calculateObjectSize } from 'bson';
import { compileFilter, isPlainObject } from '@argon/query';
import { AlreadyExistsError, ARGON_CODES, CommandNotSupportedOnViewError, NotFoundError, MONGO_CODES } from '../../errors.js';
import { ensureCollection } from '../../engine/write-ops.js';
import { idIndexOf } from '../../engine/snapshot.js';
import { formatDbName } from '../../naming/names.js';
import { collectionArg, optBool, optDoc } from '../args.js';
import type { CommandHandler, Doc } from '../command.js';
import { viewDefinition } from '../views.js';
import { checkCreateOptions, checkViewGraph } from './collection-options.js';

/**
 * `create`: explicit creation of a collection, or of a read-only view
 * (`viewOn` + `pipeline`); an existing name is error 48. Options are
 * validated and stored in the branch catalog (collation in full form,
 * `clusteredIndex` with its version).
 */
export const create: CommandHandler = async ({ engine, dbName, cmd, ctx }) => {
  const coll = collectionArg('create', cmd);
  const { name: _n, create: _c, $db: _d, lsid: _l, writeConcern: _w, $clusterTime: _t, comment: _m, ...raw } = cmd as Doc & { name?: unknown };
  const options = checkCreateOptions(raw);
  await engine.write(dbName, ctx.user, async (batch) => {
    if (batch.snapshot().info(coll).exists) {
      throw new AlreadyExistsError(`Collection ${dbName}.${coll} already exists.`, ARGON_CODES.BAD_INPUT, { collection: coll });
    }
    if (typeof options.viewOn === 'string') checkViewGraph(batch.snapshot(), coll, options.viewOn);
    await ensureCollection(batch, coll, options);
  });
  return { ok: 1 };
};

/** `drop`: drops a collection and its indexes on this branch only. */
export const drop: CommandHandler = async ({ engine, dbName, cmd, ctx }) => {
  const coll = collectionArg('drop', cmd);
  const nIndexesWas = await engine.write(dbName, ctx.user, async (batch) => {
    const info = batch.snapshot().info(coll);
    if (!info.exists) return undefined;
    await batch.emit({ kind: 'dropCollection', collection: coll });
    return info.indexes.length;
  });
  if (nIndexesWas === undefined) return { ok: 1 };
  return { ns: `${dbName}.${coll}`, nIndexesWas, ok: 1 };
};

/** `dropDatabase`: drops every collection of the branch named by the database. */
export const dropDatabase: CommandHandler = async ({ engine, dbName, ctx }) => {
  const view = await engine.view(dbName);
  if (!view.projectExists) return { ok: 1 };
  await engine.write(dbName, ctx.user, async (batch) => {
    for (const coll of batch.snapshot().collectionNames()) await batch.emit({ kind: 'dropCollection', collection: coll });
  });
  return { dropped: dbName, ok: 1 };
};

/** `listCollections`: a cursor over collection descriptions, with filter and nameOnly. */
export const listCollections: CommandHandler = async ({ engine, cursors, dbName, cmd, ctx }) => {
  const filter = optDoc('listCollections', cmd, 'filter');
  const nameOnly = optBool('listCollections', cmd, 'nameOnly') ?? false;
  const { snapshot, readOnly } = await engine.view(dbName);
  let infos: Doc[] = snapshot.collectionNames().map((name) => {
    const options = snapshot.info(name).options;
    const view = viewDefinition(options);
    const type = view ? 'view' : isPlainObject(options.timeseries) ? 'timeseries' : 'collection';
    if (nameOnly) return { name, type };
    if (view) return { name, type, options, info: { readOnly: true } };
    const clustered = isPlainObject(options.clusteredIndex);
    const id = idIndexOf(options);
    return { name, type, options, info: { readOnly }, ...(clustered ? {} : { idIndex: { v: 2, key: id.key, name: id.name } }) };
  });
  if (filter && Object.keys(filter).length > 0) {
    const f = compileFilter(filter);
    infos = infos.filter((d) => f.test(d));
  }
  const batchSize = isPlainObject(cmd.cursor) ? (cmd.cursor as Doc).batchSize : undefined;
  return {
    cursor: cursors.open(`${dbName}.$cmd.listCollections`, infos, {
      ...(typeof batchSize === 'number' ? { batchSize } : {}),
      ...(ctx.connectionId !== undefined ? { connectionId: ctx.connectionId } : {}),
    }),
    ok: 1,
  };
};

/** Approximate data size of a collection in a snapshot (sum of BSON sizes). */
function dataSize(docs: Iterable<Doc>): { count: number; size: number } {
  let count = 0;
  let size = 0;
  for (const d of docs) {
    count++;
    size += calculateObjectSize(d);
  }
  return { count, size };
}

/** `listDatabases`: every project's main as `project` and each live branch as `project@branch`. */
export const listDatabases: CommandHandler = async ({ engine, cmd }) => {
  const nameOnly = optBool('listDatabases', cmd, 'nameOnly') ?? false;
  const filter = optDoc('listDatabases', cmd, 'filter');
  const databases: Doc[] = [];
  let totalSize = 0;
  for (const project of engine.projectNames()) {
    for (const b of await engine.listBranches(project)) {
      const name = formatDbName(project, b.name);
      if (nameOnly) {
        databases.push({ name });
        continue;
      }
      const { snapshot } = await engine.view(name);
      let size = 0;
      for (const c of snapshot.collectionNames()) size += dataSize(snapshot.scan(c)).size;
      totalSize += size;
      databases.push({ name, sizeOnDisk: size, empty: size === 0 });
    }
  }
  const out = filter && Object.keys(filter).length ? databases.filter((d) => compileFilter(filter).test(d)) : databases;
  return nameOnly ? { databases: out, ok: 1 } : { databases: out, totalSize, totalSizeMb: Math.floor(totalSize / 1048576), ok: 1 };
};

/** `dbStats`: collection, object and size totals of a branch or point in time. */
export const dbStats: CommandHandler = async ({ engine, dbName, cmd }) => {
  const scale = typeof cmd.scale === 'number' && cmd.scale > 0 ? cmd.scale : 1;
  const { snapshot } = await engine.view(dbName);
  let objects = 0;
  let size = 0;
  let indexes = 0;
  const all = snapshot.collectionNames();
  const names = all.filter((c) => !viewDefinition(snapshot.info(c).options));
  for (const c of names) {
    const s = dataSize(snapshot.scan(c));
    objects += s.count;
    size += s.size;
    indexes += snapshot.info(c).indexes.length;
  }
  return {
    db: dbName,
    collections: names.length,
    views: all.length - names.length,
    objects,
    avgObjSize: objects ? size / objects : 0,
    dataSize: size / scale,
    storageSize: size / scale,
    indexes,
    indexSize: 0,
    totalSize: size / scale,
    scaleFactor: scale,
    ok: 1,
  };
};

/** `collStats`: document count and sizes of one collection. */
export const collStats: CommandHandler = async ({ engine, dbName, cmd }) => {
  const coll = collectionArg('collStats', cmd);
  const { snapshot } = await engine.view(dbName);
  const info = snapshot.info(coll);
  if (!info.exists) throw new NotFoundError(`Collection [${dbName}.${coll}] not found.`, ARGON_CODES.NAMESPACE_NOT_FOUND, MONGO_CODES.NamespaceNotFound);
  if (viewDefinition(info.options)) throw new CommandNotSupportedOnViewError(`${dbName}.${coll}`);
  const s = dataSize(snapshot.scan(coll));
  const indexSizes: Doc = {};
  for (const i of info.indexes) indexSizes[i.name] = 0;
  const capped = info.options.capped === true;
  return {
    ns: `${dbName}.${coll}`,
    count: s.count,
    size: s.size,
    avgObjSize: s.count ? s.size / s.count : 0,
    storageSize: s.size,
    nindexes: info.indexes.length,
    totalIndexSize: 0,
    indexSizes,
    capped,
    ...(capped && info.options.max !== undefined ? { max: info.options.max } : {}),
    ...(capped && info.options.size !== undefined ? { maxSize: info.options.size } : {}),
    ok: 1,
  };
};

