/**
 * `@argon/storage-file`: the embedded, durable storage backend (Argon's
 * default), plus the library functions behind `argon wal verify` and
 * `argon wal dump`. See README.md for the on-disk format.
 */
export { FileStore } from './file-store.js';
export { DURABILITY_MODES, DEFAULT_RETENTION_MS, DEFAULT_SEGMENT_BYTES, SILENT_LOGGER } from './options.js';
export type { DurabilityMode, FaultInjector, FileStoreOptions, ResolvedOptions, StoreLogger } from './options.js';
export { verifyDataDir } from './tools/verify.js';
export type { VerifyFileReport, VerifyProblem, VerifyReport } from './tools/verify.js';
export { dumpSegment } from './tools/dump.js';
export { LOCK_FILE } from './lock/dir-lock.js';
export { FORMAT_VERSION } from './format/file-header.js';
/** One log entry framed as the store appends it (length, CRC32, BSON), for benchmarks and tools. */
export { writeEntryFrame } from './log/entry-codec.js';
