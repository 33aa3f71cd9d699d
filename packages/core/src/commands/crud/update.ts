import { isPlainObject } from '@argon/query';
import { assertNotView, updateDocs } from '../../engine/write-ops.js';
import { collectionArg, docArray, optBool, typeMismatch } from '../args.js';
import type { CommandHandler, Doc } from '../command.js';
import { writeErrorOf } from './write-errors.js';
import { letVariables } from '../let-variables.js';
import { assertKnownFields } from '../args.js';
import { collationFor } from '../collation.js';

const STATEMENT_FIELDS = new Set(['q', 'u', 'multi', 'upsert', 'arrayFilters', 'collation', 'hint', 'upsertSupplied', 'c']);

/**
 * `update`: each statement is resolved once at write time, under its own
 * collation (or the collection's); results carry n, nModified and upserted.
 */
export const update: CommandHandler = async ({ engine, dbName, cmd, ctx }) => {
  const coll = collectionArg('update', cmd);
  const updates = docArray('update', cmd, 'updates');
  const ordered = optBool('update', cmd, 'ordered') ?? true;
  const bypassDocumentValidation = optBool('update', cmd, 'bypassDocumentValidation') ?? false;
  const vars = letVariables('update', cmd);
  // MongoDB 7.0 rejects fields it does not know (8.0 added `sort`), as a command error.
  updates.forEach((s) => assertKnownFields('update.updates', s, STATEMENT_FIELDS));
  const writeErrors: Doc[] = [];
  const upserted: Doc[] = [];
  let n = 0;
  let nModified = 0;
  await engine.write(dbName, ctx.user, async (batch) => {
    assertNotView(batch, coll);
    for (let i = 0; i < updates.length; i++) {
      const s = updates[i]!;
      try {
        if (!isPlainObject(s.q)) throw typeMismatch('update.updates', 'q', s.q, 'object');
        if (!isPlainObject(s.u) && !Array.isArray(s.u)) throw typeMismatch('update.updates', 'u', s.u, 'object');
        const constants = isPlainObject(s.c) ? { ...vars, ...s.c } : vars;
        const r = await updateDocs(batch, coll, {
          q: s.q,
          u: s.u as Doc | Doc[],
          multi: optBool('update.updates', s, 'multi') ?? false,
          upsert: optBool('update.updates', s, 'upsert') ?? false,
          ...(Array.isArray(s.arrayFilters) ? { arrayFilters: s.arrayFilters as Doc[] } : {}),
          collation: collationFor('update.updates', s, batch.snapshot().info(coll).options),
          variables: constants,
          bypassDocumentValidation,
        });
        if (r.upsertedId !== undefined) {
          upserted.push({ index: i, _id: r.upsertedId });
          n += 1;
        } else {
          n += r.matched;
          nModified += r.modified;
        }
      } catch (err) {
        writeErrors.push(writeErrorOf(err, i));
        if (ordered) break;
      }
    }
  });
  return { n, nModified, ...(upserted.length ? { upserted } : {}), ...(writeErrors.length ? { writeErrors } : {}), ok: 1 };
};
