import type { Document, MongoClient } from 'mongodb';
import { CLI_CODES, CliError } from '../errors.js';
import { redactUri } from '../session.js';
import { DUPLICATE_KEY, type Doc, type DocumentChannel, type InsertOutcome } from './document-channel.js';

/**
 * A {@link DocumentChannel} over the MongoDB wire protocol with the official
 * driver: the source of `argon import`, and the destination (or export
 * source) when a server holds the data directory. Values are read without
 * promotion (Int32, Double and Long stay distinct) so copies keep their types.
 */
export class WireChannel implements DocumentChannel {
  private constructor(
    private readonly client: MongoClient,
    private readonly isBulkWriteError: (err: unknown) => err is import('mongodb').MongoBulkWriteError,
    readonly description: string,
  ) {}

  /** Connects (and checks the connection with a ping); failures name the URI without its password. */
  static async connect(uri: string, what: string): Promise<WireChannel> {
    const shown = redactUri(uri);
    // Loaded on demand: the driver is only needed by import and export, and it is slow to load.
    const { MongoClient, MongoBulkWriteError } = await import('mongodb');
    let client: MongoClient;
    try {
      // A timeout in the URI wins over our default (options given here would override the URI's).
      const timeout = /[?&]serverSelectionTimeoutMS=/i.test(uri) ? {} : { serverSelectionTimeoutMS: 10_000 };
      client = new MongoClient(uri, { promoteValues: false, promoteLongs: false, bsonRegExp: true, appName: 'argon-cli', ...timeout });
    } catch (err) {
      throw new CliError(CLI_CODES.USAGE, `invalid ${what} URI ${shown}: ${(err as Error).message}; use mongodb://host:port`, { details: { uri: shown } });
    }
    try {
      await client.connect();
      await client.db('admin').command({ ping: 1 });
    } catch (err) {
      await client.close().catch(() => {});
      throw new CliError(CLI_CODES.SERVER_UNREACHABLE, `cannot connect to the ${what} at ${shown}: ${(err as Error).message}`, { details: { uri: shown }, cause: err });
    }
    return new WireChannel(client, (err): err is InstanceType<typeof MongoBulkWriteError> => err instanceof MongoBulkWriteError, shown);
  }

  /** Database names on the server (for error messages; empty when not allowed). */
  async listDatabases(): Promise<string[]> {
    try {
      const r = await this.client.db('admin').admin().listDatabases({ nameOnly: true });
      return r.databases.map((d) => d.name).sort();
    } catch {
      return [];
    }
  }

  async listCollections(db: string): Promise<string[]> {
    const infos = await this.client.db(db).listCollections({}, { nameOnly: false }).toArray();
    return infos
      .filter((c) => (c as { type?: string }).type !== 'view' && !c.name.startsWith('system.'))
      .map((c) => c.name)
      .sort();
  }

  async listIndexes(db: string, collection: string): Promise<Doc[]> {
    return (await this.client.db(db).collection(collection).listIndexes().toArray()) as Doc[];
  }

  async createIndexes(db: string, collection: string, specs: Doc[]): Promise<void> {
    if (specs.length === 0) return;
    await this.client.db(db).command({ createIndexes: collection, indexes: specs });
  }

  async count(db: string, collection: string): Promise<number> {
    return this.client.db(db).collection(collection).estimatedDocumentCount();
  }

  async *scan(db: string, collection: string, batchSize: number): AsyncIterable<Doc[]> {
    const cursor = this.client.db(db).collection(collection).find({}, { batchSize });
    try {
      let batch: Doc[] = [];
      for await (const doc of cursor) {
        batch.push(doc as Doc);
        if (batch.length >= batchSize) {
          yield batch;
          batch = [];
        }
      }
      if (batch.length) yield batch;
    } finally {
      await cursor.close();
    }
  }

  async insertMany(db: string, collection: string, docs: Doc[]): Promise<InsertOutcome> {
    if (docs.length === 0) return { inserted: 0, duplicates: 0 };
    try {
      const r = await this.client.db(db).collection<Document>(collection).insertMany(docs, { ordered: false });
      return { inserted: r.insertedCount, duplicates: 0 };
    } catch (err) {
      if (this.isBulkWriteError(err)) {
        const errors = Array.isArray(err.writeErrors) ? err.writeErrors : [err.writeErrors];
        const other = errors.find((e) => e.code !== DUPLICATE_KEY);
        if (!other) return { inserted: err.insertedCount, duplicates: errors.length };
        throw new CliError(CLI_CODES.TRANSFER_FAILED, `inserting into ${db}.${collection} failed: ${other.errmsg ?? String(other.code)} (code ${other.code})`, { userError: false, cause: err });
      }
      throw err;
    }
  }

  async close(): Promise<void> {
    await this.client.close();
  }
}
