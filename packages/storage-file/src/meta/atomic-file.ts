import { open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { fsStorageError } from '../errors.js';
import type { FaultInjector } from '../options.js';

/** Fsyncs a directory so that renames and creations in it survive power loss. */
export async function fsyncDir(dir: string, faults?: FaultInjector): Promise<void> {
  const fh = await open(dir, 'r');
  try {
    faults?.beforeSync?.(dir);
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/** True for the temporary files {@link writeFileAtomic} leaves behind when interrupted. */
export function isTempFile(name: string): boolean {
  return name.includes('.tmp-');
}

/**
 * Publishes `data` at `path` atomically and durably: write a temp file, fsync
 * it, rename it over `path`, fsync the directory. A crash leaves either the old
 * or the new content, never a mix. `data` may be several buffers, even read
 * as they are written (an async iterable), so that large checkpoints need
 * not be concatenated.
 */
export async function writeFileAtomic(path: string, data: Buffer | Iterable<Uint8Array> | AsyncIterable<Uint8Array>, faults?: FaultInjector): Promise<void> {
  const dir = dirname(path);
  const tmp = join(dir, `${basename(path)}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
  const parts = Buffer.isBuffer(data) ? [data] : data;
  let step = 'writing';
  try {
    const fh = await open(tmp, 'wx');
    try {
      for await (const part of parts) {
        faults?.beforeWrite?.(tmp, part.length);
        let done = 0;
        while (done < part.length) {
          const { bytesWritten } = await fh.write(part, done, part.length - done);
          done += bytesWritten;
        }
      }
      faults?.beforeSync?.(tmp);
      await fh.sync();
    } finally {
      await fh.close();
    }
    step = 'publishing';
    await rename(tmp, path);
    step = 'syncing the directory of';
    await fsyncDir(dir, faults);
  } catch (err) {
    if (step !== 'syncing the directory of') await unlink(tmp).catch(() => {});
    throw fsStorageError(err, step, path);
  }
}
