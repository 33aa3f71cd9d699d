import { open } from 'node:fs/promises';
import { deserialize, serialize } from 'bson';
import { ArgonError } from '@argon/core';
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
  const out = fileStart(image, image.chunks.length, bytes);
  for (const chunk of image.chunks) out.push(frameHeader(chunk), chunk);
  return out;
}

/** File header and description frame of a checkpoint file with `chunks` chunks of `bytes` bytes in all. */
function fileStart(image: CheckpointImage, chunks: number, bytes: number): Uint8Array[] {
  const desc = serialize({ project: image.project, lsn: image.lsn, createdAt: image.createdAt, chunks, bytes });
  return [encodeFileHeader('checkpoint', image.lsn), frameHeader(desc), desc];
}

/**
 * The buffers of the checkpoint file of an incremental image (one with
 * `baseLsn`): its header chunk, then the chain chunks of the base file at
 * `basePath`, copied frame by frame (each CRC checked on the way), then its
 * own chain chunks. The result is self-contained, like any checkpoint file.
 * They are handed to `consume` (which writes them out) while the base file
 * is open. The base's description and header chunk are checked first;
 * damage further in surfaces while the parts are read. Either way it is a
 * CorruptionError naming the base file and offset.
 */
export async function encodeIncrementalCheckpoint(dir: string, basePath: string, image: CheckpointImage, consume: (parts: AsyncIterable<Uint8Array>) => Promise<void>): Promise<void> {
  const fh = await open(basePath, 'r');
  try {
    const size = (await fh.stat()).size;
    const readAt = async (off: number, length: number): Promise<Buffer> => {
      if (off + length > size) throw ckptCorruption(dir, basePath, off, `the file ends ${off + length - size} bytes early`);
      const buf = Buffer.allocUnsafe(length);
      const { bytesRead } = await fh.read(buf, 0, length, off);
      if (bytesRead !== length) throw ckptCorruption(dir, basePath, off, 'short read');
      return buf;
    };
    // The frame at `off` (header and payload), checked as decodeCheckpoint checks it.
    const frameAt = async (off: number, limits: FrameLimits, what: string): Promise<{ frame: Buffer; payload: Buffer; next: number }> => {
      let frame = await readAt(off, FRAME_HEADER_BYTES);
      // The header alone says whether the length is in range; then the whole frame is read.
      let c = checkFrame(frame, 0, frame.length, limits);
      if (c.kind === 'short-payload') {
        frame = await readAt(off, FRAME_HEADER_BYTES + c.length);
        c = checkFrame(frame, 0, frame.length, limits);
      }
      if (c.kind !== 'ok') throw ckptCorruption(dir, basePath, off, `${what}: ${describeFrameProblem(c)}`);
      return { frame, payload: frame.subarray(FRAME_HEADER_BYTES), next: off + c.next };
    };
    const hc = checkFileHeader(await readAt(0, FILE_HEADER_BYTES), 'checkpoint');
    if (!hc.ok) throw ckptCorruption(dir, basePath, 0, hc.problem);
    const descFrame = await frameAt(FILE_HEADER_BYTES, ENTRY_FRAME_LIMITS, 'description');
    let desc: CheckpointDescription;
    try {
      desc = deserialize(descFrame.payload) as CheckpointDescription;
    } catch (err) {
      throw ckptCorruption(dir, basePath, FILE_HEADER_BYTES, `undecodable checkpoint description (${err instanceof Error ? err.message : String(err)})`);
    }
    if (!Number.isSafeInteger(desc.chunks) || desc.chunks < 1) throw ckptCorruption(dir, basePath, FILE_HEADER_BYTES, `description claims ${String(desc.chunks)} chunks`);
    if (desc.lsn !== image.baseLsn || desc.project !== image.project || hc.sequence !== desc.lsn) {
      throw ckptCorruption(dir, basePath, FILE_HEADER_BYTES, `description is of ${desc.project} at LSN ${desc.lsn}, not of ${image.project} at LSN ${String(image.baseLsn)}`);
    }
    const baseHeader = await frameAt(descFrame.next, CHUNK_FRAME_LIMITS, 'header chunk');
    const baseChains = desc.chunks - 1;
    const [header, ...own] = image.chunks;
    if (!header) throw new ArgonError('an incremental checkpoint needs its header chunk');
    const ownBytes = own.reduce((n, c) => n + c.length, 0);
    const start = fileStart(image, 1 + baseChains + own.length, header.length + desc.bytes - baseHeader.payload.length + ownBytes);
    await consume(
      (async function* parts() {
        yield* start;
        yield frameHeader(header);
        yield header;
        let off = baseHeader.next;
        for (let i = 0; i < baseChains; i++) {
          const f = await frameAt(off, CHUNK_FRAME_LIMITS, `chunk ${i + 2} of ${desc.chunks}`);
          yield f.frame;
          off = f.next;
        }
        if (off !== size) throw ckptCorruption(dir, basePath, off, `${size - off} unexpected bytes after the last chunk`);
        for (const chunk of own) {
          yield frameHeader(chunk);
          yield chunk;
        }
      })(),
    );
  } finally {
    await fh.close();
  }
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
