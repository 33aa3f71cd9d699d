/**
 * Database operations: aggregate, collection management, runCommand and the
 * cursor-returning command runner.
 */
import type { Document, RunCommandCursor } from 'mongodb';
import type { DatabaseEntity } from '../entities.js';
import type { Doc } from '../types.js';
import type { OperationTable } from './support.js';
import { required, requiredDoc, requiredString, take } from './support.js';

/** Builds a RunCommandCursor with the unified format's getMore settings. */
function commandCursor(target: DatabaseEntity, args: Doc): RunCommandCursor {
  const [{ command, batchSize, maxTimeMS, comment, cursorType }, rest] = take(args, 'command', 'commandName', 'batchSize', 'maxTimeMS', 'comment', 'cursorType');
  const options: Doc = { ...rest };
  if (cursorType === 'tailable') options.tailable = true;
  if (cursorType === 'tailableAwait') {
    options.tailable = true;
    options.awaitData = true;
  }
  const cursor = target.db.runCursorCommand(requiredDoc(command, 'command'), options);
  if (typeof batchSize === 'number') cursor.setBatchSize(batchSize);
  if (typeof maxTimeMS === 'number') cursor.setMaxTimeMS(maxTimeMS);
  if (comment !== undefined) cursor.setComment(comment);
  return cursor;
}

/** The database operations, by unified-format name. */
export const databaseOperations: OperationTable<DatabaseEntity> = {
  aggregate: {
    iterable: true,
    async run(t, args) {
      const [{ pipeline }, rest] = take(args, 'pipeline');
      return t.db.aggregate(required<Document[]>(pipeline, 'pipeline'), rest).toArray();
    },
  },
  createCollection: {
    async run(t, args) {
      const [{ collection }, rest] = take(args, 'collection');
      return t.db.createCollection(requiredString(collection, 'collection'), rest);
    },
  },
  dropCollection: {
    async run(t, args) {
      const [{ collection }, rest] = take(args, 'collection');
      return t.db.dropCollection(requiredString(collection, 'collection'), rest);
    },
  },
  listCollections: {
    iterable: true,
    async run(t, args) {
      const [{ filter }, rest] = take(args, 'filter');
      return t.db.listCollections((filter ?? {}) as Doc, rest).toArray();
    },
  },
  listCollectionNames: {
    async run(t, args) {
      const [{ filter }, rest] = take(args, 'filter');
      return (await t.db.listCollections((filter ?? {}) as Doc, { ...rest, nameOnly: true }).toArray()).map((c) => c.name);
    },
  },
  modifyCollection: {
    async run(t, args) {
      const [{ collection, session }, rest] = take(args, 'collection', 'session');
      return t.db.command({ collMod: requiredString(collection, 'collection'), ...rest }, session !== undefined ? { session: session as never } : {});
    },
  },
  runCommand: {
    async run(t, args) {
      const [{ command }, rest] = take(args, 'command', 'commandName');
      return t.db.command(requiredDoc(command, 'command'), rest);
    },
  },
  runCursorCommand: {
    iterable: true,
    async run(t, args) {
      return commandCursor(t, args).toArray();
    },
  },
  createCommandCursor: {
    async run(t, args) {
      const cursor = commandCursor(t, args);
      await cursor.hasNext();
      return cursor;
    },
  },
};
