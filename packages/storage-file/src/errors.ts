import { CorruptionError, StorageError } from '@argon/core';

/** The node `fs` error code of `err`, if any (ENOSPC, EROFS, EIO...). */
export function errnoCode(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * Turns a failed file-system call into a StorageError that says what happened,
 * to which file, and what to do. `action` reads like "appending to".
 */
export function fsStorageError(err: unknown, action: string, file: string): StorageError {
  if (err instanceof StorageError) return err;
  const code = errnoCode(err);
  const details = { file, code };
  switch (code) {
    case 'ENOSPC':
      return new StorageError(`disk full while ${action} ${file}; free space and retry`, err, details);
    case 'EDQUOT':
      return new StorageError(`disk quota exceeded while ${action} ${file}; raise the quota or free space and retry`, err, details);
    case 'EROFS':
      return new StorageError(`file system is read-only while ${action} ${file}; remount it read-write (or use another --data-dir) and retry`, err, details);
    case 'EIO':
      return new StorageError(`I/O error while ${action} ${file}; check the disk and the system log (dmesg), then run \`argon wal verify\` on the data directory`, err, details);
    case 'EACCES':
    case 'EPERM':
      return new StorageError(`permission denied while ${action} ${file}; give the Argon process write access to the data directory`, err, details);
    default: {
      const message = err instanceof Error ? err.message : String(err);
      return new StorageError(`failed while ${action} ${file}: ${message}`, err, details);
    }
  }
}

/** The hint every corruption message ends with. */
export function verifyHint(dir: string): string {
  return `run \`argon wal verify --data-dir ${dir}\` to list every damaged file, then restore the data directory from a backup`;
}

/** A CorruptionError naming the file and byte offset and pointing at `argon wal verify`. */
export function corruptionAt(dir: string, file: string, offset: number, what: string, consequence = 'Argon will not start on a damaged log'): CorruptionError {
  return new CorruptionError(`${file}: ${what} at byte offset ${offset}; ${consequence}. ${verifyHint(dir)}`, file, offset);
}
