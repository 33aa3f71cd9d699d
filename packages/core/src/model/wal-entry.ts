import type { Lsn } from './lsn.js';

/**
 * WAL entries are physical: a write's filter and operators are resolved once,
 * at write time, and each affected document gets one entry holding its full
 * post-image (and pre-image). Replay is a pure fold over these entries:
 * `put` ⇒ state[_id] = post, `delete` ⇒ remove, collection and index
 * entries change the namespace catalog. The original operation is kept in
 * `op` for audit only and is never re-evaluated.
 */
export const ENTRY_KINDS = Object.freeze({
  put: 'put',
  delete: 'delete',
  createCollection: 'createCollection',
  dropCollection: 'dropCollection',
  createIndex: 'createIndex',
  dropIndex: 'dropIndex',
  collMod: 'collMod',
} as const);
export type EntryKind = (typeof ENTRY_KINDS)[keyof typeof ENTRY_KINDS];

/** Fields common to every entry. */
export interface EntryBase {
  readonly project: string;
  readonly lsn: Lsn;
  /** Id of the branch that wrote the entry. */
  readonly branchId: string;
  /** Commit time in epoch milliseconds; non-decreasing with LSN within a project. */
  readonly ts: number;
  readonly collection: string;
  /** Who wrote it (user name on an authenticated connection, or client label). */
  readonly actor?: string;
  /** Idempotency key of the write batch that produced the entry. */
  readonly opId?: string;
}

/** The original operation, kept for audit and history display. */
export interface AuditOp {
  readonly type: 'insert' | 'update' | 'replace' | 'delete' | 'upsert';
  readonly filter?: Record<string, unknown>;
  readonly update?: unknown;
}

export interface PutEntry extends EntryBase {
  readonly kind: 'put';
  readonly id: unknown;
  readonly post: Record<string, unknown>;
  /** Null when the document did not exist before (insert or upsert). */
  readonly pre: Record<string, unknown> | null;
  readonly op: AuditOp;
}

export interface DeleteEntry extends EntryBase {
  readonly kind: 'delete';
  readonly id: unknown;
  readonly pre: Record<string, unknown>;
  readonly op: AuditOp;
}

export interface CreateCollectionEntry extends EntryBase {
  readonly kind: 'createCollection';
  readonly options: Record<string, unknown>;
}

/** Drops every document and index of the collection as of this LSN. */
export interface DropCollectionEntry extends EntryBase {
  readonly kind: 'dropCollection';
}

export interface CreateIndexEntry extends EntryBase {
  readonly kind: 'createIndex';
  /** `{name, key, unique?, ...}` as given to createIndexes. */
  readonly spec: IndexSpec;
}

export interface DropIndexEntry extends EntryBase {
  readonly kind: 'dropIndex';
  readonly name: string;
}

/**
 * Changes a collection's catalog (the `collMod` command): `options` are
 * merged into the collection's options (validator, validationLevel,
 * validationAction, viewOn, pipeline, ...); `index` replaces the stored spec
 * of the index with that name (hidden, unique, prepareUnique,
 * expireAfterSeconds).
 */
export interface CollModEntry extends EntryBase {
  readonly kind: 'collMod';
  readonly options?: Record<string, unknown>;
  readonly index?: IndexSpec;
}

export type WalEntry = PutEntry | DeleteEntry | CreateCollectionEntry | DropCollectionEntry | CreateIndexEntry | DropIndexEntry | CollModEntry;

/** An index definition as stored in the catalog. */
export interface IndexSpec {
  readonly name: string;
  readonly key: Record<string, unknown>;
  readonly unique?: boolean;
  readonly sparse?: boolean;
  readonly [option: string]: unknown;
}

/** Entries whose target is one document. */
export type DocumentEntry = PutEntry | DeleteEntry;

/** True for put and delete entries. */
export function isDocumentEntry(e: WalEntry): e is DocumentEntry {
  return e.kind === 'put' || e.kind === 'delete';
}
