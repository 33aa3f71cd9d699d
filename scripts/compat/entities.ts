/**
 * The entity map of one test: driver objects created by `createEntities`
 * and values saved with `saveResultAsEntity`.
 */
import { AbstractCursor, Collection as DriverCollection, GridFSBucket, MongoClient, type ClientSession, type Collection, type Db, type MongoClientOptions } from 'mongodb';
import { isPlainDocument } from './bson-type.js';
import { RunnerError, SkipTest } from './errors.js';
import { EventRecorder, SUPPORTED_EVENT_NAMES } from './events.js';
import type { MatchContext } from './match.js';
import { convertCommonOptions } from './options.js';
import type { Doc, EntityDescription } from './types.js';

/** A client entity: the driver client and what it observed. */
export interface ClientEntity {
  readonly kind: 'client';
  readonly id: string;
  readonly client: MongoClient;
  readonly recorder: EventRecorder;
}
/** A database entity. */
export interface DatabaseEntity {
  readonly kind: 'database';
  readonly id: string;
  readonly db: Db;
  readonly client: ClientEntity;
}
/** A collection entity. */
export interface CollectionEntity {
  readonly kind: 'collection';
  readonly id: string;
  readonly collection: Collection;
  readonly database: DatabaseEntity;
}
/** A session entity, with the logical session id it had when created. */
export interface SessionEntity {
  readonly kind: 'session';
  readonly id: string;
  readonly session: ClientSession;
  readonly lsid: unknown;
  readonly client: ClientEntity;
}
/** A GridFS bucket entity. */
export interface BucketEntity {
  readonly kind: 'bucket';
  readonly id: string;
  readonly bucket: GridFSBucket;
  readonly database: DatabaseEntity;
}
/** A cursor entity (from createFindCursor / createCommandCursor). */
export interface CursorEntity {
  readonly kind: 'cursor';
  readonly id: string;
  readonly cursor: AbstractCursor;
}
/** A test-runner thread: operations queued on it run in order, concurrently with the main thread. */
export interface ThreadEntity {
  readonly kind: 'thread';
  readonly id: string;
  queue: Promise<void>;
  error: unknown;
}
/** A saved BSON value. */
export interface ValueEntity {
  readonly kind: 'value';
  readonly id: string;
  readonly value: unknown;
}

/** Anything the entity map can hold. */
export type Entity = ClientEntity | DatabaseEntity | CollectionEntity | SessionEntity | BucketEntity | CursorEntity | ThreadEntity | ValueEntity;

/** The entity kinds, by name. */
export type EntityKind = Entity['kind'];

type EntityOfKind<K extends EntityKind> = Extract<Entity, { kind: K }>;

/** Entity types that createEntities accepts. */
const CREATABLE = new Set(['client', 'database', 'collection', 'session', 'bucket', 'thread']);

/** How to build client entities: the server URI and defaults added to every client. */
export interface ClientFactory {
  readonly uri: string;
}

/** The entity map of one test. Also resolves `$$matchesEntity` and `$$sessionLsid`. */
export class EntityMap implements MatchContext {
  private readonly entities = new Map<string, Entity>();

  constructor(private readonly factory: ClientFactory) {}

  /** Every entity, in creation order. */
  all(): readonly Entity[] {
    return [...this.entities.values()];
  }

  /** True when an entity of that name exists. */
  has(id: string): boolean {
    return this.entities.has(id);
  }

  /** The entity named `id`; throws unless it exists and has one of the `kinds`. */
  get<K extends EntityKind>(id: string, ...kinds: K[]): EntityOfKind<K> {
    const e = this.entities.get(id);
    if (!e) throw new RunnerError(`no entity named ${id}`);
    if (kinds.length > 0 && !kinds.includes(e.kind as K)) throw new RunnerError(`entity ${id} is a ${e.kind}, expected ${kinds.join(' or ')}`);
    return e as EntityOfKind<K>;
  }

  /** The entity named `id`, or undefined. */
  find(id: string): Entity | undefined {
    return this.entities.get(id);
  }

  /** Stores an entity; names are unique. */
  add(entity: Entity): void {
    if (this.entities.has(entity.id)) throw new RunnerError(`entity ${entity.id} already exists`);
    this.entities.set(entity.id, entity);
  }

  /**
   * Stores an operation result: cursors become cursor entities, collections
   * (from createCollection on database `source`) collection entities,
   * anything else a value.
   */
  save(id: string, result: unknown, source?: string): void {
    if (result instanceof AbstractCursor) this.add({ kind: 'cursor', id, cursor: result });
    else if (result instanceof DriverCollection && source !== undefined) {
      this.add({ kind: 'collection', id, collection: result, database: this.get(source, 'database') });
    } else this.add({ kind: 'value', id, value: result });
  }

  /** {@inheritDoc MatchContext.entity} */
  entity(name: string): unknown {
    const e = this.get(name);
    if (e.kind !== 'value') throw new RunnerError(`entity ${name} is a ${e.kind}, not a BSON value`);
    return e.value;
  }

  /** {@inheritDoc MatchContext.sessionLsid} */
  sessionLsid(name: string): unknown {
    return this.get(name, 'session').lsid;
  }

  /** Creates the entities of a `createEntities` list, in order. */
  async create(descriptions: readonly EntityDescription[]): Promise<void> {
    for (const d of descriptions) await this.createOne(d);
  }

  private async createOne(description: EntityDescription): Promise<void> {
    const keys = Object.keys(description);
    if (keys.length !== 1) throw new RunnerError(`an entity must have exactly one key, got ${keys.join(', ')}`);
    const type = keys[0] as string;
    const spec = description[type] as Doc;
    if (!CREATABLE.has(type)) throw new SkipTest(`${type} entities unsupported`);
    const id = spec.id;
    if (typeof id !== 'string') throw new RunnerError(`${type} entity without an id`);
    switch (type) {
      case 'client':
        this.add(this.createClient(id, spec));
        return;
      case 'database': {
        const client = this.get(String(spec.client), 'client');
        const opts = isPlainDocument(spec.databaseOptions) ? convertCommonOptions(spec.databaseOptions) : {};
        this.add({ kind: 'database', id, db: client.client.db(String(spec.databaseName), opts), client });
        return;
      }
      case 'collection': {
        const database = this.get(String(spec.database), 'database');
        const opts = isPlainDocument(spec.collectionOptions) ? convertCommonOptions(spec.collectionOptions) : {};
        this.add({ kind: 'collection', id, collection: database.db.collection(String(spec.collectionName), opts), database });
        return;
      }
      case 'session': {
        const client = this.get(String(spec.client), 'client');
        const raw = isPlainDocument(spec.sessionOptions) ? spec.sessionOptions : {};
        if (raw.snapshotTime !== undefined) throw new SkipTest('snapshotTime session option unsupported');
        const session = client.client.startSession(convertCommonOptions(raw));
        this.add({ kind: 'session', id, session, lsid: session.id, client });
        return;
      }
      case 'bucket': {
        const database = this.get(String(spec.database), 'database');
        const opts = isPlainDocument(spec.bucketOptions) ? convertCommonOptions(spec.bucketOptions) : {};
        this.add({ kind: 'bucket', id, bucket: new GridFSBucket(database.db, opts), database });
        return;
      }
      case 'thread':
        this.add({ kind: 'thread', id, queue: Promise.resolve(), error: undefined });
        return;
    }
  }

  private createClient(id: string, spec: Doc): ClientEntity {
    for (const key of ['autoEncryptOpts', 'storeEventsAsEntities', 'observeLogMessages', 'observeTracingMessages', 'awaitMinPoolSizeMS']) {
      if (spec[key] !== undefined) throw new SkipTest(`client option ${key} unsupported`);
    }
    const observeEvents = Array.isArray(spec.observeEvents) ? (spec.observeEvents as string[]) : [];
    const unsupported = observeEvents.filter((e) => !SUPPORTED_EVENT_NAMES.has(e));
    if (unsupported.length > 0) throw new SkipTest(`observing ${unsupported.join(', ')} unsupported`);
    const uriOptions = isPlainDocument(spec.uriOptions) ? spec.uriOptions : {};
    const options: MongoClientOptions = { monitorCommands: true };
    if (!Object.keys(uriOptions).some((k) => k.toLowerCase() === 'serverselectiontimeoutms')) options.serverSelectionTimeoutMS = 10_000;
    if (isPlainDocument(spec.serverApi)) options.serverApi = spec.serverApi as unknown as MongoClientOptions['serverApi'];
    const client = new MongoClient(withUriOptions(this.factory.uri, uriOptions), options);
    const recorder = new EventRecorder(client, {
      observeEvents,
      ignoreCommandMonitoringEvents: Array.isArray(spec.ignoreCommandMonitoringEvents) ? (spec.ignoreCommandMonitoringEvents as string[]) : [],
      observeSensitiveCommands: spec.observeSensitiveCommands === true,
    });
    return { kind: 'client', id, client, recorder };
  }

  /**
   * Ends sessions, closes cursors and clients. Errors are swallowed: the test
   * has already been judged.
   */
  async dispose(): Promise<void> {
    for (const e of this.entities.values()) if (e.kind === 'client') e.recorder.stop();
    for (const e of this.entities.values()) {
      if (e.kind === 'cursor') await e.cursor.close().catch(() => undefined);
    }
    for (const e of this.entities.values()) {
      if (e.kind === 'session') await e.session.endSession().catch(() => undefined);
    }
    for (const e of this.entities.values()) {
      if (e.kind === 'thread') await e.queue.catch(() => undefined);
    }
    for (const e of this.entities.values()) {
      if (e.kind === 'client') await e.client.close(true).catch(() => undefined);
    }
    this.entities.clear();
  }
}

/**
 * Adds `uriOptions` to a connection string. Document-valued options
 * (authMechanismProperties) become `k:v` lists; arrays (readPreferenceTags)
 * repeat the key.
 */
export function withUriOptions(uri: string, options: Doc): string {
  const pairs: string[] = [];
  for (const [key, value] of Object.entries(options)) {
    if (isPlainDocument(value) && '$$placeholder' in value) throw new SkipTest(`uriOptions.${key} placeholder unsupported`);
    const values = Array.isArray(value) ? value : [value];
    for (const v of values) {
      const text = isPlainDocument(v)
        ? Object.entries(v)
            .map(([k, x]) => `${k}:${String(x)}`)
            .join(',')
        : String(v);
      pairs.push(`${encodeURIComponent(key)}=${encodeURIComponent(text)}`);
    }
  }
  if (pairs.length === 0) return uri;
  const scheme = uri.indexOf('://');
  const afterHosts = uri.slice(scheme + 3).search(/[/?]/);
  let base = uri;
  if (afterHosts === -1) base = `${uri}/`;
  else if (uri.charAt(scheme + 3 + afterHosts) === '?') base = `${uri.slice(0, scheme + 3 + afterHosts)}/${uri.slice(scheme + 3 + afterHosts)}`;
  return `${base}${base.includes('?') ? '&' : '?'}${pairs.join('&')}`;
}
