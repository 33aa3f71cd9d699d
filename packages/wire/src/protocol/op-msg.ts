/**
 * OP_MSG (opcode 2013): `flagBits`, one or more sections, optional CRC-32C.
 *
 * A kind-0 section holds the command body; a kind-1 section is a document
 * sequence (e.g. the `documents` of an insert) that belongs in the body under
 * its identifier. {@link opMsgCommand} performs that merge.
 */
import { MessageFormatError } from '../errors.js';
import { encodeDocument, type WireDocument } from './bson-codec.js';
import { BufferReader } from './buffer-reader.js';
import { crc32c } from './crc32c.js';
import type { MessageEncoder } from './message-encoder.js';
import { MESSAGE_HEADER_SIZE, readMessageHeader, writeMessageHeader } from './message-header.js';
import { OP_MSG } from './opcodes.js';

/** OP_MSG flag bits. */
export const OP_MSG_FLAGS = Object.freeze({
  /** The message ends with a CRC-32C of everything before it. */
  checksumPresent: 1 << 0,
  /** The sender expects no reply (e.g. `endSessions`, `w:0` writes). */
  moreToCome: 1 << 1,
  /** The client accepts several replies to one request (exhaust cursors). */
  exhaustAllowed: 1 << 16,
} as const);

// Bits 0-15 are "required": a receiver must reject any it does not understand.
const REQUIRED_BITS = 0xffff;
const KNOWN_REQUIRED_BITS = OP_MSG_FLAGS.checksumPresent | OP_MSG_FLAGS.moreToCome;

/** Section kinds. Kind 2 exists but is internal to MongoDB. */
export const OP_MSG_SECTION_KIND = Object.freeze({ body: 0, documentSequence: 1 } as const);

/** One OP_MSG section. */
export type OpMsgSection =
  | { readonly kind: typeof OP_MSG_SECTION_KIND.body; readonly document: WireDocument }
  | { readonly kind: typeof OP_MSG_SECTION_KIND.documentSequence; readonly identifier: string; readonly documents: readonly WireDocument[] };

/** A parsed OP_MSG. */
export interface OpMsg {
  readonly requestId: number;
  readonly responseTo: number;
  readonly flags: number;
  readonly sections: readonly OpMsgSection[];
}

/** Reads only the flag bits, so a reply decision (moreToCome) survives a body that fails to parse. */
export function readOpMsgFlags(message: Buffer): number | undefined {
  return message.length >= MESSAGE_HEADER_SIZE + 4 ? message.readUInt32LE(MESSAGE_HEADER_SIZE) : undefined;
}

/**
 * Parses a complete OP_MSG (header included; `messageLength` must equal the
 * buffer's length). Verifies the checksum when the flag says one is present.
 *
 * @throws MessageFormatError for anything malformed after the header.
 */
export function parseOpMsg(message: Buffer): OpMsg {
  const header = readMessageHeader(message);
  const reader = new BufferReader(message, MESSAGE_HEADER_SIZE);
  const flags = reader.uint32();
  const unknownRequired = flags & REQUIRED_BITS & ~KNOWN_REQUIRED_BITS;
  if (unknownRequired !== 0) {
    throw new MessageFormatError(`OP_MSG has unsupported required flag bits 0x${unknownRequired.toString(16)}`);
  }
  let end = message.length;
  if (flags & OP_MSG_FLAGS.checksumPresent) {
    if (end - MESSAGE_HEADER_SIZE - 4 < 4) throw new MessageFormatError('OP_MSG has checksumPresent set but no room for a checksum');
    end -= 4;
    const expected = message.readUInt32LE(end);
    const actual = crc32c(message.subarray(0, end));
    if (expected !== actual) {
      throw new MessageFormatError(`OP_MSG checksum mismatch: message says 0x${expected.toString(16)}, content has 0x${actual.toString(16)}`);
    }
  }
  const sections = readSections(new BufferReader(message, reader.offset, end));
  return { requestId: header.requestId, responseTo: header.responseTo, flags, sections };
}

function readSections(reader: BufferReader): OpMsgSection[] {
  const sections: OpMsgSection[] = [];
  let bodies = 0;
  while (reader.remaining > 0) {
    const kindOffset = reader.offset;
    const kind = reader.uint8();
    if (kind === OP_MSG_SECTION_KIND.body) {
      bodies++;
      sections.push({ kind, document: reader.document(() => `OP_MSG body section (kind 0) at offset ${kindOffset}`) });
    } else if (kind === OP_MSG_SECTION_KIND.documentSequence) {
      sections.push(readDocumentSequence(reader, kindOffset));
    } else if (kind === 2) {
      throw new MessageFormatError(`OP_MSG section kind 2 at offset ${kindOffset} is internal to MongoDB and not accepted from clients`);
    } else {
      throw new MessageFormatError(`OP_MSG has unknown section kind ${kind} at offset ${kindOffset}`);
    }
  }
  if (bodies !== 1) {
    throw new MessageFormatError(`OP_MSG must have exactly one body section (kind 0), found ${bodies}`);
  }
  return sections;
}

function readDocumentSequence(reader: BufferReader, kindOffset: number): OpMsgSection {
  const size = reader.int32();
  // The size counts itself; it must also cover at least the identifier's NUL.
  if (size < 5 || size - 4 > reader.remaining) {
    throw new MessageFormatError(`OP_MSG document sequence (kind 1) at offset ${kindOffset} declares size ${size}, but ${reader.remaining + 4} bytes remain`);
  }
  const inner = reader.slice(size - 4, 'document sequence');
  const identifier = inner.cstring(() => `document sequence identifier at offset ${inner.offset}`);
  if (identifier === '') throw new MessageFormatError(`OP_MSG document sequence at offset ${kindOffset} has an empty identifier`);
  const documents: WireDocument[] = [];
  while (inner.remaining > 0) documents.push(inner.document(() => `OP_MSG document sequence '${identifier}' document ${documents.length}`));
  return { kind: OP_MSG_SECTION_KIND.documentSequence, identifier, documents };
}

/**
 * The command an OP_MSG carries: the body with every document sequence merged
 * in as an array under its identifier. Without document sequences this is the
 * body section's document itself, not a copy.
 *
 * @throws MessageFormatError if an identifier is repeated or already a body field.
 */
export function opMsgCommand(message: OpMsg): WireDocument {
  let body: WireDocument | undefined;
  for (const section of message.sections) {
    if (section.kind === OP_MSG_SECTION_KIND.body) body = section.document;
  }
  if (body === undefined) throw new MessageFormatError('OP_MSG must have exactly one body section (kind 0), found 0');
  if (message.sections.length === 1) return body;
  const command = extensibleCopy(body);
  for (const section of message.sections) {
    if (section.kind !== OP_MSG_SECTION_KIND.documentSequence) continue;
    if (Object.hasOwn(command, section.identifier)) {
      throw new MessageFormatError(`OP_MSG field '${section.identifier}' appears more than once (in the body or in another document sequence)`);
    }
    command[section.identifier] = [...section.documents];
  }
  return command;
}

/**
 * A shallow copy of a document's own fields. Not `{ ...document }`: V8 adds a
 * property to a spread-created object through a slow path (~0.7 µs, the cost
 * of a whole small command's decoding), and the merge adds one per sequence.
 */
function extensibleCopy(document: WireDocument): WireDocument {
  const copy: WireDocument = {};
  for (const key in document) {
    if (!Object.hasOwn(document, key)) continue;
    // Like the spread: an own `__proto__` field stays a field instead of setting the prototype.
    if (key === '__proto__') Object.defineProperty(copy, key, { value: document[key], enumerable: true, writable: true, configurable: true });
    else copy[key] = document[key];
  }
  return copy;
}

/** What {@link serializeOpMsg} needs. */
export interface OpMsgOptions {
  readonly requestId: number;
  readonly responseTo: number;
  /** Flag bits; `checksumPresent` is managed through {@link OpMsgOptions.checksum}. */
  readonly flags?: number;
  readonly sections: readonly OpMsgSection[];
  /** Append a CRC-32C and set `checksumPresent`. Replies do not need one. */
  readonly checksum?: boolean;
}

/** Encodes an OP_MSG, header included. Throws bson's error if a document cannot be serialized. */
export function serializeOpMsg(options: OpMsgOptions): Buffer {
  const parts: Buffer[] = [];
  let length = MESSAGE_HEADER_SIZE + 4;
  for (const section of options.sections) {
    if (section.kind === OP_MSG_SECTION_KIND.body) {
      const document = encodeDocument(section.document);
      parts.push(Buffer.of(OP_MSG_SECTION_KIND.body), document);
      length += 1 + document.length;
    } else {
      const identifier = Buffer.from(`${section.identifier}\0`, 'utf8');
      const documents = section.documents.map((document) => encodeDocument(document));
      const size = 4 + identifier.length + documents.reduce((sum, document) => sum + document.length, 0);
      const prefix = Buffer.alloc(5);
      prefix.writeUInt8(OP_MSG_SECTION_KIND.documentSequence, 0);
      prefix.writeInt32LE(size, 1);
      parts.push(prefix, identifier, ...documents);
      length += 1 + size;
    }
  }
  const checksum = options.checksum === true;
  if (checksum) length += 4;
  const head = Buffer.alloc(MESSAGE_HEADER_SIZE + 4);
  writeMessageHeader(head, { messageLength: length, requestId: options.requestId, responseTo: options.responseTo, opCode: OP_MSG });
  const flags = ((options.flags ?? 0) & ~OP_MSG_FLAGS.checksumPresent) | (checksum ? OP_MSG_FLAGS.checksumPresent : 0);
  head.writeUInt32LE(flags >>> 0, MESSAGE_HEADER_SIZE);
  const message = Buffer.concat([head, ...parts], length);
  if (checksum) message.writeUInt32LE(crc32c(message.subarray(0, length - 4)), length - 4);
  return message;
}

/** Header, flag bits and the kind byte of the body section. */
const REPLY_PREFIX_SIZE = MESSAGE_HEADER_SIZE + 4 + 1;

/**
 * Encodes a reply: an OP_MSG with no flags and one body section, the shape of
 * every server reply. Same bytes as {@link serializeOpMsg}, built with one
 * copy in `encoder`'s buffer; the result is valid until `encoder` is used again.
 *
 * @throws bson's error if the document cannot be serialized.
 */
export function encodeOpMsgReply(encoder: MessageEncoder, requestId: number, responseTo: number, document: WireDocument): Buffer {
  const message = encoder.encode(REPLY_PREFIX_SIZE, document);
  writeMessageHeader(message, { messageLength: message.length, requestId, responseTo, opCode: OP_MSG });
  message.writeUInt32LE(0, MESSAGE_HEADER_SIZE);
  message[MESSAGE_HEADER_SIZE + 4] = OP_MSG_SECTION_KIND.body;
  return message;
}
