import { open, stat } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { StorageError } from '@argon/core';
import { corruptionAt, fsStorageError } from '../errors.js';
import { checkFileHeader, encodeFileHeader, FILE_HEADER_BYTES } from '../format/file-header.js';
import { describeFrameProblem, ENTRY_FRAME_LIMITS, findNextFrame, isZeroFilled } from '../format/frame.js';
import type { FaultInjector } from '../options.js';
import { FrameWalker } from '../segment/frame-walker.js';
import { listSegments } from '../segment/segment-files.js';
import { readSummary } from '../segment/segment-summary.js';
import { EntryPeek, peekByDecoding, peekEntry, projectIs } from './entry-codec.js';
import { LogIndex } from './log-index.js';
import type { SegmentInfo } from './log-index.js';

/** What recovery found in the log. */
export interface LogRecovery {
  readonly index: LogIndex;
  readonly messages: string[];
  /** Entries read and CRC-checked at open. */
  readonly entriesScanned: number;
  /** Sealed segments indexed from their summaries, not read (verified later). */
  readonly summarizedSegments: number;
  /** Sequence numbers of sealed segments that had no usable summary (one can be written now). */
  readonly unsummarized: number[];
  readonly truncatedBytes: number;
}

/** Inputs of {@link recoverLog}. */
export interface RecoveryOptions {
  /** The data directory, for messages. */
  readonly dir: string;
  readonly walDir: string;
  /** Read-only opens report a torn tail but leave the file alone. */
  readonly readOnly: boolean;
  readonly faults: FaultInjector | undefined;
}

/**
 * Builds the sparse index of the log: sealed segments from their summaries
 * (see segment-summary.ts) when they have a usable one, every other segment
 * by scanning it, verifying its header and frame CRCs. A summarized segment
 * is left unverified: readLog checks the CRC of each of its frames the first
 * time it reads them (so replay after a checkpoint verifies all it uses,
 * and damage there still stops startup), and a background pass checks the
 * rest. Open time therefore does not grow with history. A torn tail of the
 * last segment — damage that nothing valid follows, the mark of an append
 * interrupted by a crash — is truncated and reported. Any other damage
 * throws a CorruptionError naming the file and byte offset.
 */
export async function recoverLog(o: RecoveryOptions): Promise<LogRecovery> {
  const index = new LogIndex();
  const messages: string[] = [];
  let entriesScanned = 0;
  let truncatedBytes = 0;
  let summarizedSegments = 0;
  const unsummarized: number[] = [];
  const files = await listSegments(o.walDir);
  const peek = new EntryPeek();
  let lastProjectBytes = Buffer.alloc(0);
  let lastProject = '';

  for (let i = 0; i < files.length; i++) {
    const file = files[i]!;
    const isLast = i === files.length - 1;
    const prev = files[i - 1];
    if (prev && file.seq !== prev.seq + 1) {
      throw corruptionAt(o.dir, file.path, 0, `segment ${prev.seq + 1} is missing before this one`);
    }
    if (!isLast) {
      const sum = await readSummary(o.walDir, file.seq);
      if (typeof sum === 'string') unsummarized.push(file.seq);
      // Usable only if it matches the file and continues every project's LSN order (else the scan below judges).
      else if ((await sizeOf(file.path)) === sum.size && sum.projects.every((p) => p.minLsn > index.lastLsn(p.name))) {
        index.addSummarizedSegment(file.path, sum);
        summarizedSegments++;
        continue;
      }
    }
    let fh: FileHandle;
    try {
      fh = await open(file.path, isLast && !o.readOnly ? 'r+' : 'r');
    } catch (err) {
      throw fsStorageError(err, 'opening', file.path);
    }
    try {
      const size = (await fh.stat()).size;
      const header = Buffer.alloc(FILE_HEADER_BYTES);
      await fh.read(header, 0, FILE_HEADER_BYTES, 0);
      const hc = checkFileHeader(size >= FILE_HEADER_BYTES ? header : header.subarray(0, size), 'segment');
      if (!hc.ok) {
        if (hc.newerVersion !== undefined) throw new StorageError(`${file.path}: ${hc.problem}`, undefined, { file: file.path });
        // A crash while starting a new segment can leave its header torn; nothing can follow it yet.
        const rest = size > FILE_HEADER_BYTES ? await readRange(fh, FILE_HEADER_BYTES, size) : Buffer.alloc(0);
        if (!isLast || findNextFrame(rest, 0, rest.length, ENTRY_FRAME_LIMITS) >= 0) throw corruptionAt(o.dir, file.path, 0, hc.problem);
        messages.push(`${file.path}: ${hc.problem} in the newest segment (interrupted while being created); ${o.readOnly ? 'it would be rewritten on a writable open' : 'header rewritten'}`);
        if (!o.readOnly) {
          await truncateTo(fh, file.path, 0, o.faults);
          await fh.write(encodeFileHeader('segment', file.seq), 0, FILE_HEADER_BYTES, 0);
          await fh.datasync();
        }
        truncatedBytes += size;
        index.addSegment(file.seq, file.path, FILE_HEADER_BYTES);
        continue;
      }
      if (hc.sequence !== file.seq) throw corruptionAt(o.dir, file.path, 16, `header names segment ${hc.sequence}`);

      const seg: SegmentInfo = index.addSegment(file.seq, file.path, FILE_HEADER_BYTES);
      const walker = new FrameWalker(fh, FILE_HEADER_BYTES, size, ENTRY_FRAME_LIMITS, undefined, true);
      await walker.walk((buf, start, length, offset) => {
        let project: string;
        if (peekEntry(buf, start, start + length, peek)) {
          if (projectIs(buf, peek.projectStart, peek.projectEnd, lastProjectBytes)) project = lastProject;
          else {
            project = buf.toString('utf8', peek.projectStart, peek.projectEnd);
            lastProject = project;
            lastProjectBytes = Buffer.from(project, 'utf8');
          }
        } else {
          try {
            project = peekByDecoding(buf, start, peek);
          } catch (err) {
            throw corruptionAt(o.dir, file.path, offset, `undecodable entry (${err instanceof Error ? err.message : String(err)})`);
          }
        }
        const before = index.lastLsn(project);
        if (peek.lsn <= before) {
          throw corruptionAt(o.dir, file.path, offset, `entry LSN ${peek.lsn} of project ${project} is not above the previous one (${before})`);
        }
        index.add(seg, project, peek.lsn, peek.ts, offset);
        entriesScanned++;
      });
      seg.size = walker.pos;
      seg.dataCrc = walker.crc;
      const problem = walker.problem;
      if (!problem) continue;

      const what = describeFrameProblem(problem.check);
      if (!isLast) throw corruptionAt(o.dir, file.path, problem.offset, what);
      const tail = await readRange(fh, problem.offset, size);
      // Zeros up to the end: space the writer preallocated and had not used yet; it stays.
      if (isZeroFilled(tail, 0, tail.length)) continue;
      // Torn tail or damage? Torn only if no valid frame follows the first bad byte.
      if (findNextFrame(tail, 1, tail.length, ENTRY_FRAME_LIMITS) >= 0) throw corruptionAt(o.dir, file.path, problem.offset, what);
      const cut = size - problem.offset;
      truncatedBytes += cut;
      messages.push(
        `${file.path}: torn tail (${what}) at byte offset ${problem.offset}; ${cut} bytes of an append interrupted by a crash ` +
          (o.readOnly ? 'ignored (read-only open)' : 'truncated'),
      );
      if (!o.readOnly) {
        await truncateTo(fh, file.path, problem.offset, o.faults);
        await fh.datasync();
      }
    } finally {
      await fh.close();
    }
  }
  return { index, messages, entriesScanned, summarizedSegments, unsummarized, truncatedBytes };
}

async function sizeOf(path: string): Promise<number> {
  try {
    return (await stat(path)).size;
  } catch (err) {
    throw fsStorageError(err, 'reading', path);
  }
}

async function readRange(fh: FileHandle, from: number, to: number): Promise<Buffer> {
  const buf = Buffer.alloc(Math.max(0, to - from));
  let n = 0;
  while (n < buf.length) {
    const { bytesRead } = await fh.read(buf, n, buf.length - n, from + n);
    if (bytesRead === 0) break;
    n += bytesRead;
  }
  return buf.subarray(0, n);
}

async function truncateTo(fh: FileHandle, path: string, length: number, faults: FaultInjector | undefined): Promise<void> {
  try {
    faults?.beforeTruncate?.(path, length);
    await fh.truncate(length);
  } catch (err) {
    throw fsStorageError(err, 'truncating the torn tail of', path);
  }
}
