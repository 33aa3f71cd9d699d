import { open } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { deserialize, serialize } from 'bson';
import { ArgonError } from '@argon/core';
import type { CheckpointImage } from '@argon/core';
import { corruptionAt } from '../errors.js';
import { writeFileAtomic } from '../meta/atomic-file.js';
import type { FaultInjector } from '../options.js';
import { checkFileHeader, encodeFileHeader, FILE_HEADER_BYTES, FORMAT_VERSION } from '../format/file-header.js';
import { checkFrame, describeFrameProblem, ENTRY_FRAME_LIMITS, FRAME_HEADER_BYTES, frameHeader, MAX_FRAME_PAYLOAD_BYTES } from '../format/frame.js';
import type { FrameLimits } from '../format/frame.js';

/**
 * A checkpoint file is a file header ("ARGONCKP", sequence = LSN), one frame
 * holding a BSON {@link CheckpointDescription}, then one frame per chunk: the
 * engine's header chunk first, then its version-chain chunks. Every frame
 * carries a CRC, the chunk count is checked and the file must end right
 * after the last chunk.
 *
 * A file is either self-contained (format 1: it holds every version up to
 * its LSN) or layered (format 2): it holds the versions above the LSN of the
 * file it builds on (`baseLsn`), whose chain chunks come first when the image
 * is loaded. A layered file costs what was written since its base; a chain
 * of them starts with a self-contained file (its root).
 */
export const CHUNK_FRAME_LIMITS: FrameLimits = Object.freeze({ min: 0, max: MAX_FRAME_PAYLOAD_BYTES, bson: false });

/** Format version of layered checkpoint files (self-contained ones are {@link FORMAT_VERSION}). */
export const LAYERED_FORMAT_VERSION = 2;

/** The description frame of a checkpoint file. */
export interface CheckpointDescription {
  readonly project: string;
  readonly lsn: number;
  readonly createdAt: Date;
  /** Chunks in this file (the header chunk included). */
  readonly chunks: number;
  /** Bytes of those chunks. */
  readonly bytes: number;
  /** Layered files: LSN of the checkpoint file this one builds on. */
  readonly baseLsn?: number;
  /** Layered files: layered files in its chain, itself included (a self-contained file has none). */
  readonly layers?: number;
  /** Layered files: chunk bytes of the layered files of its chain, itself included. */
  readonly layeredBytes?: number;
  /** Layered files: chunk bytes of the self-contained file its chain starts with. */
  readonly rootBytes?: number;
}

/** A checked file's description and where its header chunk (the first chunk) starts. */
export interface CheckpointHead {
  readonly desc: CheckpointDescription;
  /** Offset of the header chunk's frame. */
  readonly firstChunk: number;
}

/** The buffers of a self-contained checkpoint file, in order (chunks are not copied). */
export function encodeCheckpoint(image: CheckpointImage): Uint8Array[] {
  return withChunks(fileStart(describe(image)), image.chunks);
}

/**
 * The buffers of a layered checkpoint file: `image` holds the header chunk
 * and the chain chunks of the versions above `image.baseLsn`, which is the
 * LSN of the file described by `base`.
 */
export function encodeLayeredCheckpoint(image: CheckpointImage, base: CheckpointDescription): Uint8Array[] {
  if (image.baseLsn === undefined || image.baseLsn !== base.lsn) throw new ArgonError(`a layered checkpoint at LSN ${image.lsn} must build on the checkpoint at its baseLsn (${String(image.baseLsn)}), not on LSN ${base.lsn}`);
  const own = describe(image);
  const desc: CheckpointDescription = {
    ...own,
    baseLsn: base.lsn,
    layers: (base.layers ?? 0) + 1,
    layeredBytes: (base.layeredBytes ?? 0) + own.bytes,
    rootBytes: base.rootBytes ?? base.bytes,
  };
  return withChunks(fileStart(desc, LAYERED_FORMAT_VERSION), image.chunks);
}

function describe(image: CheckpointImage): CheckpointDescription {
  return { project: image.project, lsn: image.lsn, createdAt: image.createdAt, chunks: image.chunks.length, bytes: image.chunks.reduce((n, c) => n + c.length, 0) };
}

/** File header and description frame of a checkpoint file. */
function fileStart(desc: CheckpointDescription, version = FORMAT_VERSION): Uint8Array[] {
  const body = serialize(desc);
  return [encodeFileHeader('checkpoint', desc.lsn, version), frameHeader(body), body];
}

function withChunks(out: Uint8Array[], chunks: readonly Uint8Array[]): Uint8Array[] {
  for (const chunk of chunks) out.push(frameHeader(chunk), chunk);
  return out;
}

/** One file of a chain to copy from: its path and the LSN it must be of. */
export interface ChainFile {
  readonly path: string;
  readonly lsn: number;
}

/**
 * Where an image goes: layered on the file described by `layeredOn`, or
 * self-contained, copying the chain chunks of `mergedFrom` (root first;
 * none for a full image).
 */
export type CheckpointPlacement = { readonly layeredOn: CheckpointDescription; readonly mergedFrom?: undefined } | { readonly layeredOn?: undefined; readonly mergedFrom: readonly ChainFile[] };

/** Publishes `image` atomically at `path`, stored as `placement` says. */
export async function writePlacedCheckpoint(dataDir: string, path: string, image: CheckpointImage, placement: CheckpointPlacement, faults: FaultInjector | undefined): Promise<void> {
  if (placement.layeredOn) await writeFileAtomic(path, encodeLayeredCheckpoint(image, placement.layeredOn), faults);
  else await encodeMergedCheckpoint(dataDir, placement.mergedFrom, image, (parts) => writeFileAtomic(path, parts, faults));
}

/**
 * Writes `image` (incremental: a header chunk and the chain chunks above
 * `image.baseLsn`) as a self-contained file, by copying the chain chunks of
 * `chain` — the files its base is made of, self-contained root first — frame
 * by frame (each CRC checked on the way) between its header chunk and its
 * own chain chunks. The buffers are handed to `consume` (which writes them
 * out) while the files are open. Every file's description is checked first;
 * damage further in surfaces while the parts are read. Either way it is a
 * CorruptionError naming the file and offset.
 */
export async function encodeMergedCheckpoint(dir: string, chain: readonly ChainFile[], image: CheckpointImage, consume: (parts: AsyncIterable<Uint8Array>) => Promise<void>): Promise<void> {
  const opened: FileHandle[] = [];
  try {
    const files: Array<{ file: ChainFile; fh: FileHandle; size: number; head: CheckpointHead }> = [];
    for (const file of chain) {
      const fh = await open(file.path, 'r');
      opened.push(fh);
      const size = (await fh.stat()).size;
      const head = await readHead(dir, file.path, fh, size, { project: image.project, lsn: file.lsn });
      files.push({ file, fh, size, head });
    }
    const [header, ...own] = image.chunks;
    if (!header) throw new ArgonError('an incremental checkpoint needs its header chunk');
    // Each base file's header chunk is left out (not even read); their chain chunks are copied.
    const chainsAt = await Promise.all(files.map((f) => chainsStart(dir, f.file.path, f.fh, f.size, f.head)));
    const chunks = 1 + files.reduce((n, f) => n + f.head.desc.chunks - 1, 0) + own.length;
    const bytes = image.chunks.reduce((n, c) => n + c.length, 0) + files.reduce((n, f, i) => n + f.head.desc.bytes - (chainsAt[i]! - f.head.firstChunk - FRAME_HEADER_BYTES), 0);
    const start = fileStart({ project: image.project, lsn: image.lsn, createdAt: image.createdAt, chunks, bytes });
    await consume(
      (async function* parts() {
        yield* start;
        yield frameHeader(header);
        yield header;
        for (let k = 0; k < files.length; k++) {
          const { file, fh, size, head } = files[k]!;
          let off = chainsAt[k]!;
          for (let i = 1; i < head.desc.chunks; i++) {
            const f = await frameAt(dir, file.path, fh, size, off, CHUNK_FRAME_LIMITS, `chunk ${i + 1} of ${head.desc.chunks}`);
            yield f.frame;
            off = f.next;
          }
          if (off !== size) throw ckptCorruption(dir, file.path, off, `${size - off} unexpected bytes after the last chunk`);
        }
        for (const chunk of own) {
          yield frameHeader(chunk);
          yield chunk;
        }
      })(),
    );
  } finally {
    await Promise.all(opened.map((fh) => fh.close()));
  }
}

/** What a checkpoint file must be: its name, or the newer file that builds on it, says so. */
export interface CheckpointIdentity {
  readonly project: string;
  readonly lsn: number;
}

/**
 * Reads and checks the file header and description of the checkpoint file
 * at `path` (and that it is the `expected` checkpoint, when given).
 */
export async function readCheckpointHead(dir: string, path: string, expected?: CheckpointIdentity): Promise<CheckpointHead> {
  const fh = await open(path, 'r');
  try {
    return await readHead(dir, path, fh, (await fh.stat()).size, expected);
  } finally {
    await fh.close();
  }
}

/**
 * The chain chunks of the checkpoint file at `path`, checked, with its
 * description: what a file a newer one builds on contributes to a load.
 * Its header chunk (which holds the time index of the whole history, and
 * is superseded by the newer file's) is skipped, not read.
 */
export async function readCheckpointChains(dir: string, path: string, expected: CheckpointIdentity): Promise<{ desc: CheckpointDescription; chains: Uint8Array[] }> {
  const fh = await open(path, 'r');
  try {
    const size = (await fh.stat()).size;
    const head = await readHead(dir, path, fh, size, expected);
    const desc = head.desc;
    const start = await chainsStart(dir, path, fh, size, head);
    const buf = await readAt(dir, path, fh, size, start, size - start);
    return { desc, chains: chunkViews(dir, path, buf, 0, start, 1, desc.chunks) };
  } finally {
    await fh.close();
  }
}

// Offset of the first chain chunk: right after the header chunk, whose frame header alone is read.
async function chainsStart(dir: string, path: string, fh: FileHandle, size: number, head: CheckpointHead): Promise<number> {
  const c = checkFrame(await readAt(dir, path, fh, size, head.firstChunk, FRAME_HEADER_BYTES), 0, FRAME_HEADER_BYTES, CHUNK_FRAME_LIMITS);
  if (c.kind !== 'short-payload' && c.kind !== 'ok') throw ckptCorruption(dir, path, head.firstChunk, `chunk 1 of ${head.desc.chunks}: ${describeFrameProblem(c)}`);
  return head.firstChunk + FRAME_HEADER_BYTES + (c.kind === 'ok' ? 0 : c.length);
}

async function readHead(dir: string, path: string, fh: FileHandle, size: number, expected?: CheckpointIdentity): Promise<CheckpointHead> {
  const hc = checkFileHeader(await readAt(dir, path, fh, size, 0, FILE_HEADER_BYTES), 'checkpoint');
  if (!hc.ok) throw ckptCorruption(dir, path, 0, hc.problem);
  const f = await frameAt(dir, path, fh, size, FILE_HEADER_BYTES, ENTRY_FRAME_LIMITS, 'description');
  const desc = checkDescription(dir, path, f.payload, hc);
  if (expected && (desc.lsn !== expected.lsn || desc.project !== expected.project)) {
    throw ckptCorruption(dir, path, FILE_HEADER_BYTES, `description is of ${desc.project} at LSN ${desc.lsn}, not of ${expected.project} at LSN ${expected.lsn}`);
  }
  return { desc, firstChunk: f.next };
}

async function readAt(dir: string, path: string, fh: FileHandle, size: number, off: number, length: number): Promise<Buffer> {
  if (off + length > size) throw ckptCorruption(dir, path, off, `the file ends ${off + length - size} bytes early`);
  const buf = Buffer.allocUnsafe(length);
  const { bytesRead } = await fh.read(buf, 0, length, off);
  if (bytesRead !== length) throw ckptCorruption(dir, path, off, 'short read');
  return buf;
}

// The frame at `off` (header and payload), checked as decodeCheckpoint checks it.
async function frameAt(dir: string, path: string, fh: FileHandle, size: number, off: number, limits: FrameLimits, what: string): Promise<{ frame: Buffer; payload: Buffer; next: number }> {
  let frame = await readAt(dir, path, fh, size, off, FRAME_HEADER_BYTES);
  // The header alone says whether the length is in range; then the whole frame is read.
  let c = checkFrame(frame, 0, frame.length, limits);
  if (c.kind === 'short-payload') {
    frame = await readAt(dir, path, fh, size, off, FRAME_HEADER_BYTES + c.length);
    c = checkFrame(frame, 0, frame.length, limits);
  }
  if (c.kind !== 'ok') throw ckptCorruption(dir, path, off, `${what}: ${describeFrameProblem(c)}`);
  return { frame, payload: frame.subarray(FRAME_HEADER_BYTES), next: off + c.next };
}

// Decodes a description frame's payload and checks it against the file header.
function checkDescription(dir: string, file: string, payload: Buffer, hc: { version: number; sequence: number }): CheckpointDescription {
  let desc: CheckpointDescription;
  try {
    desc = deserialize(payload) as CheckpointDescription;
  } catch (err) {
    throw ckptCorruption(dir, file, FILE_HEADER_BYTES, `undecodable checkpoint description (${err instanceof Error ? err.message : String(err)})`);
  }
  const bad = (what: string) => ckptCorruption(dir, file, FILE_HEADER_BYTES, what);
  if (desc.lsn !== hc.sequence) throw bad(`description says LSN ${desc.lsn}, header says ${hc.sequence}`);
  if (!Number.isSafeInteger(desc.chunks) || desc.chunks < 1) throw bad(`description claims ${String(desc.chunks)} chunks`);
  if (desc.baseLsn !== undefined) {
    if (hc.version < LAYERED_FORMAT_VERSION) throw bad(`a format ${hc.version} checkpoint cannot build on another (baseLsn ${String(desc.baseLsn)})`);
    if (!Number.isSafeInteger(desc.baseLsn) || desc.baseLsn < 0 || desc.baseLsn >= desc.lsn) throw bad(`description builds on LSN ${String(desc.baseLsn)}, which is not below its own LSN ${desc.lsn}`);
  }
  return desc;
}

function ckptCorruption(dir: string, file: string, offset: number, what: string): ReturnType<typeof corruptionAt> {
  return corruptionAt(dir, file, offset, what, 'the checkpoint is unusable');
}

/**
 * Checks the frames of chunks `first` … `count - 1` of a file, which fill
 * `buf` from `off` to its end (`at` is the file offset of `buf[0]`, for
 * error messages), and returns their payloads: plain Uint8Array views, as
 * the engine handed them in.
 */
function chunkViews(dir: string, file: string, buf: Buffer, off: number, at: number, first: number, count: number): Uint8Array[] {
  const chunks: Uint8Array[] = [];
  for (let i = first; i < count; i++) {
    const c = checkFrame(buf, off, buf.length, CHUNK_FRAME_LIMITS);
    if (c.kind !== 'ok') throw ckptCorruption(dir, file, at + off, `chunk ${i + 1} of ${count}: ${describeFrameProblem(c)}`);
    chunks.push(new Uint8Array(buf.buffer, buf.byteOffset + off + FRAME_HEADER_BYTES, c.length));
    off = c.next;
  }
  if (off !== buf.length) throw ckptCorruption(dir, file, at + off, `${buf.length - off} unexpected bytes after the last chunk`);
  return chunks;
}

/**
 * Decodes and verifies a checkpoint file; throws a CorruptionError naming
 * the offset of the damage. A layered file decodes to an image with
 * `baseLsn`: its own chunks only, to be put on top of its base's.
 */
export function decodeCheckpoint(dir: string, file: string, buf: Buffer): CheckpointImage {
  const hc = checkFileHeader(buf.subarray(0, FILE_HEADER_BYTES), 'checkpoint');
  if (!hc.ok) throw ckptCorruption(dir, file, 0, hc.problem);
  const first = checkFrame(buf, FILE_HEADER_BYTES, buf.length, ENTRY_FRAME_LIMITS);
  if (first.kind !== 'ok') throw ckptCorruption(dir, file, FILE_HEADER_BYTES, describeFrameProblem(first));
  const desc = checkDescription(dir, file, buf.subarray(FILE_HEADER_BYTES + FRAME_HEADER_BYTES, first.next), hc);
  const chunks = chunkViews(dir, file, buf, first.next, 0, 0, desc.chunks);
  return { project: desc.project, lsn: desc.lsn, createdAt: desc.createdAt, chunks, ...(desc.baseLsn !== undefined ? { baseLsn: desc.baseLsn } : {}) };
}
