/**
 * The common interface of every system the benchmark compares: Argon
 * (in-process and over the wire) and its peers (SQLite, NeDB, the naive
 * replay materializer). Each adapter stores the benchmark records of
 * lib/docs.ts in one collection/table keyed by `_id`.
 */
import type { BenchDoc } from '../lib/docs.js';

/** How durable an acknowledged write is. */
export type Durability =
  /** fsync (fdatasync) before the acknowledgement. */
  | 'sync'
  /** Written to the OS before the acknowledgement, fsynced within ~100 ms (Argon `interval`, SQLite WAL `NORMAL`). */
  | 'interval'
  /** Written to the OS, never fsynced per write (NeDB). */
  | 'os'
  /** Kept in memory only (the naive materializer). */
  | 'memory';

/** One system under test. Operations may be synchronous (SQLite, naive) or async. */
export interface Peer {
  /** Display name, e.g. `SQLite (WAL, FULL)`. */
  readonly name: string;
  readonly durability: Durability;
  /** Concurrent clients the workloads drive it with (1 for synchronous peers). */
  readonly clients: number;
  /** Inserts one batch (an insertMany / one transaction). */
  load(docs: readonly BenchDoc[]): Promise<void> | void;
  /** Reads a record by `_id`. */
  read(id: number): unknown;
  /** Sets one field of a record (one durable write). */
  update(id: number, field: string, value: string): unknown;
  /** Inserts one record (one durable write). */
  insert(doc: BenchDoc): unknown;
  /** Creates a secondary index on a numeric field. */
  createIndex(field: string): Promise<void> | void;
  /** Records with `lo ≤ field < hi`; returns how many (documents are materialized). */
  rangeQuery(field: string, lo: number, hi: number): Promise<number> | number;
  /** Bytes on disk of everything the system stored (0 for in-memory peers). */
  diskBytes(): Promise<number> | number;
  close(): Promise<void> | void;
}
