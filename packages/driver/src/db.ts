import type { Doc } from '@argon/core';
import { normalizeDocument } from '@argon/query';
import { ArgonCollection } from './collection.js';
import { shape, type ClientContext } from './context.js';
import { ArgonAggregationCursor, ArgonCommandCursor } from './cursor.js';

/**
 * A database handle: a project's branch (`shop`, `shop@feature`) or a
 * read-only point in time (`shop@main@1200`, `shop@main@2026-11-21T10:00:00Z`).
 */
export class ArgonDb {
  constructor(
    private readonly ctx: ClientContext,
    /** The database name as given. */
    readonly databaseName: string,
  ) {}

  /** A collection handle. */
  collection<T extends Doc = Doc>(name: string): ArgonCollection<T> {
    return new ArgonCollection<T>(this.ctx, this.databaseName, name);
  }

  /**
   * Runs a database command, including Argon's admin commands
   * (`argonCreateBranch`, `argonListBranches`, `argonDeleteBranch`,
   * `argonResetBranch`, `argonStatus`, `argonHistory`, `argonDiff`).
   *
   * @example
   * ```ts
   * await client.db('shop').command({ argonCreateBranch: 'feature' });
   * ```
   */
  async command(cmd: Doc): Promise<Doc> {
    return shape<Doc>(await this.ctx.run(this.databaseName, normalizeDocument(cmd)), this.ctx.promote);
  }

  /** A cursor over the collections of this database. */
  listCollections(filter: Doc = {}, options: { nameOnly?: boolean } = {}): ArgonCommandCursor<Doc> {
    return new ArgonCommandCursor(this.ctx, this.databaseName, { listCollections: 1, filter, nameOnly: options.nameOnly ?? false, cursor: {} });
  }

  /** Collection handles for every collection. */
  async collections(): Promise<ArgonCollection[]> {
    const infos = await this.listCollections({}, { nameOnly: true }).toArray();
    return infos.map((i) => this.collection(String(i.name)));
  }

  /** Creates a collection explicitly. */
  async createCollection<T extends Doc = Doc>(name: string, options: Doc = {}): Promise<ArgonCollection<T>> {
    await this.ctx.run(this.databaseName, { create: name, ...options });
    return this.collection<T>(name);
  }

  /** Drops a collection. */
  async dropCollection(name: string): Promise<boolean> {
    await this.ctx.run(this.databaseName, { drop: name });
    return true;
  }

  /** Drops every collection of this branch. */
  async dropDatabase(): Promise<boolean> {
    await this.ctx.run(this.databaseName, { dropDatabase: 1 });
    return true;
  }

  /** Database statistics. */
  async stats(): Promise<Doc> {
    return this.command({ dbStats: 1 });
  }

  /** A database-level aggregation. */
  aggregate<T = Doc>(pipeline: Doc[] = []): ArgonAggregationCursor<T> {
    return new ArgonAggregationCursor<T>(this.ctx, this.databaseName, 1, pipeline);
  }
}
