/**
 * OP_COMPRESSED (opcode 2012). Argon never advertises a compressor, so a
 * client that sends one anyway gets an error and a closed connection. Only
 * the prefix is read: it says which reply format the client expects.
 */
import { BufferReader } from './buffer-reader.js';
import { MESSAGE_HEADER_SIZE } from './message-header.js';

/** The fixed prefix of an OP_COMPRESSED body. */
export interface OpCompressedPrefix {
  readonly originalOpcode: number;
  readonly uncompressedSize: number;
  readonly compressorId: number;
}

/** Compressor ids, for log lines. */
export const COMPRESSOR_NAMES: ReadonlyMap<number, string> = new Map([
  [0, 'noop'],
  [1, 'snappy'],
  [2, 'zlib'],
  [3, 'zstd'],
]);

/** Reads the prefix of an OP_COMPRESSED message. @throws MessageFormatError if it is truncated. */
export function readOpCompressedPrefix(message: Buffer): OpCompressedPrefix {
  const reader = new BufferReader(message, MESSAGE_HEADER_SIZE);
  return { originalOpcode: reader.int32(), uncompressedSize: reader.int32(), compressorId: reader.uint8() };
}
