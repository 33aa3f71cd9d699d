import { RawDocument } from '@argon/core';
import { Binary, BSONRegExp, Decimal128, Double, Int32, Long, MaxKey, MinKey, ObjectId, Timestamp, UUID } from 'bson';

/**
 * A fast BSON document decoder for log entries, producing exactly what
 * `bson.deserialize(buf, { promoteValues: false, bsonRegExp: true })` does
 * (same classes, same key order) — a property test checks the equivalence.
 * It exists because recovery reads every entry of the log: the generic
 * deserializer re-parses its options and re-creates every key string per
 * document, which doubles the cost of a million-entry replay. Element names
 * are interned in a small cache, since a log repeats the same few dozen keys.
 *
 * Rare types (symbol, code, code with scope, DBPointer, DBRef-shaped
 * documents) make it return {@link UNSUPPORTED}; the caller then uses
 * `bson.deserialize`.
 */
export const UNSUPPORTED: unique symbol = Symbol('unsupported BSON for the fast decoder');

class Unsupported extends Error {}
// The (buffer, offset) constructor copies the 12 bytes, as bson.deserialize does; it is not in the typings.
const ObjectIdAt = ObjectId as unknown as new (buffer: Uint8Array, offset: number) => ObjectId;
const UNSUPPORTED_ERROR = new Unsupported('unsupported');

const EMPTY = Buffer.alloc(0);
let B: Buffer = EMPTY;
let p = 0;

// Interned strings (element names and short values): an open-addressing table keyed by a hash
// of the bytes. A log repeats the same few dozen keys and values, so nearly every lookup hits and
// no new string is created.
const INTERN_SLOTS = 4096;
const internBytes: (Buffer | undefined)[] = new Array<Buffer | undefined>(INTERN_SLOTS);
const internStrings: string[] = new Array<string>(INTERN_SLOTS);
/** Longest string interned; longer ones are decoded each time. */
const INTERN_MAX = 32;

function corrupt(what: string): Error {
  return new Error(`corrupt BSON: ${what} at byte ${p}`);
}

// Decodes [start, end) as UTF-8, through the intern table when short.
function interned(start: number, end: number, ascii: boolean, h: number): string {
  const len = end - start;
  if (len > INTERN_MAX) return B.toString(ascii ? 'latin1' : 'utf8', start, end);
  const slot = (h ^ len) & (INTERN_SLOTS - 1);
  const bytes = internBytes[slot];
  if (bytes !== undefined && bytes.length === len) {
    let i = 0;
    while (i < len && bytes[i] === B[start + i]) i++;
    if (i === len) return internStrings[slot]!;
  }
  const str = B.toString(ascii ? 'latin1' : 'utf8', start, end);
  internBytes[slot] = Buffer.from(B.subarray(start, end));
  internStrings[slot] = str;
  return str;
}

function readKey(): string {
  const start = p;
  let h = 0x811c9dc5;
  let ascii = true;
  let c = B[p];
  while (c !== 0) {
    if (c === undefined) throw corrupt('unterminated element name');
    h = Math.imul(h ^ c, 0x01000193);
    if (c > 0x7f) ascii = false;
    c = B[++p];
  }
  return interned(start, p++, ascii, h >>> 0);
}

// Moves past an element name; returns its length in bytes.
function skipKey(): number {
  const start = p;
  while (B[p] !== 0) {
    if (p >= B.length) throw corrupt('unterminated element name');
    p++;
  }
  return p++ - start;
}

function readString(): string {
  const size = B.readInt32LE(p);
  p += 4;
  if (size <= 0 || p + size > B.length || B[p + size - 1] !== 0) throw corrupt('bad string length');
  const end = p + size - 1;
  let str: string;
  if (size - 1 <= INTERN_MAX) {
    let h = 0x811c9dc5;
    let ascii = true;
    for (let i = p; i < end; i++) {
      const c = B[i]!;
      h = Math.imul(h ^ c, 0x01000193);
      if (c > 0x7f) ascii = false;
    }
    str = interned(p, end, ascii, h >>> 0);
  } else {
    str = B.toString('utf8', p, end);
  }
  p += size;
  return str;
}

function readCString(): string {
  const start = p;
  while (B[p] !== 0) {
    if (p >= B.length) throw corrupt('unterminated cstring');
    p++;
  }
  return B.toString('utf8', start, p++);
}

function readValue(type: number): unknown {
  let v: unknown;
  switch (type) {
    case 0x01:
      v = new Double(B.readDoubleLE(p));
      p += 8;
      return v;
    case 0x02:
      return readString();
    case 0x03:
      return readObject();
    case 0x04:
      return readArray();
    case 0x05: {
      const size = B.readInt32LE(p);
      const sub = B[p + 4]!;
      p += 5;
      if (size < 0 || p + size > B.length) throw corrupt('bad binary length');
      if (sub === 0x02) throw UNSUPPORTED_ERROR; // old binary subtype with an inner length
      const bin = new Binary(B.subarray(p, p + size), sub);
      p += size;
      return sub === 0x04 && UUID.isValid(bin) ? bin.toUUID() : bin;
    }
    case 0x06:
      return undefined;
    case 0x07:
      v = new ObjectIdAt(B, p);
      p += 12;
      return v;
    case 0x08: {
      const b = B[p++];
      if (b !== 0 && b !== 1) throw corrupt('illegal boolean');
      return b === 1;
    }
    case 0x09: {
      const lo = B.readInt32LE(p);
      const hi = B.readInt32LE(p + 4);
      p += 8;
      return new Date(new Long(lo, hi).toNumber());
    }
    case 0x0a:
      return null;
    case 0x0b: {
      const source = readCString();
      const options = readCString();
      return new BSONRegExp(source, options);
    }
    case 0x10:
      v = new Int32(B.readInt32LE(p));
      p += 4;
      return v;
    case 0x11:
      v = new Timestamp({ i: B.readUInt32LE(p), t: B.readUInt32LE(p + 4) });
      p += 8;
      return v;
    case 0x12:
      v = new Long(B.readInt32LE(p), B.readInt32LE(p + 4));
      p += 8;
      return v;
    case 0x13: {
      const bytes = Buffer.allocUnsafe(16);
      B.copy(bytes, 0, p, p + 16);
      p += 16;
      return new Decimal128(bytes);
    }
    case 0xff:
      return new MinKey();
    case 0x7f:
      return new MaxKey();
    default:
      throw UNSUPPORTED_ERROR;
  }
}

function readObject(envelope = false): Record<string, unknown> {
  const size = B.readInt32LE(p);
  const end = p + size;
  if (size < 5 || end > B.length) throw corrupt('bad document length');
  p += 4;
  const obj: Record<string, unknown> = {};
  for (;;) {
    const type = B[p++]!;
    if (type === 0) break;
    const key = readKey();
    // `$ref` may make this a DBRef; leave that to the reference decoder.
    if (key === '$ref') throw UNSUPPORTED_ERROR;
    // The entry envelope's lsn and ts become plain numbers directly (no wrapper to throw away).
    const value = envelope && (key === 'lsn' || key === 'ts') ? readNumber(type) : readValue(type);
    if (key === '__proto__') Object.defineProperty(obj, key, { value, writable: true, enumerable: true, configurable: true });
    else obj[key] = value;
  }
  if (p !== end) throw corrupt('document not properly terminated');
  return obj;
}

/**
 * The fields replay reads from a put or delete entry, in one fixed shape:
 * building entries key by key made the object creation alone a fifth of a
 * million-entry replay.
 */
class ReplayEntry {
  project = '';
  lsn = NaN;
  ts = NaN;
  kind = '';
  collection = '';
  branchId = '';
  id: unknown = undefined;
  post: RawDocument | undefined = undefined;
  op: Readonly<Record<string, unknown>> | undefined = undefined;
  actor: string | undefined = undefined;
}

// Element names as they appear in an entry, NUL terminator included, so that a
// match also ends the name ('op' does not match the start of 'opId').
const K_TS = Buffer.from('ts\0', 'latin1');
const K_ID = Buffer.from('id\0', 'latin1');
const K_OP = Buffer.from('op\0', 'latin1');
const K_LSN = Buffer.from('lsn\0', 'latin1');
const K_PRE = Buffer.from('pre\0', 'latin1');
const K_KIND = Buffer.from('kind\0', 'latin1');
const K_POST = Buffer.from('post\0', 'latin1');
const K_OPID = Buffer.from('opId\0', 'latin1');
const K_ACTOR = Buffer.from('actor\0', 'latin1');
const K_PROJECT = Buffer.from('project\0', 'latin1');
const K_BRANCH = Buffer.from('branchId\0', 'latin1');
const K_COLLECTION = Buffer.from('collection\0', 'latin1');
const K_TYPE = Buffer.from('type\0', 'latin1');

function keyEquals(start: number, name: Buffer): boolean {
  for (let i = 0; i < name.length; i++) if (B[start + i] !== name[i]) return false;
  return true;
}

/**
 * Moves past the element name at `p` if it is `name` (NUL-terminated). Past
 * the buffer's end a byte reads as undefined and never matches, so no
 * bounds check is needed; a replay entry's name is recognised without first
 * scanning for its end.
 */
function takeName(name: Buffer): boolean {
  if (!keyEquals(p, name)) return false;
  p += name.length;
  return true;
}

function readStringValue(type: number): string {
  if (type !== 0x02) throw UNSUPPORTED_ERROR;
  return readString();
}

/**
 * A string field that usually repeats the previous entry's value (project,
 * collection, branch): compared in place with the bytes it was decoded from
 * last time, so the common case neither hashes nor allocates.
 */
class RepeatedString {
  // A copy: the buffer the value came from may be changed or reused by its owner.
  private bytes: Buffer = EMPTY;
  private value = '';

  read(type: number): string {
    if (type !== 0x02) throw UNSUPPORTED_ERROR;
    const size = B.readInt32LE(p);
    const len = size - 1;
    const from = p + 4;
    const last = this.bytes;
    if (len === last.length && from + size <= B.length && B[from + len] === 0) {
      let i = 0;
      while (i < len && B[from + i] === last[i]) i++;
      if (i === len) {
        p = from + size;
        return this.value;
      }
    }
    const value = readString();
    this.bytes = Buffer.from(B.subarray(from, from + Math.max(0, len)));
    this.value = value;
    return value;
  }
}
const PROJECT_VALUE = new RepeatedString();
const COLLECTION_VALUE = new RepeatedString();
const BRANCH_VALUE = new RepeatedString();

// A put or delete entry read for replay, recognising its keys by their bytes; any other key
// (catalog entries, fields added later) throws UNSUPPORTED_ERROR and the entry is decoded in full.
function readReplayEntry(): ReplayEntry {
  const size = B.readInt32LE(p);
  const end = p + size;
  if (size < 5 || end > B.length) throw corrupt('bad document length');
  p += 4;
  const e = new ReplayEntry();
  for (;;) {
    // A value whose length ran past the entry (damage) must not read as an unknown field.
    if (p >= end) throw corrupt('document not properly terminated');
    const type = B[p++]!;
    if (type === 0) break;
    // Dispatch on the name's first byte, then match the whole name in place.
    switch (B[p]) {
      case 0x6c: // l
        if (takeName(K_LSN)) {
          e.lsn = readNumber(type);
          continue;
        }
        break;
      case 0x74: // t
        if (takeName(K_TS)) {
          e.ts = readNumber(type);
          continue;
        }
        break;
      case 0x69: // i
        if (takeName(K_ID)) {
          e.id = readValue(type);
          continue;
        }
        break;
      case 0x6b: // k
        if (takeName(K_KIND)) {
          e.kind = readKind(type);
          continue;
        }
        break;
      case 0x63: // c
        if (takeName(K_COLLECTION)) {
          e.collection = COLLECTION_VALUE.read(type);
          continue;
        }
        break;
      case 0x62: // b
        if (takeName(K_BRANCH)) {
          e.branchId = BRANCH_VALUE.read(type);
          continue;
        }
        break;
      case 0x61: // a
        if (takeName(K_ACTOR)) {
          e.actor = readStringValue(type);
          continue;
        }
        break;
      case 0x6f: // o
        if (type === 0x03 && takeName(K_OP)) {
          e.op = readOpType();
          continue;
        }
        if (takeName(K_OPID)) {
          skipValue(type);
          continue;
        }
        break;
      case 0x70: // p
        if (type === 0x03 && takeName(K_POST)) {
          e.post = rawDocument();
          continue;
        }
        if (takeName(K_PRE)) {
          skipValue(type);
          continue;
        }
        if (takeName(K_PROJECT)) {
          e.project = PROJECT_VALUE.read(type);
          continue;
        }
        break;
    }
    throw UNSUPPORTED_ERROR;
  }
  if (p !== end) throw corrupt('document not properly terminated');
  if (e.kind !== 'put' && e.kind !== 'delete') throw UNSUPPORTED_ERROR;
  return e;
}

/**
 * Decodes a put or delete entry for replay into a fixed-shape object: `pre`,
 * `opId` and every field of `op` but `type` are skipped, and `post` stays a
 * RawDocument. Returns {@link UNSUPPORTED} for any other entry or unexpected
 * field, which the caller then decodes in full.
 */
export function decodeReplayEntry(buf: Buffer, start: number): Record<string, unknown> | typeof UNSUPPORTED {
  B = buf;
  p = start;
  try {
    return readReplayEntry() as unknown as Record<string, unknown>;
  } catch (err) {
    if (err === UNSUPPORTED_ERROR) return UNSUPPORTED;
    throw err;
  } finally {
    B = EMPTY;
  }
}

const V_PUT = Buffer.from('put\0', 'latin1');
const V_DELETE = Buffer.from('delete\0', 'latin1');

// The entry kind, recognised by its bytes (replay reads only puts and deletes).
function readKind(type: number): string {
  if (type !== 0x02) throw UNSUPPORTED_ERROR;
  const size = B.readInt32LE(p);
  if (size === V_PUT.length && keyEquals(p + 4, V_PUT)) {
    p += 4 + size;
    return 'put';
  }
  if (size === V_DELETE.length && keyEquals(p + 4, V_DELETE)) {
    p += 4 + size;
    return 'delete';
  }
  return readString();
}

// Replay stores the post-image as it is; it is decoded when first read.
function rawDocument(): RawDocument {
  const size = B.readInt32LE(p);
  if (size < 5 || p + size > B.length || B[p + size - 1] !== 0) throw corrupt('bad document length');
  const raw = new RawDocument(B, p);
  p += size;
  return raw;
}

// One shared `{type}` per operation type: replay only reads it, and a million entries need no million objects.
const OP_OF_TYPE = new Map<string, Readonly<Record<string, unknown>>>();
const NO_TYPE: Readonly<Record<string, unknown>> = Object.freeze({});

// Replay needs only the audit op's `type`; its filter and update can be large.
function readOpType(): Readonly<Record<string, unknown>> {
  const end = p + B.readInt32LE(p);
  if (end > B.length) throw corrupt('bad document length');
  p += 4;
  let op = NO_TYPE;
  for (;;) {
    const type = B[p++]!;
    if (type === 0) break;
    // The key is compared in place: building strings for filter and update keys was wasted.
    if (type === 0x02 && takeName(K_TYPE)) {
      const t = readString();
      let shared = OP_OF_TYPE.get(t);
      if (shared === undefined) {
        shared = Object.freeze({ type: t });
        if (OP_OF_TYPE.size < 64) OP_OF_TYPE.set(t, shared);
      }
      op = shared;
      // Nothing after the type is read: jump to the end (the frame CRC vouches for the bytes in between).
      if (B[end - 1] !== 0) throw corrupt('document not properly terminated');
      p = end;
      return op;
    }
    skipKey();
    skipValue(type);
  }
  if (p !== end) throw corrupt('document not properly terminated');
  return op;
}

// Moves past a value without decoding it.
function skipValue(type: number): void {
  switch (type) {
    case 0x06:
    case 0x0a:
    case 0xff:
    case 0x7f:
      return;
    case 0x08:
      p += 1;
      return;
    case 0x10:
      p += 4;
      return;
    case 0x01:
    case 0x09:
    case 0x11:
    case 0x12:
      p += 8;
      return;
    case 0x07:
      p += 12;
      return;
    case 0x13:
      p += 16;
      return;
    case 0x02:
      p += 4 + B.readInt32LE(p);
      return;
    case 0x05:
      p += 5 + B.readInt32LE(p);
      return;
    case 0x03:
    case 0x04: {
      const size = B.readInt32LE(p);
      if (size < 5) throw corrupt('bad document length');
      p += size;
      return;
    }
    case 0x0b:
      readCString();
      readCString();
      return;
    default:
      throw UNSUPPORTED_ERROR;
  }
}

function readNumber(type: number): number {
  let n: number;
  if (type === 0x10) n = B.readInt32LE(p);
  else if (type === 0x01) n = B.readDoubleLE(p);
  else if (type === 0x12) n = new Long(B.readInt32LE(p), B.readInt32LE(p + 4)).toNumber();
  else throw UNSUPPORTED_ERROR;
  p += type === 0x10 ? 4 : 8;
  return n;
}

function readArray(): unknown[] {
  const size = B.readInt32LE(p);
  const end = p + size;
  if (size < 5 || end > B.length) throw corrupt('bad array length');
  p += 4;
  const arr: unknown[] = [];
  for (;;) {
    const type = B[p++]!;
    if (type === 0) break;
    skipKey();
    arr.push(readValue(type));
  }
  if (p !== end) throw corrupt('array not properly terminated');
  return arr;
}

/**
 * Decodes the BSON document at `start` of `buf`, or returns
 * {@link UNSUPPORTED}. With `envelope`, top-level `lsn` and `ts` are
 * returned as plain numbers rather than Int32/Double/Long. Values may be views into `buf` (Binary), as with
 * `bson.deserialize`.
 */
export function decodeDocument(buf: Buffer, start: number, envelope = false): Record<string, unknown> | typeof UNSUPPORTED {
  B = buf;
  p = start;
  try {
    return readObject(envelope);
  } catch (err) {
    if (err === UNSUPPORTED_ERROR) return UNSUPPORTED;
    throw err;
  } finally {
    B = EMPTY;
  }
}

