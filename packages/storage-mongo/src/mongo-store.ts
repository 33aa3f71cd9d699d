import { crc32 } from 'node:zlib';
import { Binary, Long } from 'bson';
import { MongoClient, MongoServerError, type Db, type Document } from 'mongodb';
import {
  CorruptionError,
  StorageError,
  silentLogger,
  type BranchRecord,
  type CheckpointImage,
  type Logger,
  type Lsn,
  type OpenReport,
  type ProjectRecord,
  type StorageBackend,
  type StorageStatus,
  type WalEntry,
} from '@argon/core';
import { decodeEntry, encodeEntry } from './entry-codec.js';

/** Options of {@link MongoStore}. */
export interface MongoStoreOptions {
  /** `mongodb://…` of the deployment holding the log. */
  readonly uri: string;
  /** Database of the WAL collections (default `argon_wal`). */
  readonly database?: string;
  readonly logger?: Logger;
  /** Checkpoints kept per project (default 3). */
  readonly keepCheckpoints?: number;
  /** An existing client to use (the store then does not close it). */
  readonly client?: MongoClient;
}

/** Collection names, as the design fixes them. */
export const COLLECTIONS = Object.freeze({
  log: 'wal_log',
  branches: 'wal_branches',
  projects: 'wal_projects',
  counters: 'wal_counters',
  checkpoints: 'wal_checkpoints',
} as const);

/** `wal_counters` document bumped on every metadata change (projects cannot start with '$'). */
const METADATA_COUNTER = '$metadata';

const READ_OPTS = { promoteValues: false, promoteLongs: false, bsonRegExp: true } as const;

function redact(uri: string): string {
  return uri.replace(/\/\/([^@/]*)@/, '//***@');
}

function num(v: unknown): number {
  if (typeof v === 'number') return v;
  const tag = (v as { _bsontype?: string } | null)?._bsontype;
  if (tag === 'Long') return Number((v as Long).toBigInt());
  if (tag === 'Int32' || tag === 'Double') return (v as { value: number }).value;
  return Number(v);
}

/**
 * The MongoDB storage backend: the log in real MongoDB collections, so
 * several stateless Argon processes can share one replica set or sharded
 * cluster. LSNs come from an atomic `$inc` on a counter document, branch
 * heads advance with `$max`, and every process catches up by reading
 * `wal_log` above what it has applied (the engine does this before each
 * request because `shared` is true).
 */
export class MongoStore implements StorageBackend {
  readonly kind = 'mongodb' as const;
  readonly shared = true;
  private client: MongoClient | undefined;
  private db!: Db;
  private readonly log: Logger;
  private readonly dbName: string;
  private readonly ownsClient: boolean;
  private transactions = false;
  private opened = false;

  constructor(private readonly opts: MongoStoreOptions) {
    this.log = opts.logger ?? silentLogger;
    this.dbName = opts.database ?? 'argon_wal';
    this.client = opts.client;
    this.ownsClient = !opts.client;
  }

  private wrap(what: string, err: unknown): StorageError {
    if (err instanceof StorageError) return err;
    const msg = err instanceof Error ? err.message : String(err);
    return new StorageError(`MongoDB backend (${redact(this.opts.uri)}, database ${this.dbName}) failed to ${what}: ${msg}; check that the deployment is reachable and writable`, err);
  }

  async open(): Promise<OpenReport> {
    const started = performance.now();
    try {
      this.client ??= new MongoClient(this.opts.uri, { serverSelectionTimeoutMS: 10_000, retryWrites: true });
      await this.client.connect();
      this.db = this.client.db(this.dbName);
      const hello = await this.db.admin().command({ hello: 1 });
      // Transactions need a replica set or mongos; a standalone gets ordered inserts.
      this.transactions = Boolean(hello.setName) || hello.msg === 'isdbgrid';
      await Promise.all([
        this.db.collection(COLLECTIONS.log).createIndexes([
          { key: { project: 1, lsn: 1 }, name: 'project_lsn', unique: true },
          { key: { project: 1, branchId: 1, lsn: 1 }, name: 'branch_range' },
          { key: { project: 1, collection: 1, idKey: 1, lsn: 1 }, name: 'document_history' },
        ]),
        this.db.collection(COLLECTIONS.branches).createIndexes([{ key: { project: 1, id: 1 }, name: 'project_id', unique: true }]),
        this.db.collection(COLLECTIONS.projects).createIndexes([{ key: { name: 1 }, name: 'name', unique: true }]),
        this.db.collection(COLLECTIONS.checkpoints).createIndexes([{ key: { project: 1, lsn: -1, chunk: 1 }, name: 'project_lsn_chunk', unique: true }]),
      ]);
    } catch (err) {
      throw this.wrap('open', err);
    }
    this.opened = true;
    const durationMs = performance.now() - started;
    this.log.info({ backend: 'mongodb', uri: redact(this.opts.uri), database: this.dbName, transactions: this.transactions }, `MongoDB backend ready (${this.transactions ? 'transactions' : 'standalone: ordered inserts'})`);
    return { messages: [], recovery: { checkpointLsn: null, entriesScanned: 0, truncatedBytes: 0, durationMs } };
  }

  async close(): Promise<void> {
    if (this.ownsClient && this.client) await this.client.close();
    this.opened = false;
  }

  private assertOpen(): void {
    if (!this.opened) throw new StorageError('the MongoDB backend is not open');
  }

  async loadProjects(): Promise<ProjectRecord[]> {
    this.assertOpen();
    try {
      const docs = await this.db.collection(COLLECTIONS.projects).find({}, { projection: { _id: 0 } }).toArray();
      return docs.map((d) => ({ name: String(d.name), createdAt: d.createdAt as Date, deleted: Boolean(d.deleted), ...(d.deletedAt ? { deletedAt: d.deletedAt as Date } : {}) }));
    } catch (err) {
      throw this.wrap('load projects', err);
    }
  }

  async saveProject(project: ProjectRecord): Promise<void> {
    this.assertOpen();
    try {
      await this.db.collection(COLLECTIONS.projects).replaceOne({ name: project.name }, { ...project }, { upsert: true });
      await this.bumpMetadataVersion();
    } catch (err) {
      throw this.wrap(`save project ${project.name}`, err);
    }
  }

  async loadBranches(project: string): Promise<BranchRecord[]> {
    this.assertOpen();
    try {
      const docs = await this.db.collection(COLLECTIONS.branches).find({ project }, { projection: { _id: 0 } }).toArray();
      return docs.map((d) => ({
        id: String(d.id),
        project: String(d.project),
        name: String(d.name),
        parentId: d.parentId === null || d.parentId === undefined ? null : String(d.parentId),
        baseLsn: num(d.baseLsn),
        headLsn: num(d.headLsn),
        createdAt: d.createdAt as Date,
        resets: ((d.resets as Document[] | undefined) ?? []).map((r) => ({
          atLsn: num(r.atLsn),
          toLsn: num(r.toLsn),
          discarded: { from: num(r.discarded.from), to: num(r.discarded.to) },
          at: r.at as Date,
          ...(r.backup ? { backup: String(r.backup) } : {}),
        })),
        deleted: Boolean(d.deleted),
        ...(d.deletedAt ? { deletedAt: d.deletedAt as Date } : {}),
      }));
    } catch (err) {
      throw this.wrap(`load branches of ${project}`, err);
    }
  }

  async saveBranch(branch: BranchRecord): Promise<void> {
    this.assertOpen();
    try {
      await this.db.collection(COLLECTIONS.branches).replaceOne({ project: branch.project, id: branch.id }, { ...branch, resets: [...branch.resets] }, { upsert: true });
      await this.bumpMetadataVersion();
    } catch (err) {
      throw this.wrap(`save branch ${branch.project}@${branch.name}`, err);
    }
  }

  /** The counter other processes watch to know when to reload projects and branches. */
  private async bumpMetadataVersion(): Promise<void> {
    await this.db.collection<{ _id: string; next: number }>(COLLECTIONS.counters).updateOne({ _id: METADATA_COUNTER }, { $inc: { next: 1 } }, { upsert: true });
  }

  async metadataVersion(): Promise<number> {
    this.assertOpen();
    try {
      const doc = await this.db.collection<{ _id: string; next: number }>(COLLECTIONS.counters).findOne({ _id: METADATA_COUNTER });
      return doc ? num(doc.next) : 0;
    } catch (err) {
      throw this.wrap('read the metadata version', err);
    }
  }

  async reserveLsns(project: string, count: number): Promise<Lsn> {
    this.assertOpen();
    try {
      const doc = await this.db
        .collection<{ _id: string; next: number }>(COLLECTIONS.counters)
        .findOneAndUpdate({ _id: project }, { $inc: { next: count } }, { upsert: true, returnDocument: 'after' });
      const last = num(doc?.next);
      return last - count + 1;
    } catch (err) {
      throw this.wrap(`reserve ${count} LSN(s) for ${project}`, err);
    }
  }

  /**
   * Appends start at once (concurrent writers overlap their round trips) but
   * resolve in call order, as the contract asks. A failed append does not
   * fail later ones here: on a shared log every process reconciles through
   * catch-up, which re-reads whatever did land.
   */
  append(entries: readonly WalEntry[]): Promise<void> {
    const work = this.appendNow(entries);
    const prev = this.appendTail;
    const done = prev.then(() => work);
    this.appendTail = done.catch(() => undefined);
    return done;
  }

  private appendTail: Promise<void> = Promise.resolve();

  private async appendNow(entries: readonly WalEntry[]): Promise<void> {
    this.assertOpen();
    if (entries.length === 0) return;
    const docs = entries.map(encodeEntry);
    const insert = async (session?: import('mongodb').ClientSession) => {
      try {
        await this.db.collection(COLLECTIONS.log).insertMany(docs as unknown as Document[], { ordered: true, ...(session ? { session } : {}) });
      } catch (err) {
        // A retried insert whose first attempt landed hits the unique (project, lsn)
        // index; the same opId on that LSN proves it is ours, so it is not applied twice.
        if (err instanceof MongoServerError && err.code === 11000 && (await this.alreadyStored(docs))) return;
        throw err;
      }
      // Branch heads only move forward: $max, so concurrent writers never move them back.
      const heads = new Map<string, Lsn>();
      for (const e of entries) heads.set(`${e.project}\u0000${e.branchId}`, Math.max(heads.get(`${e.project}\u0000${e.branchId}`) ?? 0, e.lsn));
      for (const [k, lsn] of heads) {
        const [project, id] = k.split('\u0000') as [string, string];
        await this.db.collection(COLLECTIONS.branches).updateOne({ project, id }, { $max: { headLsn: lsn } }, session ? { session } : {});
      }
    };
    try {
      if (this.transactions && docs.length > 1) {
        const session = this.client!.startSession();
        try {
          await session.withTransaction(() => insert(session));
        } finally {
          await session.endSession();
        }
      } else await insert();
    } catch (err) {
      throw this.wrap(`append ${entries.length} entr${entries.length === 1 ? 'y' : 'ies'} to ${COLLECTIONS.log}`, err);
    }
  }

  private async alreadyStored(docs: ReadonlyArray<{ _id: string; opId?: string }>): Promise<boolean> {
    const found = await this.db.collection(COLLECTIONS.log).find({ _id: { $in: docs.map((d) => d._id) } as never }, { projection: { opId: 1 } }).toArray();
    if (found.length !== docs.length) return false;
    const byId = new Map(found.map((f) => [String(f._id), f.opId]));
    return docs.every((d) => byId.get(d._id) === d.opId);
  }

  async *readLog(project: string, afterLsn: Lsn, limit?: number): AsyncIterable<WalEntry> {
    this.assertOpen();
    let cursor;
    try {
      cursor = this.db
        .collection(COLLECTIONS.log)
        .find({ project, lsn: { $gt: afterLsn } }, { sort: { lsn: 1 }, batchSize: 5000, ...READ_OPTS, ...(limit ? { limit } : {}) });
    } catch (err) {
      throw this.wrap(`read the log of ${project}`, err);
    }
    try {
      for await (const doc of cursor) yield decodeEntry(doc as Record<string, unknown>);
    } catch (err) {
      throw this.wrap(`read the log of ${project}`, err);
    }
  }

  /** Reads specific LSNs (used to fill gaps left by writers that were still in flight). */
  async readLsns(project: string, lsns: readonly Lsn[]): Promise<WalEntry[]> {
    if (lsns.length === 0) return [];
    const docs = await this.db.collection(COLLECTIONS.log).find({ project, lsn: { $in: [...lsns] } }, { sort: { lsn: 1 }, ...READ_OPTS }).toArray();
    return docs.map((d) => decodeEntry(d as Record<string, unknown>));
  }

  async saveCheckpoint(cp: CheckpointImage): Promise<void> {
    this.assertOpen();
    const coll = this.db.collection(COLLECTIONS.checkpoints);
    try {
      // Chunks first, the manifest (chunk -1) last: a checkpoint is visible only when complete.
      const chunks = cp.chunks.map((c, i) => ({ project: cp.project, lsn: cp.lsn, chunk: i, data: new Binary(c), crc: crc32(c) }));
      await coll.deleteMany({ project: cp.project, lsn: cp.lsn });
      if (chunks.length) await coll.insertMany(chunks);
      await coll.insertOne({ project: cp.project, lsn: cp.lsn, chunk: -1, chunks: chunks.length, createdAt: cp.createdAt });
      const manifests = await coll.find({ project: cp.project, chunk: -1 }, { sort: { lsn: -1 }, projection: { lsn: 1 } }).toArray();
      const keep = this.opts.keepCheckpoints ?? 3;
      for (const old of manifests.slice(keep)) await coll.deleteMany({ project: cp.project, lsn: old.lsn });
    } catch (err) {
      throw this.wrap(`save a checkpoint of ${cp.project} at LSN ${cp.lsn}`, err);
    }
  }

  async loadCheckpoint(project: string): Promise<CheckpointImage | null> {
    this.assertOpen();
    const coll = this.db.collection(COLLECTIONS.checkpoints);
    const manifests = await coll.find({ project, chunk: -1 }, { sort: { lsn: -1 } }).toArray();
    for (const m of manifests) {
      const lsn = num(m.lsn);
      const docs = await coll.find({ project, lsn: m.lsn, chunk: { $gte: 0 } }, { sort: { chunk: 1 } }).toArray();
      const chunks: Uint8Array[] = [];
      let ok = docs.length === num(m.chunks);
      for (const d of docs) {
        const bin = d.data as Binary;
        const bytes = bin.buffer.subarray(0, bin.position);
        if (crc32(bytes) !== num(d.crc)) ok = false;
        chunks.push(bytes);
      }
      if (ok) return { project, lsn, createdAt: m.createdAt as Date, chunks };
      this.log.warn({ project, lsn }, `checkpoint of ${project} at LSN ${lsn} in ${COLLECTIONS.checkpoints} failed verification; using an older one`);
    }
    if (manifests.length) this.log.error({ project }, new CorruptionError(`no valid checkpoint for ${project}`).message);
    return null;
  }

  async status(): Promise<StorageStatus> {
    this.assertOpen();
    const stats = await this.db.command({ dbStats: 1 }).catch(() => ({}) as Document);
    return {
      kind: 'mongodb',
      location: `${redact(this.opts.uri)} (database ${this.dbName})`,
      durability: this.transactions ? 'MongoDB write concern (transactions per batch)' : 'MongoDB write concern (standalone: ordered inserts)',
      ...(typeof stats.dataSize === 'number' ? { bytesOnDisk: stats.storageSize ?? stats.dataSize } : {}),
      entries: await this.db.collection(COLLECTIONS.log).estimatedDocumentCount().catch(() => undefined),
      transactions: this.transactions,
    };
  }
}
