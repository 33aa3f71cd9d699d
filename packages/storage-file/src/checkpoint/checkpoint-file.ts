import { deserialize, serialize } from 'bson';
import type { CheckpointImage } from '@argon/core';
import { corruptionAt } from '../errors.js';
import { checkFileHeader, encodeFileHeader, FILE_HEADER_BYTES } from '../format/file-header.js';
import { checkFrame, describeFrameProblem, ENTRY_FRAME_LIMITS, FRAME_HEADER_BYTES, frameHeader, MAX_FRAME_PAYLOAD_BYTES } from '../format/frame.js';
import type { FrameLimits } from '../format/frame.js';

/**
 * A checkpoint file is a file header ("ARGONCKP", sequence = LSN), one frame
 * holding a BSON description `{project, lsn, createdAt, chunks, bytes}`, then
 * one frame per chunk. Every frame carries a CRC, the chunk count is checked
 * and the file must end right after the last chunk.
 */
export const CHUNK_FRAME_LIMITS: FrameLimits = Object.freeze({ min: 0, max: MAX_FRAME_PAYLOAD_BYTES, bson: false });

interface CheckpointDescription {
  project: string;
  lsn: number;
  createdAt: Date;
  chunks: number;
  bytes: number;
}

/** The buffers of a checkpoint file, in order (chunks are not copied). */
export function encodeCheckpoint(image: CheckpointImage): Uint8Array[] {
  const bytes = image.chunks.reduce((n, c) => n + c.length, 0);
  const desc = serialize({ project: image.project, lsn: image.lsn, createdAt: image.createdAt, chunks: image.chunks.length, bytes });
  const out: Uint8Array[] = [encodeFileHeader('checkpoint', image.lsn), frameHeader(desc), desc];
  for (const chunk of image.chunks) out.push(frameHeader(chunk), chunk);
  return out;
}

function ckptCorruption(dir: string, file: string, offset: number, what: string): ReturnType<typeof corruptionAt> {
  return corruptionAt(dir, file, offset, what, 'the checkpoint is unusable');
}

/** Decodes and verifies a checkpoint file; throws a CorruptionError naming the offset of the damage. */
export function decodeCheckpoint(dir: string, file: string, buf: Buffer): CheckpointImage {
  const hc = checkFileHeader(buf.subarray(0, FILE_HEADER_BYTES), 'checkpoint');
  if (!hc.ok) throw ckptCorruption(dir, file, 0, hc.problem);
  let off = FILE_HEADER_BYTES;
  const first = checkFrame(buf, off, buf.length, ENTRY_FRAME_LIMITS);
  if (first.kind !== 'ok') throw ckptCorruption(dir, file, off, describeFrameProblem(first));
  let desc: CheckpointDescription;
  try {
    desc = deserialize(buf.subarray(off + FRAME_HEADER_BYTES, first.next)) as CheckpointDescription;
  } catch (err) {
    throw ckptCorruption(dir, file, off, `undecodable checkpoint description (${err instanceof Error ? err.message : String(err)})`);
  }
  if (desc.lsn !== hc.sequence) throw ckptCorruption(dir, file, off, `description says LSN ${desc.lsn}, header says ${hc.sequence}`);
  off = first.next;
  const chunks: Uint8Array[] = [];
  for (let i = 0; i < desc.chunks; i++) {
    const c = checkFrame(buf, off, buf.length, CHUNK_FRAME_LIMITS);
    if (c.kind !== 'ok') throw ckptCorruption(dir, file, off, `chunk ${i + 1} of ${desc.chunks}: ${describeFrameProblem(c)}`);
    // Plain Uint8Array views, as the engine handed them in.
    chunks.push(new Uint8Array(buf.buffer, buf.byteOffset + off + FRAME_HEADER_BYTES, c.length));
    off = c.next;
  }
  if (off !== buf.length) throw ckptCorruption(dir, file, off, `${buf.length - off} unexpected bytes after the last chunk`);
  return { project: desc.project, lsn: desc.lsn, createdAt: desc.createdAt, chunks };
}
