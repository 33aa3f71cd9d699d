/**
 * OP_REPLY (opcode 1), the answer to an OP_QUERY. Argon only sends it for the
 * handshake, always with a single document and cursor id 0.
 */
import { encodeDocument, type WireDocument } from './bson-codec.js';
import { BufferReader } from './buffer-reader.js';
import type { MessageEncoder } from './message-encoder.js';
import { MESSAGE_HEADER_SIZE, readMessageHeader, writeMessageHeader } from './message-header.js';
import { OP_REPLY } from './opcodes.js';

/** Bytes between the header and the first document. */
const OP_REPLY_FIXED_SIZE = 4 + 8 + 4 + 4;

/** A parsed OP_REPLY. */
export interface OpReply {
  readonly requestId: number;
  readonly responseTo: number;
  readonly responseFlags: number;
  readonly cursorId: bigint;
  readonly startingFrom: number;
  readonly documents: readonly WireDocument[];
}

/** What {@link serializeOpReply} needs. */
export interface OpReplyOptions {
  readonly requestId: number;
  readonly responseTo: number;
  readonly responseFlags?: number;
  readonly cursorId?: bigint;
  readonly startingFrom?: number;
  readonly documents: readonly WireDocument[];
}

/** Encodes an OP_REPLY, header included. Throws bson's error if a document cannot be serialized. */
export function serializeOpReply(options: OpReplyOptions): Buffer {
  const documents = options.documents.map((document) => encodeDocument(document));
  const length = MESSAGE_HEADER_SIZE + OP_REPLY_FIXED_SIZE + documents.reduce((sum, document) => sum + document.length, 0);
  const head = Buffer.alloc(MESSAGE_HEADER_SIZE + OP_REPLY_FIXED_SIZE);
  writeMessageHeader(head, { messageLength: length, requestId: options.requestId, responseTo: options.responseTo, opCode: OP_REPLY });
  let offset = MESSAGE_HEADER_SIZE;
  head.writeInt32LE(options.responseFlags ?? 0, offset);
  head.writeBigInt64LE(options.cursorId ?? 0n, offset + 4);
  head.writeInt32LE(options.startingFrom ?? 0, offset + 12);
  head.writeInt32LE(documents.length, offset + 16);
  return Buffer.concat([head, ...documents], length);
}

/**
 * Encodes an OP_REPLY with one document, no flags and cursor id 0 (the
 * handshake reply). Same bytes as {@link serializeOpReply}, built with one copy
 * in `encoder`'s buffer; the result is valid until `encoder` is used again.
 *
 * @throws bson's error if the document cannot be serialized.
 */
export function encodeOpReply(encoder: MessageEncoder, requestId: number, responseTo: number, document: WireDocument): Buffer {
  const message = encoder.encode(MESSAGE_HEADER_SIZE + OP_REPLY_FIXED_SIZE, document);
  writeMessageHeader(message, { messageLength: message.length, requestId, responseTo, opCode: OP_REPLY });
  // responseFlags, cursorId (8 bytes), startingFrom: all 0; numberReturned: 1.
  message.fill(0, MESSAGE_HEADER_SIZE, MESSAGE_HEADER_SIZE + 16);
  message.writeInt32LE(1, MESSAGE_HEADER_SIZE + 16);
  return message;
}

/** Parses a complete OP_REPLY (used by tests and tools that act as a client). @throws MessageFormatError */
export function parseOpReply(message: Buffer): OpReply {
  const header = readMessageHeader(message);
  const reader = new BufferReader(message, MESSAGE_HEADER_SIZE);
  const responseFlags = reader.int32();
  const cursorId = reader.int64();
  const startingFrom = reader.int32();
  const numberReturned = reader.int32();
  const documents: WireDocument[] = [];
  for (let i = 0; i < numberReturned; i++) documents.push(reader.document(`OP_REPLY document ${i}`));
  return { requestId: header.requestId, responseTo: header.responseTo, responseFlags, cursorId, startingFrom, documents };
}
