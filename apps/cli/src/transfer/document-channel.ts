/** A BSON document as the driver or the engine hands it over (numeric types kept as Int32/Double/Long). */
export type Doc = Record<string, unknown>;

/** The outcome of inserting a batch. */
export interface InsertOutcome {
  /** Documents written. */
  readonly inserted: number;
  /** Documents refused because their `_id` (or a unique key) already exists: imported before. */
  readonly duplicates: number;
}

/**
 * What `argon import` and `argon export` need from a database, whichever way
 * it is reached: the MongoDB wire protocol (a running server, or any MongoDB
 * as an import source) or a local engine's command layer.
 */
export interface DocumentChannel {
  /** Human description for messages. */
  readonly description: string;
  /** Names of the database's collections (views and `system.*` excluded), sorted. */
  listCollections(db: string): Promise<string[]>;
  /** Index definitions of a collection (as `listIndexes` returns them). */
  listIndexes(db: string, collection: string): Promise<Doc[]>;
  /** Creates indexes (`createIndexes` specs); existing identical ones are fine. */
  createIndexes(db: string, collection: string, specs: Doc[]): Promise<void>;
  /** Number of documents (may be an estimate on a source MongoDB). */
  count(db: string, collection: string): Promise<number>;
  /** Every document, in batches of about `batchSize`. */
  scan(db: string, collection: string, batchSize: number): AsyncIterable<Doc[]>;
  /** Inserts unordered; duplicate keys are counted, any other failure throws. */
  insertMany(db: string, collection: string, docs: Doc[]): Promise<InsertOutcome>;
  /** Releases the connection or cursors. */
  close(): Promise<void>;
}

/** MongoDB's duplicate key error code. */
export const DUPLICATE_KEY = 11000;

/** Drops the fields `listIndexes` reports but `createIndexes` does not take. */
export function indexSpecForCreate(spec: Doc): Doc {
  const { v: _v, ns: _ns, ...rest } = spec;
  return rest;
}
