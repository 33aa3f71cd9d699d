/**
 * A BSON encoder for log entries and checkpoint images that writes straight
 * into its destination buffer and produces exactly the bytes `bson.serialize(doc,
 * { ignoreUndefined: true })` does (a property test checks the equivalence).
 *
 * It exists because encoding is most of the append path's CPU: `serialize`
 * encodes into a scratch buffer and copies the result out (one allocation
 * per entry, then a second copy into the frame), checks every key with a
 * regular expression, tracks visited objects in a Set, and walks an
 * explicit stack of frame objects. Here keys and short ASCII strings are
 * written by a plain loop, nesting is bounded by a depth limit instead of a
 * Set, and the bytes land in their final place: about half the CPU of
 * `serialize` for the benchmark's 1 KB documents.
 *
 * Versions still held as {@link RawDocument} are copied as they are.
 *
 * Anything uncommon (Code, Symbol, DBRef, native RegExp, bigint, Map,
 * objects with `toBSON`, BSON values of another library version, keys with
 * NUL bytes, very deep nesting) makes it give up with {@link UNENCODABLE};
 * the caller then uses `bson.serialize`, which serializes or rejects them
 * the way it always did.
 */

import { RawDocument } from '../engine/raw-document.js';

/** Thrown (as this value) when the document needs `bson.serialize`. */
export const UNENCODABLE: unique symbol = Symbol('needs bson.serialize');

const BSON_VERSION = Symbol.for('@@mdb.bson.version');
const BSON_TYPE = Symbol.for('@@mdb.bson.type');
/** The `bson` major version whose classes this encoder knows (as `serialize` checks). */
const BSON_MAJOR = 7;
/** Deeper documents go through `bson.serialize` (which detects cycles). */
const MAX_DEPTH = 150;
/**
 * Strings up to this many UTF-16 units are tried as ASCII in a JS loop;
 * longer ones use the native encoder, which is faster from about a dozen
 * characters on (measured: 90-character values encode twice as fast natively).
 */
const ASCII_LOOP_MAX = 12;

/**
 * Node's UTF-8 writer without `Buffer.write`'s argument parsing (a third of
 * the encoder's time on 90-character strings); plain `write` elsewhere.
 */
type Utf8Write = (this: Buffer, s: string, offset: number) => number;
const nodeUtf8Write = (Buffer.prototype as unknown as { utf8Write?: Utf8Write }).utf8Write;
const utf8Write: Utf8Write = typeof nodeUtf8Write === 'function' ? nodeUtf8Write : function (this: Buffer, s, offset) { return this.write(s, offset, 'utf8'); };

const INT32_MIN = -0x80000000;
const INT32_MAX = 0x7fffffff;

/** One run of consecutive cacheable fields of the last entry written (see `BsonWriter.writeEntry`). */
interface EntryRun {
  keys: string[];
  values: unknown[];
  /** Offset just past each field's bytes, from the start of the run. */
  ends: number[];
  count: number;
  bytes: Buffer;
}

/**
 * A growable byte buffer that BSON documents and frames are written into.
 * {@link BsonWriter.bytes} is the backing buffer; callers copy out what they
 * keep before the next use.
 */
export class BsonWriter {
  bytes: Buffer;
  pos = 0;
  private view: DataView;

  constructor(private readonly initialBytes = 1 << 16) {
    this.bytes = Buffer.allocUnsafe(initialBytes);
    this.view = new DataView(this.bytes.buffer, this.bytes.byteOffset, this.bytes.length);
  }

  /** Makes room for `n` more bytes after `pos`. */
  ensure(n: number): void {
    const need = this.pos + n;
    if (need <= this.bytes.length) return;
    let size = this.bytes.length * 2;
    while (size < need) size *= 2;
    const next = Buffer.allocUnsafe(size);
    this.bytes.copy(next, 0, 0, this.pos);
    this.bytes = next;
    this.view = new DataView(next.buffer, next.byteOffset, next.length);
  }

  /** Hands over the bytes written so far (a view of the buffer, not a copy) and starts a new buffer. */
  detach(): Buffer {
    const out = this.bytes.subarray(0, this.pos);
    this.bytes = Buffer.allocUnsafe(this.initialBytes);
    this.view = new DataView(this.bytes.buffer, this.bytes.byteOffset, this.bytes.length);
    this.pos = 0;
    return out;
  }

  /** Drops a buffer that grew past `keepBytes` (after a huge entry) so it is not held forever. */
  shrink(keepBytes = 1 << 22): void {
    this.pos = 0;
    if (this.bytes.length > keepBytes) {
      this.bytes = Buffer.allocUnsafe(this.initialBytes);
      this.view = new DataView(this.bytes.buffer, this.bytes.byteOffset, this.bytes.length);
    }
  }

  /** Appends `src` (room is made). */
  writeBytes(src: Uint8Array): void {
    this.ensure(src.length);
    this.bytes.set(src, this.pos);
    this.pos += src.length;
  }

  /**
   * Encodes `doc` at `pos` as `bson.serialize(doc, { ignoreUndefined: true })`
   * would. On {@link UNENCODABLE} `pos` is back where it was.
   */
  writeDocument(doc: Record<string, unknown>): void {
    const start = this.pos;
    try {
      this.document(doc, false, 0);
    } catch (err) {
      this.pos = start;
      throw err;
    }
  }

  /**
   * Encodes a log entry as `bson.serialize(Object.assign({ project, lsn, ts }, e),
   * { ignoreUndefined: true })` would: those three fields first, then the
   * entry's others in their order. On {@link UNENCODABLE} `pos` is back where it was.
   *
   * The entries of a batch differ only in `lsn`, `id`, `post` and `pre`: the
   * runs of fields between those (project; ts, kind, collection; op, branch,
   * opId...) are copied from the previous entry's bytes when their names and
   * values are the same (`Object.is`, so objects by identity), which is most
   * of the encoding of an entry with a small document.
   */
  writeEntry(e: { readonly project: string; readonly lsn: number; readonly ts: number }): void {
    const start = this.openDocument();
    const rec = e as unknown as Record<string, unknown>;
    try {
      this.run = 0;
      this.runFields = 0;
      this.entryField('project', e.project);
      this.entryField('lsn', e.lsn);
      this.entryField('ts', e.ts);
      const keys = Object.keys(e);
      for (let i = 0; i < keys.length; i++) {
        const key = keys[i]!;
        if (key !== 'project' && key !== 'lsn' && key !== 'ts') this.entryField(key, rec[key]);
      }
      this.endRun();
      this.closeDocument(start);
    } catch (err) {
      this.pos = start;
      // A run cut short by the error must not be kept as the cache of its fields.
      this.runs.length = 0;
      throw err;
    }
  }

  // The run cache of writeEntry: runs[r] holds the r-th run of the previous entry.
  private readonly runs: EntryRun[] = [];
  private run = 0;
  // Fields seen in the open run, and how many of them so far equal the cached run's.
  private runFields = 0;
  private runMatched = 0;
  private runStart = 0;

  // One top-level field of an entry: either part of a cacheable run, or one that differs per entry.
  private entryField(key: string, value: unknown): void {
    if (value === undefined) return;
    if (key === 'lsn' || key === 'id' || key === 'post' || (key === 'pre' && value !== null)) {
      this.endRun();
      this.element(key, value, false, 0);
      return;
    }
    const i = this.runFields++;
    let c = this.runs[this.run];
    if (i === 0) {
      this.runStart = this.pos;
      this.runMatched = 0;
    }
    if (c !== undefined && this.runMatched === i && i < c.count && c.keys[i] === key && Object.is(c.values[i], value)) {
      // Still a prefix of the cached run: its bytes are copied when the run ends.
      this.runMatched = i + 1;
      return;
    }
    if (this.runMatched === i && i > 0) {
      // The cached prefix stops here: write its bytes, then encode from this field on.
      this.copyRunPrefix(c!, i);
    }
    c ??= this.runs[this.run] = { keys: [], values: [], ends: [], count: 0, bytes: Buffer.alloc(0) };
    this.runMatched = -1;
    this.element(key, value, false, 0);
    c.keys[i] = key;
    c.values[i] = value;
    c.ends[i] = this.pos - this.runStart;
  }

  private copyRunPrefix(c: EntryRun, fields: number): void {
    const n = fields === c.count ? c.bytes.length : c.ends[fields - 1]!;
    this.ensure(n);
    c.bytes.copy(this.bytes, this.pos, 0, n);
    this.pos += n;
  }

  // Closes the open run: copies the cached bytes when every field matched, else caches the new ones.
  private endRun(): void {
    const fields = this.runFields;
    if (fields === 0) return;
    const c = this.runs[this.run]!;
    if (this.runMatched === fields && fields === c.count) {
      this.copyRunPrefix(c, fields);
    } else {
      if (this.runMatched === fields) this.copyRunPrefix(c, fields); // a shorter run than the cached one
      c.count = fields;
      c.keys.length = fields;
      c.values.length = fields;
      c.ends.length = fields;
      const n = this.pos - this.runStart;
      if (c.bytes.length < n) c.bytes = Buffer.allocUnsafe(Math.max(n, 64));
      this.bytes.copy(c.bytes, 0, this.runStart, this.pos);
      if (c.bytes.length !== n) c.bytes = c.bytes.subarray(0, n);
    }
    this.run++;
    this.runFields = 0;
  }

  /** Starts a top-level document at `pos`; returns its start for {@link closeDocument}. */
  openDocument(): number {
    this.ensure(4);
    const start = this.pos;
    this.pos += 4;
    return start;
  }

  /** Starts an embedded document (or array) field; returns its start for {@link closeDocument}. */
  openField(key: string, isArray: boolean): number {
    this.name(isArray ? 0x04 : 0x03, key);
    return this.openDocument();
  }

  /** Ends the document started at `start` (its terminator and length). */
  closeDocument(start: number): void {
    this.ensure(1);
    this.bytes[this.pos++] = 0;
    this.view.setInt32(start, this.pos - start, true);
  }

  /**
   * Starts a binary field (subtype 0) whose bytes are written next, e.g. a
   * whole document; returns its start for {@link closeBinaryField}.
   */
  openBinaryField(key: string): number {
    this.name(0x05, key);
    this.ensure(5);
    const start = this.pos;
    this.bytes[start + 4] = 0;
    this.pos += 5;
    return start;
  }

  /** Ends the binary field started at `start`. */
  closeBinaryField(start: number): void {
    this.view.setInt32(start, this.pos - start - 5, true);
  }

  /** Writes one field; on {@link UNENCODABLE} `pos` is back where it was. */
  field(key: string, value: unknown): void {
    const start = this.pos;
    try {
      this.element(key, value, false, 0);
    } catch (err) {
      this.pos = start;
      throw err;
    }
  }

  /** Writes an embedded document field from its BSON bytes (e.g. `bson.serialize`'s output). */
  documentBytesField(key: string, bytes: Uint8Array): void {
    this.name(0x03, key);
    this.writeBytes(bytes);
  }

  private document(doc: object, isArray: boolean, depth: number): void {
    if (depth > MAX_DEPTH) throw UNENCODABLE;
    const start = this.openDocument();
    if (isArray) {
      const arr = doc as unknown[];
      for (let i = 0; i < arr.length; i++) this.element(String(i), arr[i], true, depth);
    } else {
      const keys = Object.keys(doc);
      for (let i = 0; i < keys.length; i++) {
        const key = keys[i]!;
        this.element(key, (doc as Record<string, unknown>)[key], false, depth);
      }
    }
    this.closeDocument(start);
  }

  // Type byte and element name; returns nothing, leaves pos after the name's NUL.
  private name(type: number, key: string): void {
    const n = key.length;
    this.ensure(2 + n * 3);
    const b = this.bytes;
    let p = this.pos;
    b[p++] = type;
    for (let i = 0; i < n; i++) {
      const c = key.charCodeAt(i);
      if (c === 0) throw UNENCODABLE; // serialize rejects it
      if (c > 0x7f) {
        p = this.pos + 1 + utf8Write.call(b, key, this.pos + 1);
        if (key.includes('\0')) throw UNENCODABLE;
        break;
      }
      b[p++] = c;
    }
    b[p++] = 0;
    this.pos = p;
  }

  private string(s: string): void {
    const n = s.length;
    this.ensure(5 + n * 3);
    const b = this.bytes;
    const lenAt = this.pos;
    let p = lenAt + 4;
    if (n <= ASCII_LOOP_MAX) {
      let i = 0;
      for (; i < n; i++) {
        const c = s.charCodeAt(i);
        if (c > 0x7f) break;
        b[p++] = c;
      }
      if (i < n) p = lenAt + 4 + utf8Write.call(b, s, lenAt + 4);
    } else {
      p += utf8Write.call(b, s, p);
    }
    b[p++] = 0;
    this.view.setInt32(lenAt, p - lenAt - 4, true);
    this.pos = p;
  }

  private int32(v: number): void {
    this.view.setInt32(this.pos, v, true);
    this.pos += 4;
  }

  private float64(v: number): void {
    this.view.setFloat64(this.pos, v, true);
    this.pos += 8;
  }

  private element(key: string, value: unknown, inArray: boolean, depth: number): void {
    switch (typeof value) {
      case 'string':
        this.name(0x02, key);
        this.string(value);
        return;
      case 'number':
        if (Number.isSafeInteger(value) && value >= INT32_MIN && value <= INT32_MAX && !Object.is(value, -0)) {
          this.name(0x10, key);
          this.ensure(4);
          this.int32(value);
        } else {
          this.name(0x01, key);
          this.ensure(8);
          this.float64(value);
        }
        return;
      case 'boolean':
        this.name(0x08, key);
        this.ensure(1);
        this.bytes[this.pos++] = value ? 1 : 0;
        return;
      case 'undefined':
        // ignoreUndefined drops the field; in an array it is a null.
        if (inArray) this.name(0x0a, key);
        return;
      case 'object':
        if (value === null) {
          this.name(0x0a, key);
          return;
        }
        this.object(key, value, depth);
        return;
      default:
        throw UNENCODABLE; // bigint, symbol, function
    }
  }

  private object(key: string, value: object, depth: number): void {
    if (typeof (value as { toBSON?: unknown }).toBSON === 'function') throw UNENCODABLE;
    const v = value as Record<string | symbol, unknown>;
    const tag = v._bsontype;
    if (tag === undefined || tag === null) {
      if (value instanceof RawDocument) {
        // A version still in its logged form (recovery's replay) is copied as it is.
        const b = value.buffer;
        const o = value.offset;
        this.name(0x03, key);
        this.writeBytes(b.subarray(o, o + (b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16) | (b[o + 3]! << 24))));
      } else if (Array.isArray(value)) {
        this.name(0x04, key);
        this.document(value, true, depth + 1);
      } else if (value instanceof Date) {
        this.name(0x09, key);
        this.ensure(8);
        const ms = value.getTime();
        // serialize goes through Long.fromNumber: NaN becomes 0, out-of-range values saturate.
        if (!Number.isFinite(ms)) throw UNENCODABLE;
        this.view.setBigInt64(this.pos, BigInt(ms), true);
        this.pos += 8;
      } else if (value instanceof Uint8Array) {
        this.name(0x05, key);
        this.ensure(5 + value.length);
        this.int32(value.length);
        this.bytes[this.pos++] = 0;
        this.bytes.set(value, this.pos);
        this.pos += value.length;
      } else if (value instanceof RegExp || value instanceof Map || ArrayBuffer.isView(value)) {
        throw UNENCODABLE;
      } else {
        this.name(0x03, key);
        this.document(value, false, depth + 1);
      }
      return;
    }
    if (v[BSON_VERSION] !== BSON_MAJOR) throw UNENCODABLE;
    switch (v[BSON_TYPE]) {
      case 'ObjectId':
        this.name(0x07, key);
        this.ensure(12);
        this.pos += (value as { serializeInto(b: Uint8Array, i: number): number }).serializeInto(this.bytes, this.pos);
        return;
      case 'Int32':
        this.name(0x10, key);
        this.ensure(4);
        this.int32((value as { valueOf(): number }).valueOf());
        return;
      case 'Double':
        this.name(0x01, key);
        this.ensure(8);
        this.float64((value as { value: number }).value);
        return;
      case 'Long':
      case 'Timestamp': {
        this.name(v[BSON_TYPE] === 'Long' ? 0x12 : 0x11, key);
        this.ensure(8);
        const l = value as { getLowBits(): number; getHighBits(): number };
        this.int32(l.getLowBits());
        this.int32(l.getHighBits());
        return;
      }
      case 'Decimal128':
        this.name(0x13, key);
        this.ensure(16);
        this.bytes.set((value as { bytes: Uint8Array }).bytes.subarray(0, 16), this.pos);
        this.pos += 16;
        return;
      case 'Binary': {
        const bin = value as { buffer: Uint8Array; position: number; sub_type: number };
        // Subtypes 2 (old binary, an extra length) and 9 (vectors, validated) are left to serialize.
        if (bin.sub_type === 2 || bin.sub_type === 9) throw UNENCODABLE;
        this.name(0x05, key);
        const size = bin.position;
        this.ensure(5 + size);
        this.int32(size);
        this.bytes[this.pos++] = bin.sub_type;
        this.bytes.set(bin.buffer.subarray(0, size), this.pos);
        this.pos += size;
        return;
      }
      case 'MinKey':
        this.name(0xff, key);
        return;
      case 'MaxKey':
        this.name(0x7f, key);
        return;
      default:
        throw UNENCODABLE; // BSONRegExp (NUL checks), Code, BSONSymbol, DBRef, unknown
    }
  }
}
