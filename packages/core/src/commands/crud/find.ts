import { compileFilter, compileProjection, compileSort, normalizeDocument, type CompiledFilter, type CompiledProjection } from '@argon/query';
import { ArgonError, ARGON_CODES, MONGO_CODES } from '../../errors.js';
import { collectionArg, optBool, optDoc, optNumber } from '../args.js';
import { bindFilter, letVariables } from '../let-variables.js';
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

/** `find`: filter, projection, sort, skip, limit and batched cursors on any branch or point in time. */
export const find: CommandHandler = async ({ engine, cursors, dbName, cmd, ctx }) => {
  const coll = collectionArg('find', cmd);
  if (optBool('find', cmd, 'tailable')) {
    throw new ArgonError('tailable cursors are only supported on capped collections, which Argon does not provide', { code: MONGO_CODES.BadValue, argonCode: ARGON_CODES.BAD_INPUT });
  }
  const filterDoc = bindFilter(normalizeDocument(optDoc('find', cmd, 'filter') ?? {}), letVariables('find', cmd));
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
  const filter = compileFilter(filterDoc);
  const sort = compileSort(sortDoc);
  const project = projector(projection, filter);
  const { snapshot } = await engine.view(dbName);
  let docs: Iterable<Doc> = snapshot.query(coll, filter);
  if (sort) docs = [...docs].sort(sort);
  const cursor = cursors.open(`${dbName}.${coll}`, window(docs, skip, limit, project), {
    ...(batchSize !== undefined ? { batchSize } : {}),
    limit,
    singleBatch,
    ...(ctx.connectionId !== undefined ? { connectionId: ctx.connectionId } : {}),
  });
  return { cursor, ok: 1 };
};
