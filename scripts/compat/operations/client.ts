/**
 * Client operations: database enumeration, client-level bulk write, close.
 */
import type { AnyClientBulkWriteModel, Document } from 'mongodb';
import { isPlainDocument } from '../bson-type.js';
import type { ClientEntity } from '../entities.js';
import { RunnerError } from '../errors.js';
import type { OperationTable } from './support.js';
import { required, take } from './support.js';

/** `{ insertOne: { namespace, document } }` → the driver's `{ name: 'insertOne', namespace, document }`. */
function toClientModel(model: unknown): AnyClientBulkWriteModel<Document> {
  if (!isPlainDocument(model)) throw new RunnerError('clientBulkWrite model must be a document');
  const keys = Object.keys(model);
  const name = keys[0];
  const body = name !== undefined ? model[name] : undefined;
  if (keys.length !== 1 || !isPlainDocument(body)) throw new RunnerError('clientBulkWrite model must have exactly one key');
  return { name, ...body } as unknown as AnyClientBulkWriteModel<Document>;
}

/** The client operations, by unified-format name. */
export const clientOperations: OperationTable<ClientEntity> = {
  listDatabases: {
    iterable: true,
    async run(t, args) {
      const [{ filter }, rest] = take(args, 'filter');
      const res = await t.client.db('admin').admin().listDatabases({ ...rest, ...(filter !== undefined ? { filter } : {}) } as never);
      return res.databases;
    },
  },
  listDatabaseNames: {
    async run(t, args) {
      const res = await t.client.db('admin').admin().listDatabases({ ...args, nameOnly: true } as never);
      return res.databases.map((d) => d.name);
    },
  },
  clientBulkWrite: {
    async run(t, args) {
      const [{ models }, rest] = take(args, 'models');
      return t.client.bulkWrite(required<unknown[]>(models, 'models').map(toClientModel), rest);
    },
  },
  close: {
    async run(t) {
      await t.client.close();
      return undefined;
    },
  },
};
