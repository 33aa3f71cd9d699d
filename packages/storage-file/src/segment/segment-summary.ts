import { readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { deserialize, serialize } from 'bson';
import { float64Binary, readFloat64Binary } from '@argon/core';
import { checkFileHeader, encodeFileHeader, FILE_HEADER_BYTES } from '../format/file-header.js';
import { checkFrame, ENTRY_FRAME_LIMITS, frameHeader, FRAME_HEADER_BYTES } from '../format/frame.js';
import type { SegmentSummary, SummaryProject } from '../log/log-index.js';
import { writeFileAtomic } from '../meta/atomic-file.js';
import type { FaultInjector } from '../options.js';
import { summaryFileName } from './segment-files.js';

/**
 * A sealed segment never changes, so what open learns by scanning it (its
 * projects, LSN ranges, newest commit time and sparse index points) is
 * written once, next to it, as `<seq>.sum`: a file header ("ARGONSUM",
 * sequence = segment number) and one CRC-framed BSON document. Open then
 * indexes a segment that recovery will not replay (it lies under every
 * checkpoint) from its summary instead of reading it, so restart time stays
 * bounded by the checkpoint interval. A summary is only a cache: a missing,
 * damaged or mismatching one means the segment is scanned as before.
 */

/** The bytes of a summary file. */
export function encodeSummary(sum: SegmentSummary): Buffer {
  const body = serialize({
    seq: sum.seq,
    size: sum.size,
    entries: sum.entries,
    maxTs: sum.maxTs,
    ...(sum.dataCrc !== undefined ? { dataCrc: sum.dataCrc } : {}),
    projects: sum.projects.map((p) => ({ name: p.name, minLsn: p.minLsn, maxLsn: p.maxLsn, count: p.count, lsns: float64Binary(p.lsns), offsets: float64Binary(p.offsets) })),
  });
  return Buffer.concat([encodeFileHeader('summary', sum.seq), frameHeader(body), body]);
}

/** Decodes a summary file of segment `seq`; returns why it is unusable instead of throwing. */
export function decodeSummary(buf: Buffer, seq: number): SegmentSummary | string {
  const hc = checkFileHeader(buf.subarray(0, FILE_HEADER_BYTES), 'summary');
  if (!hc.ok) return hc.problem;
  if (hc.sequence !== seq) return `header names segment ${hc.sequence}`;
  const frame = checkFrame(buf, FILE_HEADER_BYTES, buf.length, ENTRY_FRAME_LIMITS);
  if (frame.kind !== 'ok') return `summary frame: ${frame.kind}`;
  if (frame.next !== buf.length) return 'unexpected bytes after the summary';
  try {
    const d = deserialize(buf.subarray(FILE_HEADER_BYTES + FRAME_HEADER_BYTES, frame.next)) as Record<string, unknown>;
    if (d.seq !== seq) return `summary names segment ${String(d.seq)}`;
    const projects: SummaryProject[] = (d.projects as Record<string, unknown>[]).map((p) => {
      const lsns = Array.from(readFloat64Binary(p.lsns));
      const offsets = Array.from(readFloat64Binary(p.offsets));
      if (lsns.length !== offsets.length) throw new Error('index point arrays differ in length');
      return { name: String(p.name), minLsn: Number(p.minLsn), maxLsn: Number(p.maxLsn), count: Number(p.count), lsns, offsets };
    });
    const dataCrc = d.dataCrc === undefined ? undefined : Number(d.dataCrc);
    if (dataCrc !== undefined && !(Number.isInteger(dataCrc) && dataCrc >= 0 && dataCrc <= 0xffffffff)) return `invalid data CRC ${String(d.dataCrc)}`;
    return { seq, size: Number(d.size), entries: Number(d.entries), maxTs: Number(d.maxTs), dataCrc, projects };
  } catch (err) {
    return `undecodable summary (${err instanceof Error ? err.message : String(err)})`;
  }
}

/** Reads the summary of segment `seq`, or returns why there is none usable. */
export async function readSummary(walDir: string, seq: number): Promise<SegmentSummary | string> {
  let buf: Buffer;
  try {
    buf = await readFile(join(walDir, summaryFileName(seq)));
  } catch (err) {
    return (err as { code?: string }).code === 'ENOENT' ? 'no summary' : `unreadable summary (${String(err)})`;
  }
  return decodeSummary(buf, seq);
}

/** Publishes a sealed segment's summary atomically. */
export async function writeSummary(walDir: string, sum: SegmentSummary, faults?: FaultInjector): Promise<void> {
  await writeFileAtomic(join(walDir, summaryFileName(sum.seq)), encodeSummary(sum), faults);
}

/** Removes the summary of segment `seq` (its segment was deleted); a missing one is fine. */
export async function removeSummary(walDir: string, seq: number): Promise<void> {
  await unlink(join(walDir, summaryFileName(seq))).catch((err: unknown) => {
    if ((err as { code?: string }).code !== 'ENOENT') throw err;
  });
}
