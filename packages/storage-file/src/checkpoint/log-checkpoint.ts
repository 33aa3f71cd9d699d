import { LogDeltaEncoder } from '@argon/core';
import type { CheckpointImage, Lsn } from '@argon/core';
import { LogIndex } from '../log/log-index.js';
import type { SegmentSummary } from '../log/log-index.js';
import { replayProjectLog } from '../log/log-reader.js';
import type { FaultInjector } from '../options.js';
import { writePlacedCheckpoint } from './checkpoint-file.js';
import type { ChainFile, CheckpointDescription } from './checkpoint-file.js';

/** A segment to read, as the log index of the process that appends to it knows it. */
export interface JobSegment {
  readonly path: string;
  /** Its entries and index points (for the active segment: its acknowledged bytes when the job was made). */
  readonly summary: SegmentSummary;
  /** Whether that process has checked every frame's CRC (then the job does not check them again). */
  readonly verified: boolean;
}

/**
 * Everything needed to build and publish a checkpoint file whose versions
 * above `baseLsn` come from the log. Plain data, so that it can be handed
 * to a worker thread.
 */
export interface LogCheckpointJob {
  readonly dataDir: string;
  readonly project: string;
  readonly lsn: Lsn;
  /** The versions above this LSN are built (0: every version). */
  readonly baseLsn: Lsn;
  readonly createdAt: Date;
  /** The engine's header chunk. */
  readonly header: Uint8Array;
  /** The segments holding the project's entries above `baseLsn`, oldest first. */
  readonly segments: readonly JobSegment[];
  /** Where to publish the file. */
  readonly path: string;
  /** A layered file on the base described by `layeredOn`, or a self-contained one copying the chain `mergedFrom` (root first; none for a full image). */
  readonly layeredOn?: CheckpointDescription;
  readonly mergedFrom?: readonly ChainFile[];
}

/**
 * Builds the job's chain chunks from the log — the versions of the project's
 * entries with LSN in (`baseLsn`, `lsn`], encoded by the engine's
 * LogDeltaEncoder — and publishes the checkpoint file. Runs in a worker
 * thread (see worker-host.ts), or in the calling thread for fault-injection
 * tests. Throws the reader's CorruptionError when a frame is damaged.
 */
export async function runLogCheckpointJob(job: LogCheckpointJob, faults?: FaultInjector): Promise<void> {
  const index = new LogIndex();
  for (const s of job.segments) index.addSummarizedSegment(s.path, s.summary).verified = s.verified;
  const encoder = new LogDeltaEncoder();
  await replayProjectLog(job.dataDir, index, job.project, job.baseLsn, (e) => {
    if (e.lsn <= job.lsn) encoder.add(e);
  });
  const image: CheckpointImage = { project: job.project, lsn: job.lsn, createdAt: job.createdAt, chunks: [job.header, ...encoder.finish()], ...(job.layeredOn ? { baseLsn: job.baseLsn } : {}) };
  await writePlacedCheckpoint(job.dataDir, job.path, image, job.layeredOn ? { layeredOn: job.layeredOn } : { mergedFrom: job.mergedFrom ?? [] }, faults);
}
