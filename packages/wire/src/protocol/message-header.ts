/**
 * The 16-byte header that starts every wire-protocol message: four
 * little-endian int32s.
 */

/** Size of the standard message header in bytes. */
export const MESSAGE_HEADER_SIZE = 16;

/** The standard message header. */
export interface MessageHeader {
  /** Total message size in bytes, header included. */
  readonly messageLength: number;
  /** Identifier chosen by the sender. */
  readonly requestId: number;
  /** For replies, the `requestId` of the request being answered; 0 otherwise. */
  readonly responseTo: number;
  /** See `opcodes.ts`. */
  readonly opCode: number;
}

/** Reads the header at the start of `message` (which must hold at least 16 bytes). */
export function readMessageHeader(message: Uint8Array): MessageHeader {
  if (message.length < MESSAGE_HEADER_SIZE) {
    throw new RangeError(`a message header needs ${MESSAGE_HEADER_SIZE} bytes, got ${message.length}`);
  }
  // Read byte by byte: a DataView per message costs more than the header itself.
  return { messageLength: int32At(message, 0), requestId: int32At(message, 4), responseTo: int32At(message, 8), opCode: int32At(message, 12) };
}

function int32At(bytes: Uint8Array, offset: number): number {
  return bytes[offset]! | (bytes[offset + 1]! << 8) | (bytes[offset + 2]! << 16) | (bytes[offset + 3]! << 24);
}

/** Writes `header` into the first 16 bytes of `target`. */
export function writeMessageHeader(target: Buffer, header: MessageHeader): void {
  target.writeInt32LE(header.messageLength, 0);
  target.writeInt32LE(header.requestId, 4);
  target.writeInt32LE(header.responseTo, 8);
  target.writeInt32LE(header.opCode, 12);
}
