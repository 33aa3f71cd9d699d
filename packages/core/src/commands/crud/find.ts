import { compileFilter, compileProjection, compileSort, normalizeDocument, type CompiledFilter, type CompiledProjection } from '@argon/query';
import { ArgonError, ARGON_CODES, MONGO_CODES } from '../../errors.js';
import { collectionArg, optBool, optDoc, optNumber } from '../args.js';
import { letVariables } from '../let-variables.js';
import { collationFor } from '../collation.js';
import { readDocuments, resolveView } from '../views.js';
import { TailSource } from './tail-source.js';
import type { CommandHandler, Doc } from '../command.js';

/** Applies skip, limit and projection lazily over a document stream. */
export function* window(docs: Iterable<Doc>, skip: number, limit: number, project?: (d: Doc) => Doc): Generator<Doc> {
  let skipped = 0;
  let taken = 0;
  if (limit === 0) limit = Infinity;
  for (const d of docs) {
    if (skipped < skip) {
      skipped++;
      continue;
    }
    if (taken >= limit) return;
    taken++;
    yield project ? project(d) : d;
  }
}

/** Builds the projection function; positional projections need the filter's match position. */
export function projector(projection: Doc | undefined, filter: CompiledFilter): ((d: Doc) => Doc) | undefined {
  if (!projection || Object.keys(projection).length === 0) return undefined;
  const compiled: CompiledProjection = compileProjection(projection);
  if (compiled.kind === 'none') return undefined;
  const positional = Object.keys(projection).some((k) => k.endsWith('.$'));
  return positional ? (d) => compiled.apply(d, filter.match(d)) : (d) => compiled.apply(d);
}

/** Documents of `docs` that pass `filter`. */
export function* filtered(docs: Iterable<Doc>, filter: CompiledFilter): Generator<Doc> {
  for (const d of docs) if (filter.test(d)) yield d;
}

/**
 * `find`: filter, projection, sort, skip, limit and batched cursors on any
 * branch or point in time, under the command's (or the collection's)
 * collation. On a view, the view's pipeline runs first.
 */
export const find: CommandHandler = async ({ engine, cursors, dbName, cmd, ctx }) => {
  const coll = collectionArg('find', cmd);
  const tailable = optBool('find', cmd, 'tailable') ?? false;
  if (optBool('find', cmd, 'awaitData') && !tailable) {
    throw new ArgonError(`Cannot set 'awaitData' without also setting 'tailable'`, { code: MONGO_CODES.FailedToParse, argonCode: ARGON_CODES.BAD_INPUT });
  }
  const filterDoc = normalizeDocument(optDoc('find', cmd, 'filter') ?? {});
  const variables = letVariables('find', cmd);
  const sortDoc = optDoc('find', cmd, 'sort');
  const projection = optDoc('find', cmd, 'projection');
  const skip = optNumber('find', cmd, 'skip') ?? 0;
  let limit = optNumber('find', cmd, 'limit') ?? 0;
  const batchSize = optNumber('find', cmd, 'batchSize');
  let singleBatch = optBool('find', cmd, 'singleBatch') ?? false;
  if (skip < 0) throw new ArgonError(`BSON field 'skip' value must be >= 0, actual value '${skip}'`, { code: 51024, codeName: 'Location51024', argonCode: ARGON_CODES.BAD_INPUT });
  if (batchSize !== undefined && batchSize < 0) throw new ArgonError(`BSON field 'batchSize' value must be >= 0, actual value '${batchSize}'`, { code: 51024, codeName: 'Location51024', argonCode: ARGON_CODES.BAD_INPUT });
  if (limit < 0) {
    limit = -limit;
    singleBatch = true;
  }
  const { snapshot } = await engine.view(dbName);
  const view = resolveView(snapshot, coll);
  const collation = collationFor('find', cmd, snapshot.info(coll).options, view, `${dbName}.${coll}`);
  const filter = compileFilter(filterDoc, { collation, variables });
  const sort = compileSort(sortDoc, { collation });
  const project = projector(projection, filter);
  const cursorOpts = {
    ...(batchSize !== undefined ? { batchSize } : {}),
    limit,
    singleBatch,
    ...(ctx.connectionId !== undefined ? { connectionId: ctx.connectionId } : {}),
  };
  if (tailable) {
    if (view || snapshot.info(coll).options.capped !== true) {
      throw new ArgonError(`error processing query: ns=${dbName}.${coll} tailable cursor requested on non capped collection`, { code: MONGO_CODES.BadValue, argonCode: ARGON_CODES.BAD_INPUT });
    }
    if (sortDoc && Object.keys(sortDoc).some((k) => k !== '$natural')) {
      throw new ArgonError('cannot use tailable option with a sort other than {$natural: 1}', { code: MONGO_CODES.BadValue, argonCode: ARGON_CODES.BAD_INPUT });
    }
    return { cursor: cursors.open(`${dbName}.${coll}`, new TailSource(snapshot, coll, filter, skip, project), { ...cursorOpts, tailable: true }), ok: 1 };
  }
  let docs: Iterable<Doc> = view ? filtered(readDocuments(snapshot, coll), filter) : snapshot.query(coll, filter);
  if (sort) docs = [...docs].sort(sort);
  const cursor = cursors.open(`${dbName}.${coll}`, window(docs, skip, limit, project), cursorOpts);
  return { cursor, ok: 1 };
};
