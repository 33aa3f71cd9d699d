import { crc32 } from 'node:zlib';

/**
 * Every record on disk (log entries, checkpoint chunks) is a frame:
 *
 * ```
 * u32 LE  payload length
 * u32 LE  CRC32 of the payload (zlib polynomial, node's native zlib.crc32)
 * ...     payload
 * ```
 *
 * The length is checked twice: it must be in range, and a wrong length makes
 * the CRC cover the wrong bytes. Log payloads are BSON documents, whose own
 * int32 length prefix must equal the frame length as well.
 */
export const FRAME_HEADER_BYTES = 8;
/** Largest payload accepted: two 16 MiB documents (pre- and post-image) plus the entry's own fields. */
export const MAX_FRAME_PAYLOAD_BYTES = 64 * 1024 * 1024;

/** Writes one frame holding `payload` into `target` at `offset`; returns the offset after it. */
export function writeFrame(target: Buffer, offset: number, payload: Uint8Array): number {
  target.set(payload, offset + FRAME_HEADER_BYTES);
  sealFrame(target, offset, payload.length);
  return offset + FRAME_HEADER_BYTES + payload.length;
}

/**
 * Fills in the header of the frame at `offset` whose `length`-byte payload
 * is already in place after it (payloads encoded straight into the batch).
 */
export function sealFrame(target: Buffer, offset: number, length: number): void {
  const start = offset + FRAME_HEADER_BYTES;
  target.writeUInt32LE(length, offset);
  target.writeUInt32LE(crc32(target.subarray(start, start + length)), offset + 4);
}

/** The 8-byte header of a frame holding `payload`. */
export function frameHeader(payload: Uint8Array): Buffer {
  const h = Buffer.allocUnsafe(FRAME_HEADER_BYTES);
  h.writeUInt32LE(payload.length, 0);
  h.writeUInt32LE(crc32(payload), 4);
  return h;
}

/** What {@link checkFrame} found at an offset. */
export type FrameCheck =
  | { readonly kind: 'ok'; readonly length: number; readonly next: number }
  /** Fewer than 8 bytes left before `end`. */
  | { readonly kind: 'short-header' }
  /** The length field is out of range. */
  | { readonly kind: 'bad-length'; readonly length: number }
  /** The payload runs past `end`. */
  | { readonly kind: 'short-payload'; readonly length: number }
  | { readonly kind: 'bad-crc'; readonly length: number };

/** Payload length limits of one kind of frame. */
export interface FrameLimits {
  readonly min: number;
  readonly max: number;
  /** True when the payload is a BSON document whose int32 prefix must equal the length. */
  readonly bson: boolean;
  /**
   * False to skip the CRC (structure is still checked). Only for re-reading
   * bytes this process already verified (open) or wrote itself (append).
   */
  readonly crc?: boolean;
}

/** Limits of log entry frames. */
export const ENTRY_FRAME_LIMITS: FrameLimits = Object.freeze({ min: 5, max: MAX_FRAME_PAYLOAD_BYTES, bson: true });
/** Log entry frames already verified by this process (readLog after open). */
export const TRUSTED_ENTRY_FRAME_LIMITS: FrameLimits = Object.freeze({ min: 5, max: MAX_FRAME_PAYLOAD_BYTES, bson: true, crc: false });

/**
 * Checks the frame starting at `off` in `buf`, where `end` is the end of the
 * valid bytes of `buf`. Never throws.
 */
export function checkFrame(buf: Buffer, off: number, end: number, limits: FrameLimits): FrameCheck {
  if (end - off < FRAME_HEADER_BYTES) return { kind: 'short-header' };
  const length = buf.readUInt32LE(off);
  if (length < limits.min || length > limits.max) return { kind: 'bad-length', length };
  const start = off + FRAME_HEADER_BYTES;
  if (end - start < length) return { kind: 'short-payload', length };
  if (limits.crc !== false && crc32(buf.subarray(start, start + length)) !== buf.readUInt32LE(off + 4)) return { kind: 'bad-crc', length };
  // A CRC that matches over a BSON payload of the wrong size means the length was damaged
  // (or the writer had a bug); either way the frame is not a document.
  if (limits.bson && (buf.readInt32LE(start) !== length || buf[start + length - 1] !== 0)) return { kind: 'bad-length', length };
  return { kind: 'ok', length, next: start + length };
}

/** A one-line description of a failed frame check, for error messages. */
export function describeFrameProblem(c: Exclude<FrameCheck, { kind: 'ok' }>): string {
  switch (c.kind) {
    case 'short-header':
      return 'incomplete frame header';
    case 'bad-length':
      return `invalid frame length ${c.length}`;
    case 'short-payload':
      return `frame of ${c.length} bytes cut short`;
    case 'bad-crc':
      return `CRC mismatch in a frame of ${c.length} bytes`;
  }
}

/**
 * Looks for the next offset in `[from, end)` where a valid frame starts, for
 * resynchronising after damage (verify, dump) and for telling a torn tail
 * (nothing valid follows) from damage in the middle of a file. Returns -1 when
 * there is none.
 */
export function findNextFrame(buf: Buffer, from: number, end: number, limits: FrameLimits): number {
  for (let p = from; p + FRAME_HEADER_BYTES <= end; p++) {
    const length = buf.readUInt32LE(p);
    if (length < limits.min || length > limits.max || p + FRAME_HEADER_BYTES + length > end) continue;
    // Cheap filter before the CRC: a BSON payload starts with its own length.
    if (limits.bson && buf.readInt32LE(p + FRAME_HEADER_BYTES) !== length) continue;
    if (checkFrame(buf, p, end, limits).kind === 'ok') return p;
  }
  return -1;
}

/**
 * True when `[from, end)` of `buf` is all zero bytes: space the writer
 * preallocated in the newest segment and has not used yet, not a torn write.
 */
export function isZeroFilled(buf: Buffer, from: number, end: number): boolean {
  for (let i = from; i < end; i++) if (buf[i] !== 0) return false;
  return true;
}
