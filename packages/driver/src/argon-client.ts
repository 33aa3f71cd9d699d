import { ArgonEngine, CommandRunner, MemoryStore, formatDbName, silentLogger, type BranchInfo, type Doc, type Logger, type StorageBackend } from '@argon/core';
import type { PromoteOptions } from '@argon/query';
import { FileStore } from '@argon/storage-file';
import { MongoStore } from '@argon/storage-mongo';
import { MongoClient, MongoInvalidArgumentError } from 'mongodb';
import { parseConnectionString, type BackendSpec } from './connection-string.js';
import { createContext, type ClientContext } from './context.js';
import { ArgonDb } from './db.js';
import { toDriverError } from './errors.js';

/** Options of {@link ArgonClient}. */
export interface ArgonClientOptions extends PromoteOptions {
  /** Default database for `db()` without a name (default `test`). */
  dbName?: string;
  /** Engine and storage log lines (pino-compatible). */
  logger?: Logger;
  /** Embedded store durability: `sync` (default) or `interval`. */
  durability?: 'sync' | 'interval';
  /** fsync period of `interval` mode in ms (default 100). */
  intervalMs?: number;
  /** Checkpoint every N log entries (default 100,000). */
  checkpointEveryEntries?: number;
  /** Recorded as the actor of every write. */
  actor?: string;
  /** Use an existing storage backend instead of the connection string's. */
  storage?: StorageBackend;
  /**
   * `false` switches Argon off for a `mongodb://` URI: operations go straight
   * to the real collections, unchanged (gradual rollout). Defaults to the
   * environment variable `ARGON_ENABLE_WAL` (`false` disables), else true.
   */
  wal?: boolean;
}

/** A point to branch from or reset to. */
export interface PointOptions {
  lsn?: number;
  time?: Date;
}

/**
 * A drop-in replacement for `MongoClient` whose writes go through Argon's
 * write-ahead log, so every database is a project with branches and time
 * travel. Only the import and the connection string change:
 *
 * @example
 * ```ts
 * import { ArgonClient } from '@argon/driver';
 * const client = await new ArgonClient('file:./argon-data').connect();
 * const orders = client.db('shop').collection('orders');
 * await orders.insertOne({ _id: 1, qty: 5 });
 * await client.createBranch('shop', 'feature');
 * await client.db('shop@feature').collection('orders').updateOne({ _id: 1 }, { $inc: { qty: 1 } });
 * const before = await client.db('shop@main@1').collection('orders').findOne({ _id: 1 });
 * ```
 */
export class ArgonClient {
  private readonly spec: BackendSpec;
  private opening: Promise<CommandRunner> | undefined;
  private runner: CommandRunner | undefined;
  private readonly ctx: ClientContext;

  constructor(
    /** `memory:`, `file:<dir>` / a path, or `mongodb://…`. */
    readonly connectionString: string,
    readonly options: ArgonClientOptions = {},
  ) {
    this.spec = parseConnectionString(connectionString);
    const promote: PromoteOptions = {
      ...(options.promoteValues !== undefined ? { promoteValues: options.promoteValues } : {}),
      ...(options.promoteLongs !== undefined ? { promoteLongs: options.promoteLongs } : {}),
      ...(options.useBigInt64 !== undefined ? { useBigInt64: options.useBigInt64 } : {}),
    };
    this.ctx = createContext(() => this.open(), promote, options.actor);
    this.passThrough = (options.wal ?? process.env.ARGON_ENABLE_WAL !== 'false') === false;
    if (this.passThrough) {
      if (this.spec.kind !== 'mongodb') throw new MongoInvalidArgumentError(`wal: false (pass-through) needs a mongodb:// connection string; '${connectionString}' has no real MongoDB behind it`);
      // Only the driver's own options go to MongoClient; Argon's are meaningless there.
      const { dbName: _d, logger: _l, durability: _u, intervalMs: _i, checkpointEveryEntries: _c, actor: _a, storage: _s, wal: _w, ...driverOptions } = options;
      this.direct = new MongoClient(connectionString, driverOptions);
    }
  }

  /** True when Argon is switched off and operations go straight to MongoDB. */
  readonly passThrough: boolean;
  private readonly direct: MongoClient | undefined;

  /** Opens storage and recovers state. Optional: the first operation connects too. */
  async connect(): Promise<this> {
    if (this.direct) await this.direct.connect();
    else await this.open();
    return this;
  }

  private open(): Promise<CommandRunner> {
    this.opening ??= (async () => {
      try {
        const engine = await ArgonEngine.open({
          storage: this.options.storage ?? (await this.createStorage()),
          logger: this.options.logger ?? silentLogger,
          ...(this.options.checkpointEveryEntries !== undefined ? { checkpointEveryEntries: this.options.checkpointEveryEntries } : {}),
        });
        this.runner = new CommandRunner(engine);
        return this.runner;
      } catch (err) {
        this.opening = undefined;
        throw toDriverError(err);
      }
    })();
    return this.opening;
  }

  private async createStorage(): Promise<StorageBackend> {
    const spec = this.spec;
    switch (spec.kind) {
      case 'memory':
        return new MemoryStore();
      case 'file':
        return new FileStore({
          dir: spec.dir,
          durability: this.options.durability ?? spec.durability ?? 'sync',
          ...((this.options.intervalMs ?? spec.intervalMs) !== undefined ? { intervalMs: this.options.intervalMs ?? spec.intervalMs! } : {}),
          ...(this.options.logger ? { logger: this.options.logger } : {}),
        });
      case 'mongodb':
        return new MongoStore({ uri: spec.uri, ...(spec.database ? { database: spec.database } : {}), ...(this.options.logger ? { logger: this.options.logger } : {}) });
    }
  }

  /** The engine behind this client (for tools and tests). */
  async engine(): Promise<ArgonEngine> {
    return (await this.open()).engine;
  }

  /** A database handle: `project`, `project@branch` or `project@branch@<lsn|ISO time>`. */
  db(name: string = this.options.dbName ?? 'test'): ArgonDb {
    // Pass-through hands out the official driver's Db, which has the same API.
    if (this.direct) return this.direct.db(name) as unknown as ArgonDb;
    return new ArgonDb(this.ctx, name);
  }

  /** Flushes acknowledged writes and releases the storage (and its directory lock). */
  async close(): Promise<void> {
    if (this.direct) await this.direct.close();
    const opening = this.opening;
    this.opening = undefined;
    if (!opening) return;
    const runner = await opening.catch(() => undefined);
    if (!runner) return;
    runner.close();
    await runner.engine.close({ checkpoint: true });
  }

  private admin(project: string, branch?: string): ArgonDb {
    if (this.direct) throw new MongoInvalidArgumentError('branch administration is unavailable in pass-through mode (wal: false / ARGON_ENABLE_WAL=false): Argon is switched off for this client');
    return this.db(branch ? formatDbName(project, branch) : project);
  }

  /**
   * Creates a branch, instantly (no data is copied).
   * @example `await client.createBranch('shop', 'feature', { from: 'main', lsn: 1200 })`
   */
  async createBranch(project: string, name: string, opts: PointOptions & { from?: string } = {}): Promise<BranchInfo> {
    const r = await this.admin(project, opts.from).command({ argonCreateBranch: name, ...(opts.lsn !== undefined ? { lsn: opts.lsn } : {}), ...(opts.time ? { time: opts.time } : {}) });
    return r.branch as BranchInfo;
  }

  /**
   * Lists a project's branches.
   * @example `const branches = await client.listBranches('shop')`
   */
  async listBranches(project: string): Promise<BranchInfo[]> {
    return (await this.admin(project).command({ argonListBranches: 1 })).branches as BranchInfo[];
  }

  /**
   * Soft-deletes a branch; its descendants keep their history.
   * @example `await client.deleteBranch('shop', 'feature')`
   */
  async deleteBranch(project: string, name: string): Promise<BranchInfo> {
    return (await this.admin(project).command({ argonDeleteBranch: name })).branch as BranchInfo;
  }

  /**
   * Resets a branch to an earlier LSN or time without destroying anything.
   * @example `await client.resetBranch('shop', 'main', { lsn: 1200, backup: 'before-reset' })`
   */
  async resetBranch(project: string, name: string, opts: PointOptions & { backup?: string }): Promise<{ branch: BranchInfo; discarded: { from: number; to: number }; backup?: BranchInfo }> {
    const r = await this.admin(project).command({ argonResetBranch: name, ...opts });
    return r as never;
  }

  /**
   * Head LSN of the database's branch and the project's latest LSN.
   * @example `const { headLsn } = await client.status('shop@feature')`
   */
  async status(dbName: string): Promise<{ project: string; branch: string; headLsn: number; projectLsn: number }> {
    const r = await this.db(dbName).command({ argonStatus: 1 });
    return { project: String(r.project), branch: String(r.branch), headLsn: Number(r.headLsn), projectLsn: Number(r.projectLsn) };
  }

  /**
   * Every version of one document, oldest first (`doc` is null after a delete).
   * @example `const { versions } = await client.history('shop', 'orders', 1)`
   */
  async history(dbName: string, collection: string, id: unknown): Promise<{ versions: Array<{ lsn: number; time: Date; op: string; doc: Doc | null }> }> {
    return (await this.db(dbName).command({ argonHistory: collection, _id: id })) as never;
  }

  /**
   * Documents added, removed and changed between two database names.
   * @example `const d = await client.diff('shop@main', 'shop@feature')`
   */
  async diff(from: string, to: string, collection?: string): Promise<{ added: Doc[]; removed: Doc[]; changed: Array<{ _id: unknown; fields: string[] }> }> {
    const p = from.split('@')[0]!;
    return (await this.db(p).command({ argonDiff: 1, from, to, ...(collection ? { collection } : {}) })) as never;
  }
}

