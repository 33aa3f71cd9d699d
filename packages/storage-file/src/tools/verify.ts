import { readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { CorruptionError, StorageError } from '@argon/core';
import { CHECKPOINT_DIR, checkpointFileName, listCheckpointFiles, listCheckpointProjects } from '../checkpoint/checkpoint-store.js';
import { decodeCheckpoint } from '../checkpoint/checkpoint-file.js';
import { fsStorageError } from '../errors.js';
import { LOCK_FILE, isStale } from '../lock/dir-lock.js';
import type { LockOwner } from '../lock/dir-lock.js';
import { readMetaFile } from '../meta/meta-file.js';
import { META_DIR, META_FILES, metaKindOf } from '../meta/meta-store.js';
import { listSegments, WAL_DIR } from '../segment/segment-files.js';
import { scanSegment } from './segment-scan.js';

/** One damaged place. */
export interface VerifyProblem {
  /** Absolute path of the file. */
  readonly file: string;
  /** Byte offset of the damage (0 for a whole-file problem such as a metadata checksum). */
  readonly offset: number;
  /** `torn-tail`: an interrupted append that a writable open truncates; `corrupt`: damage that stops startup. */
  readonly severity: 'corrupt' | 'torn-tail';
  readonly message: string;
}

/** The verdict on one file. */
export interface VerifyFileReport {
  readonly file: string;
  readonly kind: 'segment' | 'checkpoint' | 'metadata';
  readonly bytes: number;
  /** False when the file has `corrupt` problems. */
  readonly ok: boolean;
  /** Log entries (segments) that verified. */
  readonly entries?: number;
  readonly problems: readonly VerifyProblem[];
}

/** What `verifyDataDir` found. */
export interface VerifyReport {
  readonly dir: string;
  /** True when no file has `corrupt` problems (a torn tail alone is repaired on open). */
  readonly ok: boolean;
  readonly files: readonly VerifyFileReport[];
  /** Every problem of every file. */
  readonly problems: readonly VerifyProblem[];
  /** Log entries that verified. */
  readonly entries: number;
  /** The writer lock, if present. */
  readonly lock?: { readonly pid: number; readonly host: string; readonly stale: boolean };
  readonly durationMs: number;
}

/**
 * Checks a data directory without the writer lock and without changing it:
 * every segment (header, frame lengths and CRCs, BSON decoding, LSN order),
 * every checkpoint (header, frames, chunk count) and every metadata file
 * (JSON, checksum). Keeps going after damage so that each damaged file and
 * byte offset is reported. Backs `argon wal verify --data-dir <dir>`.
 *
 * @example
 * ```ts
 * const report = await verifyDataDir('./argon-data');
 * for (const p of report.problems) console.error(`${p.file}@${p.offset}: ${p.message}`);
 * process.exitCode = report.ok ? 0 : 2;
 * ```
 */
export async function verifyDataDir(dir: string): Promise<VerifyReport> {
  const t0 = performance.now();
  const abs = resolve(dir);
  const files: VerifyFileReport[] = [];

  // Metadata.
  const metaDir = join(abs, META_DIR);
  let metaNames: string[];
  try {
    metaNames = (await readdir(metaDir)).sort();
  } catch (err) {
    throw fsStorageError(err, 'reading the metadata of', abs);
  }
  if (!metaNames.includes(META_FILES.manifest)) {
    const file = join(metaDir, META_FILES.manifest);
    files.push({ file, kind: 'metadata', bytes: 0, ok: false, problems: [{ file, offset: 0, severity: 'corrupt', message: 'manifest missing' }] });
  }
  for (const name of metaNames) {
    const kind = metaKindOf(name);
    if (!kind) continue;
    const file = join(metaDir, name);
    const bytes = (await readFile(file).catch(() => Buffer.alloc(0))).length;
    try {
      await readMetaFile(abs, file, kind);
      files.push({ file, kind: 'metadata', bytes, ok: true, problems: [] });
    } catch (err) {
      if (!(err instanceof CorruptionError || err instanceof StorageError)) throw err;
      files.push({ file, kind: 'metadata', bytes, ok: false, problems: [{ file, offset: 0, severity: 'corrupt', message: err.message }] });
    }
  }

  // Log segments.
  let entries = 0;
  const lastLsn = new Map<string, number>();
  const segments = await listSegments(join(abs, WAL_DIR));
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i]!;
    const buf = await readFile(seg.path).catch((err: unknown) => {
      throw fsStorageError(err, 'reading', seg.path);
    });
    const problems: VerifyProblem[] = [];
    const prev = segments[i - 1];
    if (prev && seg.seq !== prev.seq + 1) problems.push({ file: seg.path, offset: 0, severity: 'corrupt', message: `segment ${prev.seq + 1} is missing before this one` });
    let n = 0;
    for (const ev of scanSegment(buf, i === segments.length - 1)) {
      if (ev.type === 'header') {
        if (ev.sequence !== seg.seq) problems.push({ file: seg.path, offset: 16, severity: 'corrupt', message: `header names segment ${ev.sequence}` });
      } else if (ev.type === 'problem') {
        problems.push({ file: seg.path, offset: ev.offset, severity: ev.torn ? 'torn-tail' : 'corrupt', message: ev.message });
      } else {
        const before = lastLsn.get(ev.entry.project) ?? 0;
        if (ev.entry.lsn <= before) {
          problems.push({ file: seg.path, offset: ev.offset, severity: 'corrupt', message: `entry LSN ${ev.entry.lsn} of project ${ev.entry.project} is not above the previous one (${before})` });
        }
        lastLsn.set(ev.entry.project, Math.max(before, ev.entry.lsn));
        n++;
      }
    }
    entries += n;
    files.push({ file: seg.path, kind: 'segment', bytes: buf.length, ok: !problems.some((p) => p.severity === 'corrupt'), entries: n, problems });
  }

  // Checkpoints.
  const ckptRoot = join(abs, CHECKPOINT_DIR);
  for (const project of await listCheckpointProjects(ckptRoot)) {
    // Oldest first, so a layered file's base has been checked before it.
    const usable = new Map<number, boolean>();
    for (const f of await listCheckpointFiles(ckptRoot, project)) {
      const buf = await readFile(f.path).catch((err: unknown) => {
        throw fsStorageError(err, 'reading', f.path);
      });
      const problems: VerifyProblem[] = [];
      try {
        const img = decodeCheckpoint(abs, f.path, buf);
        if (img.project !== project) problems.push({ file: f.path, offset: 0, severity: 'corrupt', message: `checkpoint of project ${img.project} in the folder of ${project}` });
        if (img.baseLsn !== undefined && usable.get(img.baseLsn) !== true) {
          const base = join(ckptRoot, project, checkpointFileName(img.baseLsn));
          const why = usable.has(img.baseLsn) ? 'which is damaged or builds on a damaged one' : 'which is missing';
          problems.push({ file: f.path, offset: 0, severity: 'corrupt', message: `${f.path}: builds on checkpoint ${base}, ${why}; the checkpoint is unusable (recovery uses an older one, or replays the log)` });
        }
      } catch (err) {
        if (!(err instanceof CorruptionError)) throw err;
        problems.push({ file: f.path, offset: err.offset ?? 0, severity: 'corrupt', message: err.message });
      }
      usable.set(f.lsn, problems.length === 0);
      files.push({ file: f.path, kind: 'checkpoint', bytes: buf.length, ok: problems.length === 0, problems });
    }
  }

  let lock: VerifyReport['lock'];
  try {
    const lockPath = join(abs, LOCK_FILE);
    const owner = JSON.parse(await readFile(lockPath, 'utf8')) as LockOwner;
    lock = { pid: owner.pid, host: owner.host, stale: isStale(owner, lockPath) };
  } catch {
    lock = undefined;
  }

  const problems = files.flatMap((f) => f.problems);
  return {
    dir: abs,
    ok: files.every((f) => f.ok),
    files,
    problems,
    entries,
    ...(lock ? { lock } : {}),
    durationMs: Math.round(performance.now() - t0),
  };
}
