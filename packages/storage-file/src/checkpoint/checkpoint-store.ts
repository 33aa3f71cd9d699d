import { mkdir, readdir, readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { ArgonError, CorruptionError, StorageError } from '@argon/core';
import type { CheckpointImage, Lsn } from '@argon/core';
import { corruptionAt, fsStorageError } from '../errors.js';
import { MAX_FRAME_PAYLOAD_BYTES } from '../format/frame.js';
import { fsyncDir, isTempFile, writeFileAtomic } from '../meta/atomic-file.js';
import type { FaultInjector, StoreLogger } from '../options.js';
import { decodeCheckpoint, encodeCheckpoint, readCheckpointChains, readCheckpointHead, writePlacedCheckpoint } from './checkpoint-file.js';
import type { CheckpointDescription, CheckpointPlacement } from './checkpoint-file.js';
import type { JobSegment, LogCheckpointJob } from './log-checkpoint.js';

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
 * CRC-framed file per image, the newest `keep` (by LSN) kept per project,
 * with the files they build on.
 *
 * An incremental image (one with `baseLsn`) is written as a layered file
 * holding only its own chunks, on top of its base's file, while its base's
 * chain has fewer than `maxLayers` layered files; the next one is written
 * self-contained instead, its older chain chunks copied from the chain's
 * files. So a checkpoint writes what was written since the previous one,
 * and every `maxLayers + 1`-th one copies the whole history once; a chain
 * is as large as one self-contained image, plus a header chunk per layer.
 *
 * Loading returns the newest image whose whole chain verifies; a damaged or
 * missing file is logged, remembered for `status`, and the previous image
 * is tried.
 */
export class CheckpointStore {
  /** Damaged checkpoints met while loading, for status output. */
  readonly problems: string[] = [];
  private readonly chains = new Map<string, Promise<unknown>>();

  constructor(
    private readonly dataDir: string,
    private readonly keep: number,
    private readonly maxLayers: number,
    private readonly logger: StoreLogger,
    private readonly faults: FaultInjector | undefined,
  ) {}

  /** The checkpoint root folder. */
  get root(): string {
    return join(this.dataDir, CHECKPOINT_DIR);
  }

  /** Publishes an image durably, then prunes the project's old ones. */
  save(image: CheckpointImage): Promise<void> {
    return this.publish(image, async (path) => {
      if (image.baseLsn === undefined) await writeFileAtomic(path, encodeCheckpoint(image), this.faults);
      else await writePlacedCheckpoint(this.dataDir, path, image, await this.placement(image, image.baseLsn), this.faults);
    });
  }

  /**
   * Publishes an image whose chain chunks `run` builds from the log — those
   * above `image.baseLsn`, or all of them without it (then self-contained) —
   * from `image.chunks`, which holds only the header chunk; then prunes.
   */
  saveFromLog(image: CheckpointImage, segments: readonly JobSegment[], run: (job: LogCheckpointJob) => Promise<void>): Promise<void> {
    return this.publish(image, async (path) => {
      const header = image.chunks[0];
      if (!header || image.chunks.length !== 1) throw new ArgonError('a checkpoint built from the log takes the header chunk only');
      const placement = image.baseLsn === undefined ? { mergedFrom: [] } : await this.placement(image, image.baseLsn);
      await run({ dataDir: this.dataDir, project: image.project, lsn: image.lsn, baseLsn: image.baseLsn ?? 0, createdAt: image.createdAt, header, segments, path, ...placement });
    });
  }

  private publish(image: CheckpointImage, write: (path: string) => Promise<void>): Promise<void> {
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
      await write(join(dir, checkpointFileName(image.lsn)));
      await this.prune(image.project);
    });
  }

  /**
   * How an image incremental on `baseLsn` is stored: layered on the base
   * while its chain has fewer than `maxLayers` layered files, else
   * self-contained, copying the chain.
   */
  private async placement(image: CheckpointImage, baseLsn: Lsn): Promise<CheckpointPlacement> {
    const chain = await this.chainOf(image.project, baseLsn).catch((err: unknown) => {
      const file = (err as { path?: string }).path;
      if ((err as { code?: string }).code === 'ENOENT' && file) throw new StorageError(`cannot write an incremental checkpoint of ${image.project}: the checkpoint it builds on, ${file}, is gone`, err, { file });
      throw err;
    });
    const base = chain[chain.length - 1]!;
    return (base.desc.layers ?? 0) < this.maxLayers ? { layeredOn: base.desc } : { mergedFrom: chain };
  }

  /**
   * The files the checkpoint at `lsn` is made of, its self-contained root
   * first, each with its checked description (an fs error with `path` when
   * one is missing; a CorruptionError when one is damaged or is not what
   * the file naming it says).
   */
  private async chainOf(project: string, lsn: Lsn): Promise<Array<{ path: string; lsn: Lsn; desc: CheckpointDescription }>> {
    const out: Array<{ path: string; lsn: Lsn; desc: CheckpointDescription }> = [];
    let next: Lsn | undefined = lsn;
    while (next !== undefined) {
      const path = join(this.root, project, checkpointFileName(next));
      const { desc } = await readCheckpointHead(this.dataDir, path, { project, lsn: next });
      out.push({ path, lsn: next, desc });
      next = desc.baseLsn;
    }
    return out.reverse();
  }

  /** The newest checkpoint of `project` whose chain verifies, resolved into one image, or null. */
  async load(project: string): Promise<CheckpointImage | null> {
    if (!PROJECT_RE.test(project)) return null;
    const files = await listCheckpointFiles(this.root, project);
    // Chains share files: each is read and checked once per load (for the
    // files built on, only their chain chunks: a newer header supersedes theirs).
    const bases = new Map<Lsn, Promise<{ desc: CheckpointDescription; chains: Uint8Array[] }>>();
    const readBase = (lsn: Lsn) => {
      let p = bases.get(lsn);
      if (!p) {
        const path = join(this.root, project, checkpointFileName(lsn));
        p = readCheckpointChains(this.dataDir, path, { project, lsn }).catch((err: unknown) => {
          if ((err as { code?: string }).code === 'ENOENT') throw corruptionAt(this.dataDir, path, 0, 'missing file', 'the checkpoints built on it are unusable');
          throw err instanceof CorruptionError ? err : fsStorageError(err, 'reading', path);
        });
        bases.set(lsn, p);
        p.catch(() => {});
      }
      return p;
    };
    for (let i = files.length - 1; i >= 0; i--) {
      const f = files[i]!;
      let top: CheckpointImage;
      const chains: Uint8Array[][] = [];
      try {
        let buf: Buffer;
        try {
          buf = await readFile(f.path);
        } catch (err) {
          if ((err as { code?: string }).code === 'ENOENT') continue; // pruned meanwhile
          throw fsStorageError(err, 'reading', f.path);
        }
        top = decodeCheckpoint(this.dataDir, f.path, buf);
        chains.push(top.chunks.slice(1));
        for (let base = top.baseLsn; base !== undefined; ) {
          const b = await readBase(base);
          chains.push(b.chains);
          base = b.desc.baseLsn;
        }
      } catch (err) {
        if (!(err instanceof CorruptionError)) throw err;
        const fallback = i > 0 ? `using the previous one (LSN ${files[i - 1]!.lsn})` : 'no older checkpoint left; the log is replayed from the start';
        const what = err.file === f.path ? '' : `${f.path} builds on `;
        const message = `damaged checkpoint ${what}${err.message.split(';')[0]}; ${fallback}`;
        this.problems.push(message);
        this.logger.warn({ file: f.path, damaged: err.file, offset: err.offset }, message);
        continue;
      }
      // The newest header, then every file's chain chunks, oldest first: what a self-contained file would hold.
      if (chains.length === 1) return top;
      return { project: top.project, lsn: top.lsn, createdAt: top.createdAt, chunks: [top.chunks[0]!, ...chains.reverse().flat()] };
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

  // Deletes every file that is neither one of the newest `keep` checkpoints nor a file they build on.
  private async prune(project: string): Promise<void> {
    const files = await listCheckpointFiles(this.root, project);
    if (files.length <= this.keep) return;
    const needed = new Set<Lsn>();
    for (const f of files.slice(-this.keep)) {
      let lsn: Lsn | undefined = f.lsn;
      while (lsn !== undefined && !needed.has(lsn)) {
        needed.add(lsn);
        // A file that cannot be read names no base: only what is known to be needed is kept for it.
        lsn = await readCheckpointHead(this.dataDir, join(this.root, project, checkpointFileName(lsn))).then(
          (h) => h.desc.baseLsn,
          () => undefined,
        );
      }
    }
    const old = files.filter((f) => !needed.has(f.lsn));
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

