/**
 * `@argon/storage-mongo`: Argon's log in real MongoDB collections
 * (`wal_log`, `wal_branches`, `wal_projects`, `wal_counters`,
 * `wal_checkpoints`), shared by several Argon processes.
 */
export { MongoStore, COLLECTIONS, type MongoStoreOptions } from './mongo-store.js';
export { encodeEntry, decodeEntry, type StoredEntry } from './entry-codec.js';
