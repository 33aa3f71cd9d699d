import { isPlainObject } from '@argon/query';
import { ArgonError, ARGON_CODES, MONGO_CODES } from '../../errors.js';
import { assertNotView, deleteDocs } from '../../engine/write-ops.js';
import { collectionArg, docArray, optBool, toNumber, typeMismatch } from '../args.js';
import type { CommandHandler, Doc } from '../command.js';
import { writeErrorOf } from './write-errors.js';
import { letVariables } from '../let-variables.js';
import { assertKnownFields } from '../args.js';
import { collationFor } from '../collation.js';

const STATEMENT_FIELDS = new Set(['q', 'limit', 'collation', 'hint']);

/** `delete`: `limit` 1 deletes one matching document, 0 all of them, under the statement's (or the collection's) collation. */
export const del: CommandHandler = async ({ engine, dbName, cmd, ctx }) => {
  const coll = collectionArg('delete', cmd);
  const deletes = docArray('delete', cmd, 'deletes');
  const ordered = optBool('delete', cmd, 'ordered') ?? true;
  const vars = letVariables('delete', cmd);
  deletes.forEach((s) => assertKnownFields('delete.deletes', s, STATEMENT_FIELDS));
  const writeErrors: Doc[] = [];
  let n = 0;
  await engine.write(dbName, ctx.user, async (batch) => {
    assertNotView(batch, coll);
    for (let i = 0; i < deletes.length; i++) {
      const s = deletes[i]!;
      try {
        if (!isPlainObject(s.q)) throw typeMismatch('delete.deletes', 'q', s.q, 'object');
        const limit = toNumber(s.limit);
        if (limit !== 0 && limit !== 1) {
          throw new ArgonError(`The limit field in delete objects must be 0 or 1. Got ${String(s.limit)}`, { code: MONGO_CODES.FailedToParse, argonCode: ARGON_CODES.BAD_INPUT });
        }
        const collation = collationFor('delete.deletes', s, batch.snapshot().info(coll).options);
        const removed = await deleteDocs(batch, coll, { q: s.q, limit, collation, variables: vars });
        n += removed.length;
      } catch (err) {
        writeErrors.push(writeErrorOf(err, i));
        if (ordered) break;
      }
    }
  });
  return { n, ...(writeErrors.length ? { writeErrors } : {}), ok: 1 };
};
