/**
 * Encodes outgoing messages that carry one BSON document (an OP_MSG or
 * OP_REPLY reply) into a buffer reused from one message to the next. bson
 * copies the document there once, next to room for the header: no per-reply
 * allocation, no second copy to join header and body.
 *
 * The buffer is shared, so a message must be handed to the socket before the
 * next one is encoded; if the socket keeps a reference (it could not write
 * the bytes at once), {@link MessageEncoder.detach} gives the encoder fresh
 * memory for the next message.
 */
import { serialize, serializeWithBufferAndIndex } from 'bson';
import type { WireDocument } from './bson-codec.js';

/** Initial size of the reusable buffer; replies of up to ~60 documents of 1 KB fit. */
const INITIAL_BYTES = 64 * 1024;
/** The reusable buffer never grows past this; larger messages get a buffer of their own. */
const MAX_REUSED_BYTES = 16 * 1024 * 1024;

/** Encodes one-document messages into a reusable buffer. */
export class MessageEncoder {
  private buffer: Buffer;

  constructor(private readonly initialBytes = INITIAL_BYTES) {
    this.buffer = Buffer.allocUnsafeSlow(initialBytes);
  }

  /**
   * Serializes `document` after `prefixLength` bytes that the caller then
   * fills (header and opcode-specific fields). The result is a view over the
   * reusable buffer, valid until the next call unless {@link detach} is
   * called; a message too large for that buffer gets one of its own.
   *
   * @throws bson's error if the document cannot be serialized (RangeError when it is too large).
   */
  encode(prefixLength: number, document: WireDocument): Buffer {
    try {
      const last = serializeWithBufferAndIndex(document, this.buffer, { index: prefixLength });
      return this.buffer.subarray(0, last + 1);
    } catch (error) {
      // The document does not fit the buffer, or not in BSON at all: serialize
      // rethrows in the latter case.
      if (!(error instanceof RangeError)) throw error;
    }
    const bytes = serialize(document);
    const message = Buffer.allocUnsafe(prefixLength + bytes.length);
    message.set(bytes, prefixLength);
    if (message.length <= MAX_REUSED_BYTES) this.buffer = Buffer.allocUnsafeSlow(Math.min(MAX_REUSED_BYTES, 2 ** Math.ceil(Math.log2(message.length))));
    return message;
  }

  /**
   * The last message is still referenced elsewhere: encode the next one into
   * new memory. The new buffer starts small again, so that a client that
   * stops reading holds at most the buffer it was written from.
   */
  detach(): void {
    this.buffer = Buffer.allocUnsafeSlow(this.initialBytes);
  }
}
