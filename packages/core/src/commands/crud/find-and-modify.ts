import { isPlainObject, normalizeDocument, compileFilter } from '@argon/query';
import { ArgonError, ARGON_CODES, MONGO_CODES } from '../../errors.js';
import { deleteDocs, updateDocs } from '../../engine/write-ops.js';
import { collectionArg, optBool, optDoc } from '../args.js';
import type { CommandHandler, Doc } from '../command.js';
import { projector } from './find.js';
import { letVariables } from '../let-variables.js';
import { collationFor } from '../collation.js';

/** `findAndModify`: atomically updates, replaces or removes one document and returns it. */
export const findAndModify: CommandHandler = async ({ engine, dbName, cmd, ctx }) => {
  const coll = collectionArg('findAndModify', cmd);
  const vars = letVariables('findAndModify', cmd);
  const query = optDoc('findAndModify', cmd, 'query') ?? {};
  const bypassDocumentValidation = optBool('findAndModify', cmd, 'bypassDocumentValidation') ?? false;
  const sort = optDoc('findAndModify', cmd, 'sort');
  const fields = optDoc('findAndModify', cmd, 'fields');
  const remove = optBool('findAndModify', cmd, 'remove') ?? false;
  const returnNew = optBool('findAndModify', cmd, 'new') ?? false;
  const upsert = optBool('findAndModify', cmd, 'upsert') ?? false;
  const u = cmd.update;
  if (remove && u !== undefined) throw new ArgonError('Cannot specify both an update and remove=true', { code: MONGO_CODES.FailedToParse, argonCode: ARGON_CODES.BAD_INPUT });
  if (!remove && u === undefined) throw new ArgonError('Either an update or remove=true must be specified', { code: MONGO_CODES.FailedToParse, argonCode: ARGON_CODES.BAD_INPUT });
  if (remove && upsert) throw new ArgonError('Cannot specify both upsert=true and remove=true', { code: MONGO_CODES.FailedToParse, argonCode: ARGON_CODES.BAD_INPUT });
  if (remove && returnNew) throw new ArgonError('Cannot specify both new=true and remove=true; \'remove\' always returns the deleted document', { code: MONGO_CODES.FailedToParse, argonCode: ARGON_CODES.BAD_INPUT });
  if (!remove && !isPlainObject(u) && !Array.isArray(u)) throw new ArgonError(`BSON field 'findAndModify.update' is the wrong type, expected type 'object' or 'array'`, { code: MONGO_CODES.TypeMismatch, argonCode: ARGON_CODES.BAD_INPUT });
  return engine.write(dbName, ctx.user, async (batch) => {
    const collation = collationFor('findAndModify', cmd, batch.snapshot().info(coll).options);
    const project = projector(fields, compileFilter(normalizeDocument(query), { collation, variables: vars }));
    const shape = (d: Doc | null | undefined) => (d ? (project ? project(d) : d) : null);
    if (remove) {
      const [victim] = await deleteDocs(batch, coll, { q: query, limit: 1, ...(sort ? { sort } : {}), collation, variables: vars });
      return { lastErrorObject: { n: victim ? 1 : 0 }, value: shape(victim), ok: 1 };
    }
    const r = await updateDocs(batch, coll, {
      q: query,
      u: u as Doc | Doc[],
      multi: false,
      upsert,
      ...(Array.isArray(cmd.arrayFilters) ? { arrayFilters: cmd.arrayFilters as Doc[] } : {}),
      ...(sort ? { sort } : {}),
      collation,
      variables: vars,
      bypassDocumentValidation,
    });
    const lastErrorObject: Doc = { n: r.upsertedId !== undefined ? 1 : r.matched, updatedExisting: r.matched > 0 };
    if (r.upsertedId !== undefined) lastErrorObject.upserted = r.upsertedId;
    const value = returnNew ? r.after : r.upsertedId !== undefined ? null : r.before;
    return { lastErrorObject, value: shape(value), ok: 1 };
  });
};
