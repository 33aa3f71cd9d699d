import { mkdir, readdir, readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { ArgonError, CorruptionError, StorageError } from '@argon/core';
import type { CheckpointImage, Lsn } from '@argon/core';
import { fsStorageError } from '../errors.js';
import { MAX_FRAME_PAYLOAD_BYTES } from '../format/frame.js';
import { fsyncDir, isTempFile, writeFileAtomic } from '../meta/atomic-file.js';
import type { FaultInjector, StoreLogger } from '../options.js';
import { decodeCheckpoint, encodeCheckpoint, encodeIncrementalCheckpoint } from './checkpoint-file.js';

/** Sub-directory of the data directory holding checkpoints, one folder per project. */
export const CHECKPOINT_DIR = 'checkpoints';
const CHECKPOINT_RE = /^(\d{16})\.ckpt$/;
const PROJECT_RE = /^[A-Za-z0-9_-]{1,64}$/;

/** File name of a project's checkpoint at `lsn`: `0000000000001200.ckpt`. */
export function checkpointFileName(lsn: Lsn): string {
  return `${String(lsn).padStart(16, '0')}.ckpt`;
}

/** A checkpoint file on disk. */
export interface CheckpointFile {
  readonly project: string;
  readonly lsn: Lsn;
  readonly path: string;
}

/** The checkpoint files of one project folder, oldest (lowest LSN) first. */
export async function listCheckpointFiles(root: string, project: string): Promise<CheckpointFile[]> {
  const dir = join(root, project);
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (err) {
    if ((err as { code?: string }).code === 'ENOENT') return [];
    throw fsStorageError(err, 'listing', dir);
  }
  const out: CheckpointFile[] = [];
  for (const name of names) {
    const m = CHECKPOINT_RE.exec(name);
    if (m) out.push({ project, lsn: Number(m[1]), path: join(dir, name) });
  }
  return out.sort((a, b) => a.lsn - b.lsn);
}

/** The project folders under the checkpoint root. */
export async function listCheckpointProjects(root: string): Promise<string[]> {
  try {
    return (await readdir(root, { withFileTypes: true })).filter((d) => d.isDirectory() && PROJECT_RE.test(d.name)).map((d) => d.name);
  } catch (err) {
    if ((err as { code?: string }).code === 'ENOENT') return [];
    throw fsStorageError(err, 'listing', root);
  }
}

/**
 * Stores the engine's checkpoint images: one atomically published,
 * CRC-framed file per image, the newest `keep` (by LSN) kept per project.
 * An incremental image is written as a whole file, its older version chains
 * copied from the base image's file, so every file loads on its own.
 * Loading returns the newest image that verifies; a damaged one is logged,
 * remembered for `status`, and the previous one is tried.
 */
export class CheckpointStore {
  /** Damaged checkpoints met while loading, for status output. */
  readonly problems: string[] = [];
  private readonly chains = new Map<string, Promise<unknown>>();

  constructor(
    private readonly dataDir: string,
    private readonly keep: number,
    private readonly logger: StoreLogger,
    private readonly faults: FaultInjector | undefined,
  ) {}

  /** The checkpoint root folder. */
  get root(): string {
    return join(this.dataDir, CHECKPOINT_DIR);
  }

  /** Publishes an image durably, then prunes the project's old ones. */
  save(image: CheckpointImage): Promise<void> {
    if (typeof image.project !== 'string' || !PROJECT_RE.test(image.project)) {
      throw new ArgonError(`cannot save a checkpoint of invalid project ${JSON.stringify(image.project)}`);
    }
    if (!Number.isSafeInteger(image.lsn) || image.lsn < 0) throw new ArgonError(`cannot save a checkpoint at invalid LSN ${String(image.lsn)}`);
    if (!(image.createdAt instanceof Date)) throw new ArgonError('cannot save a checkpoint without a createdAt date');
    for (const c of image.chunks) {
      if (!(c instanceof Uint8Array) || c.length > MAX_FRAME_PAYLOAD_BYTES) throw new ArgonError('checkpoint chunks must be Uint8Arrays of at most 64 MiB');
    }
    return this.serialized(image.project, async () => {
      const dir = join(this.root, image.project);
      try {
        await mkdir(dir, { recursive: true });
      } catch (err) {
        throw fsStorageError(err, 'creating', dir);
      }
      await fsyncDir(this.root, this.faults).catch((err: unknown) => {
        throw fsStorageError(err, 'syncing', this.root);
      });
      const path = join(dir, checkpointFileName(image.lsn));
      if (image.baseLsn === undefined) await writeFileAtomic(path, encodeCheckpoint(image), this.faults);
      else {
        const basePath = join(dir, checkpointFileName(image.baseLsn));
        try {
          await encodeIncrementalCheckpoint(this.dataDir, basePath, image, (parts) => writeFileAtomic(path, parts, this.faults));
        } catch (err) {
          if ((err as { code?: string }).code === 'ENOENT') throw new StorageError(`cannot write an incremental checkpoint of ${image.project}: the checkpoint it builds on, ${basePath}, is gone`, err, { file: basePath });
          throw err;
        }
      }
      await this.prune(image.project);
    });
  }

  /** The newest checkpoint of `project` that verifies, or null. */
  async load(project: string): Promise<CheckpointImage | null> {
    if (!PROJECT_RE.test(project)) return null;
    const files = await listCheckpointFiles(this.root, project);
    for (let i = files.length - 1; i >= 0; i--) {
      const f = files[i]!;
      let buf: Buffer;
      try {
        buf = await readFile(f.path);
      } catch (err) {
        if ((err as { code?: string }).code === 'ENOENT') continue; // pruned meanwhile
        throw fsStorageError(err, 'reading', f.path);
      }
      try {
        return decodeCheckpoint(this.dataDir, f.path, buf);
      } catch (err) {
        if (!(err instanceof CorruptionError)) throw err;
        const fallback = i > 0 ? `using the previous one (LSN ${files[i - 1]!.lsn})` : 'no older checkpoint left; the log is replayed from the start';
        const message = `damaged checkpoint ${err.message.split(';')[0]}; ${fallback}`;
        this.problems.push(message);
        this.logger.warn({ file: f.path, offset: err.offset }, message);
      }
    }
    return null;
  }

  /** LSN of the oldest checkpoint kept for a project, or null when it has none. */
  async oldestKeptLsn(project: string): Promise<Lsn | null> {
    const files = await listCheckpointFiles(this.root, project);
    return files[0]?.lsn ?? null;
  }

  /** The newest checkpoint LSN of every project (a floor for LSN allocation). */
  async newestLsns(): Promise<Map<string, Lsn>> {
    const out = new Map<string, Lsn>();
    for (const p of await listCheckpointProjects(this.root)) {
      const files = await listCheckpointFiles(this.root, p);
      const last = files.at(-1);
      if (last) out.set(p, last.lsn);
    }
    return out;
  }

  /** Number of checkpoint files. */
  async count(): Promise<number> {
    let n = 0;
    for (const p of await listCheckpointProjects(this.root)) n += (await listCheckpointFiles(this.root, p)).length;
    return n;
  }

  /** Removes temp files left by interrupted saves. */
  async removeTempFiles(): Promise<void> {
    for (const p of await listCheckpointProjects(this.root)) {
      const dir = join(this.root, p);
      for (const name of await readdir(dir)) if (isTempFile(name)) await unlink(join(dir, name)).catch(() => {});
    }
  }

  /** Waits for every save in flight. */
  async idle(): Promise<void> {
    await Promise.allSettled([...this.chains.values()]);
  }

  private async prune(project: string): Promise<void> {
    const files = await listCheckpointFiles(this.root, project);
    const old = files.slice(0, Math.max(0, files.length - this.keep));
    if (old.length === 0) return;
    for (const f of old) {
      try {
        await unlink(f.path);
      } catch (err) {
        if ((err as { code?: string }).code !== 'ENOENT') this.logger.warn({ file: f.path, err }, `could not delete old checkpoint ${f.path}`);
      }
    }
    await fsyncDir(join(this.root, project), this.faults).catch(() => {});
  }

  // One save at a time per project, so that pruning never races a publish.
  private serialized<T>(project: string, fn: () => Promise<T>): Promise<T> {
    const prev = this.chains.get(project) ?? Promise.resolve();
    const run = prev.then(fn, fn);
    const tail = run.catch(() => {});
    this.chains.set(project, tail);
    void tail.then(() => {
      if (this.chains.get(project) === tail) this.chains.delete(project);
    });
    return run;
  }
}
