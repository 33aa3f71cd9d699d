import { normalizeDocument } from '@argon/query';
import { assertNotView, enforceCappedLimits, insertOne } from '../../engine/write-ops.js';
import { collectionArg, docArray, optBool } from '../args.js';
import type { CommandHandler, Doc } from '../command.js';
import type { AuditOp } from '../../model/wal-entry.js';
import { writeErrorOf } from './write-errors.js';

/** `insert`: ordered or unordered batches; duplicate keys are write errors with their index. */
export const insert: CommandHandler = async ({ engine, dbName, cmd, ctx }) => {
  const coll = collectionArg('insert', cmd);
  const docs = docArray('insert', cmd, 'documents');
  const ordered = optBool('insert', cmd, 'ordered') ?? true;
  const bypassDocumentValidation = optBool('insert', cmd, 'bypassDocumentValidation') ?? false;
  const writeErrors: Doc[] = [];
  const n = await engine.write(dbName, ctx.user, async (batch) => {
    // A view is refused for the whole command (166), as mongod does, not per document.
    assertNotView(batch, coll);
    // One LSN per document, plus one for an implicit createCollection.
    await batch.reserve(docs.length + (batch.snapshot().info(coll).exists ? 0 : 1));
    let inserted = 0;
    // One audit op for the command's entries: the log encoder reuses the bytes of what entries share.
    const op: AuditOp = { type: 'insert' };
    for (let i = 0; i < docs.length; i++) {
      try {
        await insertOne(batch, coll, ctx.normalized ? docs[i]! : normalizeDocument(docs[i]!), op, { bypassDocumentValidation });
        inserted++;
      } catch (err) {
        writeErrors.push(writeErrorOf(err, i));
        if (ordered) break;
      }
    }
    // A capped collection drops its oldest documents once the whole batch is in.
    if (inserted > 0) await enforceCappedLimits(batch, coll);
    return inserted;
  });
  return { n, ...(writeErrors.length ? { writeErrors } : {}), ok: 1 };
};
