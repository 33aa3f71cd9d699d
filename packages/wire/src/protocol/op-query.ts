/**
 * OP_QUERY (opcode 2004). Drivers still open every connection with an OP_QUERY
 * `isMaster`/`hello` on `admin.$cmd`; Argon accepts it for nothing else.
 */
import { MessageFormatError } from '../errors.js';
import { encodeDocument, type WireDocument } from './bson-codec.js';
import { BufferReader } from './buffer-reader.js';
import { MESSAGE_HEADER_SIZE, readMessageHeader, writeMessageHeader } from './message-header.js';
import { OP_QUERY } from './opcodes.js';

/** A parsed OP_QUERY. */
export interface OpQuery {
  readonly requestId: number;
  readonly flags: number;
  /** `<db>.<collection>`; `<db>.$cmd` for commands. */
  readonly fullCollectionName: string;
  readonly numberToSkip: number;
  readonly numberToReturn: number;
  readonly query: WireDocument;
  readonly returnFieldsSelector?: WireDocument;
}

/** Parses a complete OP_QUERY (header included). @throws MessageFormatError */
export function parseOpQuery(message: Buffer): OpQuery {
  const header = readMessageHeader(message);
  const reader = new BufferReader(message, MESSAGE_HEADER_SIZE);
  const flags = reader.int32();
  const fullCollectionName = reader.cstring('OP_QUERY fullCollectionName');
  const numberToSkip = reader.int32();
  const numberToReturn = reader.int32();
  const query = reader.document('OP_QUERY query');
  const returnFieldsSelector = reader.remaining > 0 ? reader.document('OP_QUERY returnFieldsSelector') : undefined;
  if (reader.remaining > 0) throw new MessageFormatError(`OP_QUERY has ${reader.remaining} unexpected trailing bytes`);
  return {
    requestId: header.requestId,
    flags,
    fullCollectionName,
    numberToSkip,
    numberToReturn,
    query,
    ...(returnFieldsSelector === undefined ? {} : { returnFieldsSelector }),
  };
}

/**
 * The command an OP_QUERY on `<db>.$cmd` carries. Old clients wrap it as
 * `{$query: {...}, $readPreference: ...}`; the wrapper is removed.
 */
export function opQueryCommand(query: OpQuery): { readonly dbName: string; readonly command: WireDocument } | undefined {
  const suffix = '.$cmd';
  if (!query.fullCollectionName.endsWith(suffix)) return undefined;
  const dbName = query.fullCollectionName.slice(0, -suffix.length);
  const wrapped = query.query['$query'] ?? query.query['query'];
  const firstKey = Object.keys(query.query)[0];
  const command = (firstKey === '$query' || firstKey === 'query') && isDocument(wrapped) ? wrapped : query.query;
  return { dbName, command };
}

function isDocument(value: unknown): value is WireDocument {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** What {@link serializeOpQuery} needs (used by tests and tools that act as a client). */
export interface OpQueryOptions {
  readonly requestId: number;
  readonly flags?: number;
  readonly fullCollectionName: string;
  readonly numberToSkip?: number;
  readonly numberToReturn?: number;
  readonly query: WireDocument;
}

/** Encodes an OP_QUERY, header included. */
export function serializeOpQuery(options: OpQueryOptions): Buffer {
  const name = Buffer.from(`${options.fullCollectionName}\0`, 'utf8');
  const query = encodeDocument(options.query);
  const length = MESSAGE_HEADER_SIZE + 4 + name.length + 8 + query.length;
  const message = Buffer.alloc(length);
  writeMessageHeader(message, { messageLength: length, requestId: options.requestId, responseTo: 0, opCode: OP_QUERY });
  let offset = MESSAGE_HEADER_SIZE;
  message.writeInt32LE(options.flags ?? 0, offset);
  offset += 4;
  offset += name.copy(message, offset);
  message.writeInt32LE(options.numberToSkip ?? 0, offset);
  message.writeInt32LE(options.numberToReturn ?? -1, offset + 4);
  query.copy(message, offset + 8);
  return message;
}
