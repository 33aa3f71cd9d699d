/**
 * Collection operations (CRUD spec and index management) on the driver's
 * Collection API.
 */
import type { AnyBulkWriteOperation, Document, Filter, FindCursor, IndexSpecification, UpdateFilter } from 'mongodb';
import type { CollectionEntity } from '../entities.js';
import { RunnerError } from '../errors.js';
import type { Doc } from '../types.js';
import type { OperationTable } from './support.js';
import { required, requiredDoc, requiredString, take } from './support.js';

/** `returnDocument: "After"` → the driver's `'after'`. */
function findAndModifyOptions(rest: Doc): Doc {
  const out = { ...rest };
  if (out.returnDocument !== undefined) {
    const v = String(out.returnDocument).toLowerCase();
    if (v !== 'before' && v !== 'after') throw new RunnerError(`returnDocument must be Before or After, got ${String(out.returnDocument)}`);
    out.returnDocument = v;
  }
  return out;
}

/** `cursorType` of the unified format → the driver's tailable / awaitData flags. */
function findOptions(rest: Doc): Doc {
  const out = { ...rest };
  if (out.cursorType !== undefined) {
    const t = out.cursorType;
    delete out.cursorType;
    if (t === 'tailable') out.tailable = true;
    else if (t === 'tailableAwait') {
      out.tailable = true;
      out.awaitData = true;
    }
  }
  return out;
}

/** Opens a find cursor and makes sure the `find` command has run, without consuming a document. */
export async function openFindCursor(target: CollectionEntity, args: Doc): Promise<FindCursor> {
  const [{ filter }, rest] = take(args, 'filter');
  const cursor = target.collection.find((filter ?? {}) as Filter<Document>, findOptions(rest));
  await cursor.hasNext();
  return cursor;
}

/** The collection operations, by unified-format name. */
export const collectionOperations: OperationTable<CollectionEntity> = {
  aggregate: {
    iterable: true,
    async run(t, args) {
      const [{ pipeline }, rest] = take(args, 'pipeline');
      return t.collection.aggregate(required<Document[]>(pipeline, 'pipeline'), rest).toArray();
    },
  },
  bulkWrite: {
    async run(t, args) {
      const [{ requests }, rest] = take(args, 'requests');
      return t.collection.bulkWrite(required<AnyBulkWriteOperation[]>(requests, 'requests'), rest);
    },
  },
  countDocuments: {
    async run(t, args) {
      const [{ filter }, rest] = take(args, 'filter');
      return t.collection.countDocuments(requiredDoc(filter, 'filter'), rest);
    },
  },
  count: {
    async run(t, args) {
      const [{ filter }, rest] = take(args, 'filter');
      return t.collection.count((filter ?? {}) as Filter<Document>, rest);
    },
  },
  estimatedDocumentCount: {
    async run(t, args) {
      return t.collection.estimatedDocumentCount(args);
    },
  },
  distinct: {
    async run(t, args) {
      const [{ fieldName, filter }, rest] = take(args, 'fieldName', 'filter');
      return t.collection.distinct(requiredString(fieldName, 'fieldName'), (filter ?? {}) as Filter<Document>, rest);
    },
  },
  find: {
    iterable: true,
    async run(t, args) {
      const [{ filter }, rest] = take(args, 'filter');
      return t.collection.find((filter ?? {}) as Filter<Document>, findOptions(rest)).toArray();
    },
  },
  findOne: {
    async run(t, args) {
      const [{ filter }, rest] = take(args, 'filter');
      return t.collection.findOne((filter ?? {}) as Filter<Document>, findOptions(rest));
    },
  },
  createFindCursor: {
    async run(t, args) {
      return openFindCursor(t, args);
    },
  },
  findOneAndDelete: {
    async run(t, args) {
      const [{ filter }, rest] = take(args, 'filter');
      return t.collection.findOneAndDelete(requiredDoc(filter, 'filter'), findAndModifyOptions(rest));
    },
  },
  findOneAndReplace: {
    async run(t, args) {
      const [{ filter, replacement }, rest] = take(args, 'filter', 'replacement');
      return t.collection.findOneAndReplace(requiredDoc(filter, 'filter'), requiredDoc(replacement, 'replacement'), findAndModifyOptions(rest));
    },
  },
  findOneAndUpdate: {
    async run(t, args) {
      const [{ filter, update }, rest] = take(args, 'filter', 'update');
      return t.collection.findOneAndUpdate(requiredDoc(filter, 'filter'), required<UpdateFilter<Document>>(update, 'update'), findAndModifyOptions(rest));
    },
  },
  insertOne: {
    async run(t, args) {
      const [{ document }, rest] = take(args, 'document');
      return t.collection.insertOne(requiredDoc(document, 'document'), rest);
    },
  },
  insertMany: {
    async run(t, args) {
      const [{ documents }, rest] = take(args, 'documents');
      return t.collection.insertMany(required<Document[]>(documents, 'documents'), rest);
    },
  },
  replaceOne: {
    async run(t, args) {
      const [{ filter, replacement }, rest] = take(args, 'filter', 'replacement');
      return t.collection.replaceOne(requiredDoc(filter, 'filter'), requiredDoc(replacement, 'replacement'), rest);
    },
  },
  updateOne: {
    async run(t, args) {
      const [{ filter, update }, rest] = take(args, 'filter', 'update');
      return t.collection.updateOne(requiredDoc(filter, 'filter'), required<UpdateFilter<Document>>(update, 'update'), rest);
    },
  },
  updateMany: {
    async run(t, args) {
      const [{ filter, update }, rest] = take(args, 'filter', 'update');
      return t.collection.updateMany(requiredDoc(filter, 'filter'), required<UpdateFilter<Document>>(update, 'update'), rest);
    },
  },
  deleteOne: {
    async run(t, args) {
      const [{ filter }, rest] = take(args, 'filter');
      return t.collection.deleteOne(requiredDoc(filter, 'filter'), rest);
    },
  },
  deleteMany: {
    async run(t, args) {
      const [{ filter }, rest] = take(args, 'filter');
      return t.collection.deleteMany(requiredDoc(filter, 'filter'), rest);
    },
  },
  createIndex: {
    async run(t, args) {
      const [{ keys }, rest] = take(args, 'keys');
      return t.collection.createIndex(required<IndexSpecification>(keys, 'keys'), rest);
    },
  },
  dropIndex: {
    async run(t, args) {
      const [{ name }, rest] = take(args, 'name');
      return t.collection.dropIndex(requiredString(name, 'name'), rest);
    },
  },
  dropIndexes: {
    async run(t, args) {
      return t.collection.dropIndexes(args);
    },
  },
  listIndexes: {
    iterable: true,
    async run(t, args) {
      return t.collection.listIndexes(args).toArray();
    },
  },
  listIndexNames: {
    async run(t, args) {
      return (await t.collection.listIndexes(args).toArray()).map((ix) => ix.name);
    },
  },
  drop: {
    async run(t, args) {
      return t.collection.drop(args);
    },
  },
  rename: {
    async run(t, args) {
      const [{ to }, rest] = take(args, 'to');
      await t.collection.rename(requiredString(to, 'to'), rest);
      return undefined;
    },
  },
};
