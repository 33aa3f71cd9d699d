/**
 * One place that decides how BSON crosses the wire. Incoming documents keep
 * their numeric wrapper types (Int32, Double, Long, Decimal128) and regular
 * expressions stay BSONRegExp, which is the engine's in-memory representation;
 * promoting them would turn a stored Double(1.0) into Int32 1.
 */
import { deserialize, serialize } from 'bson';
import type { DeserializeOptions } from 'bson';

/** Options for every document the server reads from a client. */
export const BSON_DESERIALIZE_OPTIONS: Readonly<DeserializeOptions> = Object.freeze({ promoteValues: false, bsonRegExp: true });

/** A BSON document as the wire layer sees it. */
export type WireDocument = Record<string, unknown>;

/** Decodes exactly one BSON document that fills `bytes`; throws bson's error if it is malformed. */
export function decodeDocument(bytes: Uint8Array): WireDocument {
  return deserialize(bytes, BSON_DESERIALIZE_OPTIONS) as WireDocument;
}

/** Encodes a document; wrapper types (Int32, Double, Long...) keep their BSON type. */
export function encodeDocument(document: WireDocument): Buffer {
  const bytes = serialize(document);
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
