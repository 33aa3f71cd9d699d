import { normalizeDocument } from '@argon/query';
import { insertOne } from '../../engine/write-ops.js';
import { collectionArg, docArray, optBool } from '../args.js';
import type { CommandHandler, Doc } from '../command.js';
import { writeErrorOf } from './write-errors.js';

/** `insert`: ordered or unordered batches; duplicate keys are write errors with their index. */
export const insert: CommandHandler = async ({ engine, dbName, cmd, ctx }) => {
  const coll = collectionArg('insert', cmd);
  const docs = docArray('insert', cmd, 'documents');
  const ordered = optBool('insert', cmd, 'ordered') ?? true;
  const writeErrors: Doc[] = [];
  const n = await engine.write(dbName, ctx.user, async (batch) => {
    // One LSN per document, plus one for an implicit createCollection.
    await batch.reserve(docs.length + (batch.snapshot().info(coll).exists ? 0 : 1));
    let inserted = 0;
    for (let i = 0; i < docs.length; i++) {
      try {
        await insertOne(batch, coll, normalizeDocument(docs[i]!));
        inserted++;
      } catch (err) {
        writeErrors.push(writeErrorOf(err, i));
        if (ordered) break;
      }
    }
    return inserted;
  });
  return { n, ...(writeErrors.length ? { writeErrors } : {}), ok: 1 };
};
