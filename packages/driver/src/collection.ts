import { MongoInvalidArgumentError } from 'mongodb';
import type { Doc } from '@argon/core';
import { executeBulk, ensureId, type BulkOperation, type BulkResult } from './bulk-write.js';
import { compact, shape, type ClientContext } from './context.js';
import { ArgonAggregationCursor, ArgonCommandCursor, ArgonFindCursor, toSortDoc, type FindOptions } from './cursor.js';
import { writeErrorToServerError } from './errors.js';

/** The driver's InsertOneResult. */
export interface InsertOneResult {
  acknowledged: boolean;
  insertedId: unknown;
}
/** The driver's InsertManyResult. */
export interface InsertManyResult {
  acknowledged: boolean;
  insertedCount: number;
  insertedIds: Record<number, unknown>;
}
/** The driver's UpdateResult. */
export interface UpdateResult {
  acknowledged: boolean;
  matchedCount: number;
  modifiedCount: number;
  upsertedCount: number;
  upsertedId: unknown;
}
/** The driver's DeleteResult. */
export interface DeleteResult {
  acknowledged: boolean;
  deletedCount: number;
}
/** Options of updates as in the driver. */
export interface UpdateOptions {
  upsert?: boolean;
  arrayFilters?: Doc[];
  collation?: Doc;
  hint?: unknown;
  sort?: Doc;
}
/** Options of findOneAndX as in the driver. */
export interface FindOneAndOptions {
  projection?: Doc;
  sort?: FindOptions['sort'];
  upsert?: boolean;
  returnDocument?: 'before' | 'after';
  arrayFilters?: Doc[];
  includeResultMetadata?: boolean;
}

/** Single-statement commands fail the way the driver makes them fail: with their write error. */
function throwFirstWriteError(reply: Doc): void {
  const errs = reply.writeErrors as Doc[] | undefined;
  if (errs?.length) throw writeErrorToServerError(errs[0]!);
}

function assertUpdate(update: Doc | Doc[]): void {
  if (Array.isArray(update)) return;
  const keys = Object.keys(update ?? {});
  if (keys.length === 0 || !keys[0]!.startsWith('$')) throw new MongoInvalidArgumentError('Update document requires atomic operators');
}

function assertReplacement(doc: Doc): void {
  const keys = Object.keys(doc ?? {});
  if (keys.length > 0 && keys[0]!.startsWith('$')) throw new MongoInvalidArgumentError('Replacement document must not contain atomic operators');
}

/**
 * A collection on a branch or point in time, with the official driver's
 * Collection API. Every method builds the command the driver would send and
 * runs it through Argon's command layer.
 *
 * @example
 * ```ts
 * const orders = client.db('shop@feature').collection('orders');
 * await orders.updateOne({ _id: 1 }, { $inc: { qty: 1 } });
 * ```
 */
export class ArgonCollection<TSchema extends Doc = Doc> {
  constructor(
    private readonly ctx: ClientContext,
    /** Database name: `project`, `project@branch` or `project@branch@point`. */
    readonly dbName: string,
    /** Collection name. */
    readonly collectionName: string,
  ) {}

  /** `db.collection` namespace. */
  get namespace(): string {
    return `${this.dbName}.${this.collectionName}`;
  }

  private run(cmd: Doc): Promise<Doc> {
    return this.ctx.run(this.dbName, cmd);
  }

  private single<T>(d: unknown): T {
    return shape<T>(d, this.ctx.promote);
  }

  /** Inserts one document; adds `_id` to it when missing. */
  async insertOne(doc: TSchema, _options: Doc = {}): Promise<InsertOneResult> {
    const id = ensureId(doc);
    const reply = await this.run({ insert: this.collectionName, documents: [doc], ordered: true });
    throwFirstWriteError(reply);
    return { acknowledged: true, insertedId: id };
  }

  /** Inserts documents (ordered by default); failures raise MongoBulkWriteError. */
  async insertMany(docs: TSchema[], options: { ordered?: boolean } = {}): Promise<InsertManyResult> {
    if (!Array.isArray(docs)) throw new MongoInvalidArgumentError('Argument "docs" must be an array of documents');
    const r = await executeBulk(this.ctx, this.dbName, this.collectionName, docs.map((document) => ({ insertOne: { document } })), options.ordered ?? true);
    return { acknowledged: true, insertedCount: r.insertedCount, insertedIds: r.insertedIds };
  }

  /** Runs mixed operations as the driver does. */
  bulkWrite(operations: BulkOperation[], options: { ordered?: boolean } = {}): Promise<BulkResult> {
    return executeBulk(this.ctx, this.dbName, this.collectionName, operations, options.ordered ?? true);
  }

  private async updateCmd(filter: Doc, update: Doc | Doc[], multi: boolean, options: UpdateOptions): Promise<UpdateResult> {
    const reply = await this.run({
      update: this.collectionName,
      updates: [compact({ q: filter, u: update, multi, upsert: options.upsert, arrayFilters: options.arrayFilters, sort: options.sort })],
      ordered: true,
    });
    throwFirstWriteError(reply);
    const upserted = (reply.upserted as Doc[] | undefined) ?? [];
    const n = Number(reply.n ?? 0);
    return {
      acknowledged: true,
      matchedCount: n - upserted.length,
      modifiedCount: Number(reply.nModified ?? 0),
      upsertedCount: upserted.length,
      upsertedId: upserted.length ? this.single(upserted[0]!._id) : null,
    };
  }

  /** Updates the first matching document. */
  updateOne(filter: Doc, update: Doc | Doc[], options: UpdateOptions = {}): Promise<UpdateResult> {
    assertUpdate(update as Doc);
    return this.updateCmd(filter, update, false, options);
  }

  /** Updates every matching document. */
  updateMany(filter: Doc, update: Doc | Doc[], options: UpdateOptions = {}): Promise<UpdateResult> {
    assertUpdate(update as Doc);
    return this.updateCmd(filter, update, true, options);
  }

  /** Replaces the first matching document. */
  replaceOne(filter: Doc, replacement: TSchema, options: UpdateOptions = {}): Promise<UpdateResult> {
    assertReplacement(replacement);
    return this.updateCmd(filter, replacement, false, options);
  }

  private async deleteCmd(filter: Doc, limit: 0 | 1): Promise<DeleteResult> {
    const reply = await this.run({ delete: this.collectionName, deletes: [{ q: filter, limit }], ordered: true });
    throwFirstWriteError(reply);
    return { acknowledged: true, deletedCount: Number(reply.n ?? 0) };
  }

  /** Deletes the first matching document. */
  deleteOne(filter: Doc = {}): Promise<DeleteResult> {
    return this.deleteCmd(filter, 1);
  }

  /** Deletes every matching document. */
  deleteMany(filter: Doc = {}): Promise<DeleteResult> {
    return this.deleteCmd(filter, 0);
  }

  private async findAndModify(query: Doc, spec: Doc, options: FindOneAndOptions): Promise<unknown> {
    const reply = await this.run(compact({ findAndModify: this.collectionName, query, sort: toSortDoc(options.sort), fields: options.projection, ...spec }));
    if (options.includeResultMetadata) return { value: reply.value === null ? null : this.single(reply.value), lastErrorObject: this.single(reply.lastErrorObject), ok: 1 };
    return reply.value === null || reply.value === undefined ? null : this.single(reply.value);
  }

  /** Updates one document and returns it (before, or after with `returnDocument: 'after'`). */
  findOneAndUpdate(filter: Doc, update: Doc | Doc[], options: FindOneAndOptions = {}): Promise<TSchema | null> {
    assertUpdate(update as Doc);
    return this.findAndModify(filter, compact({ update, new: options.returnDocument === 'after', upsert: options.upsert, arrayFilters: options.arrayFilters }), options) as Promise<TSchema | null>;
  }

  /** Replaces one document and returns it. */
  findOneAndReplace(filter: Doc, replacement: TSchema, options: FindOneAndOptions = {}): Promise<TSchema | null> {
    assertReplacement(replacement);
    return this.findAndModify(filter, compact({ update: replacement, new: options.returnDocument === 'after', upsert: options.upsert }), options) as Promise<TSchema | null>;
  }

  /** Deletes one document and returns it. */
  findOneAndDelete(filter: Doc, options: FindOneAndOptions = {}): Promise<TSchema | null> {
    return this.findAndModify(filter, { remove: true }, options) as Promise<TSchema | null>;
  }

  /** A lazy cursor over matching documents. */
  find<T = TSchema>(filter: Doc = {}, options: FindOptions = {}): ArgonFindCursor<T> {
    return new ArgonFindCursor<T>(this.ctx, this.dbName, this.collectionName, filter, options);
  }

  /** The first matching document, or null. */
  async findOne<T = TSchema>(filter: Doc = {}, options: FindOptions = {}): Promise<T | null> {
    const cursor = new ArgonFindCursor<T>(this.ctx, this.dbName, this.collectionName, filter, { ...options, limit: -1 });
    return cursor.next();
  }

  /** Counts matching documents with an aggregation, as the driver does. */
  async countDocuments(filter: Doc = {}, options: { skip?: number; limit?: number } = {}): Promise<number> {
    const pipeline: Doc[] = [{ $match: filter }];
    if (options.skip) pipeline.push({ $skip: options.skip });
    if (options.limit) pipeline.push({ $limit: options.limit });
    pipeline.push({ $group: { _id: 1, n: { $sum: 1 } } });
    const [r] = await this.aggregate<{ n: number }>(pipeline).toArray();
    return r ? Number(r.n) : 0;
  }

  /** The collection's document count from metadata (`count` command). */
  async estimatedDocumentCount(): Promise<number> {
    const reply = await this.run({ count: this.collectionName });
    return Number(reply.n);
  }

  /** Distinct values of a field among matching documents. */
  async distinct(key: string, filter: Doc = {}): Promise<unknown[]> {
    const reply = await this.run({ distinct: this.collectionName, key, query: filter });
    return this.single<unknown[]>(reply.values);
  }

  /** An aggregation cursor over this collection. */
  aggregate<T = Doc>(pipeline: Doc[] = [], options: { batchSize?: number; allowDiskUse?: boolean; let?: Doc } = {}): ArgonAggregationCursor<T> {
    return new ArgonAggregationCursor<T>(this.ctx, this.dbName, this.collectionName, pipeline, options);
  }

  /** Creates an index; returns its name. */
  async createIndex(key: Doc | string, options: Doc = {}): Promise<string> {
    const spec = typeof key === 'string' ? { [key]: 1 } : key;
    const [name] = await this.createIndexes([{ key: spec, ...options }]);
    return name!;
  }

  /** Creates several indexes; returns their names. */
  async createIndexes(specs: Array<{ key: Doc; name?: string } & Doc>): Promise<string[]> {
    const indexes = specs.map((s) => ({ ...s, name: s.name ?? Object.entries(s.key).map(([k, v]) => `${k}_${String(v)}`).join('_') }));
    await this.run({ createIndexes: this.collectionName, indexes });
    return indexes.map((i) => i.name);
  }

  /** A cursor over the collection's indexes. */
  listIndexes(): ArgonCommandCursor<Doc> {
    return new ArgonCommandCursor(this.ctx, this.dbName, { listIndexes: this.collectionName, cursor: {} });
  }

  /** The collection's indexes as an array. */
  indexes(): Promise<Doc[]> {
    return this.listIndexes().toArray();
  }

  /** True when an index of that name exists. */
  async indexExists(name: string | string[]): Promise<boolean> {
    const names = new Set((await this.indexes()).map((i) => i.name));
    return (Array.isArray(name) ? name : [name]).every((n) => names.has(n));
  }

  /** Drops an index by name or key pattern. */
  async dropIndex(index: string | Doc): Promise<Doc> {
    return this.single(await this.run({ dropIndexes: this.collectionName, index }));
  }

  /** Drops every index but `_id_`. */
  async dropIndexes(): Promise<boolean> {
    await this.run({ dropIndexes: this.collectionName, index: '*' });
    return true;
  }

  /** Drops the collection on this branch. */
  async drop(): Promise<boolean> {
    await this.run({ drop: this.collectionName });
    return true;
  }
}
