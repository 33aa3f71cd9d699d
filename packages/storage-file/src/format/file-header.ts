import { crc32 } from 'node:zlib';

/**
 * Every binary file (log segments, their summaries and checkpoints) starts with a 32-byte header:
 *
 * ```
 *  0  8 bytes  magic: "ARGONWAL" (segment), "ARGONCKP" (checkpoint) or "ARGONSUM" (segment summary)
 *  8  u32 LE   format version
 * 12  u32 LE   header length (32)
 * 16  u64 LE   sequence: the segment number (segments, summaries), or the checkpoint's LSN
 * 24  u32 LE   reserved, 0
 * 28  u32 LE   CRC32 of bytes 0..27
 * ```
 */
export const FILE_HEADER_BYTES = 32;
/** The format version of segments and summaries, and of self-contained checkpoints. */
export const FORMAT_VERSION = 1;
/**
 * The newest format version this code reads, per file kind. Checkpoint
 * version 2 may build on another checkpoint file (layered, see
 * checkpoint-file.ts); only such files carry it, so that an older Argon,
 * which would load one as if it held every version, refuses it instead.
 */
export const NEWEST_FORMAT_VERSION = Object.freeze({ segment: 1, checkpoint: 2, summary: 1 } as const);
/** File magics by file kind. */
export const FILE_MAGIC = Object.freeze({ segment: 'ARGONWAL', checkpoint: 'ARGONCKP', summary: 'ARGONSUM' } as const);
/** A kind of binary file. */
export type FileKind = keyof typeof FILE_MAGIC;

/** Encodes a header. */
export function encodeFileHeader(kind: FileKind, sequence: number, version: number = FORMAT_VERSION): Buffer {
  const b = Buffer.alloc(FILE_HEADER_BYTES);
  b.write(FILE_MAGIC[kind], 0, 'latin1');
  b.writeUInt32LE(version, 8);
  b.writeUInt32LE(FILE_HEADER_BYTES, 12);
  b.writeBigUInt64LE(BigInt(sequence), 16);
  b.writeUInt32LE(crc32(b.subarray(0, 28)), 28);
  return b;
}

/** A decoded header, or why it is unusable. */
export type FileHeaderCheck =
  | { readonly ok: true; readonly version: number; readonly sequence: number }
  | { readonly ok: false; readonly problem: string; readonly newerVersion?: number };

/** Checks the header at the start of `buf` (which holds the first bytes of a file). */
export function checkFileHeader(buf: Buffer, kind: FileKind): FileHeaderCheck {
  if (buf.length < FILE_HEADER_BYTES) return { ok: false, problem: `file header cut short (${buf.length} of ${FILE_HEADER_BYTES} bytes)` };
  if (crc32(buf.subarray(0, 28)) !== buf.readUInt32LE(28)) return { ok: false, problem: 'file header CRC mismatch' };
  const magic = buf.toString('latin1', 0, 8);
  if (magic !== FILE_MAGIC[kind]) return { ok: false, problem: `bad magic ${JSON.stringify(magic)}, expected ${FILE_MAGIC[kind]}` };
  const version = buf.readUInt32LE(8);
  const newest = NEWEST_FORMAT_VERSION[kind];
  if (version > newest) {
    return { ok: false, problem: `format version ${version} is newer than this Argon supports (${newest}); upgrade Argon`, newerVersion: version };
  }
  if (buf.readUInt32LE(12) !== FILE_HEADER_BYTES) return { ok: false, problem: `unexpected header length ${buf.readUInt32LE(12)}` };
  return { ok: true, version, sequence: Number(buf.readBigUInt64LE(16)) };
}
