/**
 * A bounds-checked little-endian cursor over one message. Every failure is a
 * {@link MessageFormatError} that names the offset, because a message reaches
 * the reader only after its header was validated: the right response is an
 * error reply, not a dropped connection.
 */
import { MessageFormatError } from '../errors.js';
import { decodeDocument, type WireDocument } from './bson-codec.js';

/** Smallest valid BSON document: int32 length + terminating NUL. */
const MIN_BSON_SIZE = 5;

/**
 * What is being read, for error messages. A function is called only when an
 * error needs the text, so callers with a computed name (an offset, an index)
 * do not build a string for every message that parses fine.
 */
export type Description = string | (() => string);

function text(what: Description): string {
  return typeof what === 'string' ? what : what();
}

/** Reads primitives and BSON documents from a byte range. */
export class BufferReader {
  private position: number;
  private readonly end: number;

  /**
   * @param buffer the message
   * @param start first byte to read
   * @param end one past the last byte that may be read (defaults to the buffer's end)
   */
  constructor(
    private readonly buffer: Buffer,
    start = 0,
    end = buffer.length,
  ) {
    this.position = start;
    this.end = end;
  }

  /** Current read position. */
  get offset(): number {
    return this.position;
  }

  /** Bytes left before the end of the readable range. */
  get remaining(): number {
    return this.end - this.position;
  }

  /** Reads one unsigned byte. */
  uint8(): number {
    this.need(1, 'byte');
    const value = this.buffer.readUInt8(this.position);
    this.position += 1;
    return value;
  }

  /** Reads a little-endian int32. */
  int32(): number {
    this.need(4, 'int32');
    const value = this.buffer.readInt32LE(this.position);
    this.position += 4;
    return value;
  }

  /** Reads a little-endian uint32. */
  uint32(): number {
    this.need(4, 'uint32');
    const value = this.buffer.readUInt32LE(this.position);
    this.position += 4;
    return value;
  }

  /** Reads a little-endian int64. */
  int64(): bigint {
    this.need(8, 'int64');
    const value = this.buffer.readBigInt64LE(this.position);
    this.position += 8;
    return value;
  }

  /** Reads a NUL-terminated UTF-8 string. */
  cstring(what: Description = 'cstring'): string {
    const nul = this.buffer.indexOf(0, this.position);
    if (nul < 0 || nul >= this.end) {
      throw new MessageFormatError(`unterminated ${text(what)} at offset ${this.position}`);
    }
    const value = this.buffer.toString('utf8', this.position, nul);
    this.position = nul + 1;
    return value;
  }

  /** Returns the next `length` bytes without copying. */
  bytes(length: number, what: Description = 'bytes'): Buffer {
    this.need(length, what);
    const value = this.buffer.subarray(this.position, this.position + length);
    this.position += length;
    return value;
  }

  /** Returns a reader over the next `length` bytes and skips past them. */
  slice(length: number, what: Description): BufferReader {
    this.need(length, what);
    const reader = new BufferReader(this.buffer, this.position, this.position + length);
    this.position += length;
    return reader;
  }

  /** Declared length of the BSON document at the current position, after checking it fits. */
  peekDocumentLength(what: Description): number {
    this.need(4, () => `${text(what)} length`);
    const length = this.buffer.readInt32LE(this.position);
    if (length < MIN_BSON_SIZE || length > this.remaining) {
      throw new MessageFormatError(`invalid BSON in ${text(what)} at offset ${this.position}: declared size ${length} but ${this.remaining} bytes remain`);
    }
    return length;
  }

  /** Reads and decodes one BSON document; `what` names it in error messages. */
  document(what: Description): WireDocument {
    const start = this.position;
    const length = this.peekDocumentLength(what);
    const bytes = this.bytes(length, what);
    try {
      return decodeDocument(bytes);
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      throw new MessageFormatError(`invalid BSON in ${text(what)} at offset ${start}: ${detail}`, 'BadValue', { cause: error });
    }
  }

  private need(length: number, what: Description): void {
    if (length < 0 || this.position + length > this.end) {
      throw new MessageFormatError(`message truncated: ${text(what)} at offset ${this.position} needs ${length} bytes, ${Math.max(0, this.remaining)} remain`);
    }
  }
}
