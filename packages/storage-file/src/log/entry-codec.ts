import { calculateObjectSize, deserialize, serialize, setInternalBufferSize } from 'bson';
import { ArgonError, ENTRY_KINDS, toLsn, UNENCODABLE } from '@argon/core';
import type { BsonWriter, WalEntry } from '@argon/core';
import { FRAME_HEADER_BYTES, MAX_FRAME_PAYLOAD_BYTES, sealFrame } from '../format/frame.js';
import { decodeDocument, decodeReplayEntry, UNSUPPORTED } from './bson-decoder.js';

/**
 * Log entries are stored as BSON documents whose first three fields are
 * always `project`, `lsn` and `ts`. Recovery and readLog only need those, so
 * {@link peekEntry} reads them straight from the bytes and full
 * deserialization is paid only for entries actually returned.
 */

// One mutable options object: deserialize is synchronous and does not keep it, and this avoids an allocation per entry.
const DESERIALIZE_OPTIONS = { promoteValues: false, bsonRegExp: true, allowObjectSmallerThanBufferSize: true, index: 0 };
const KINDS = new Set<string>(Object.values(ENTRY_KINDS));
const PROJECT_RE = /^[A-Za-z0-9_-]{1,64}$/;

function badEntry(e: WalEntry | null, what: string): never {
  throw new ArgonError(`cannot append a log entry with ${what}`, { details: { project: e?.project, lsn: e?.lsn } });
}

// The last project name that passed PROJECT_RE: a batch's entries all name the same one.
let lastValidProject: string | undefined;

/** Throws unless `e` is an entry this store can log (valid project, LSN, ts, kind...). */
export function validateEntry(e: WalEntry): void {
  // Runs once per appended entry: no closure per call.
  if (e === null || typeof e !== 'object') badEntry(null, 'a non-object value');
  if (typeof e.project !== 'string' || (e.project !== lastValidProject && !PROJECT_RE.test(e.project))) badEntry(e, `invalid project ${JSON.stringify(e.project)}`);
  lastValidProject = e.project;
  if (!Number.isSafeInteger(e.lsn) || e.lsn <= 0) badEntry(e, `invalid lsn ${String(e.lsn)}`);
  if (typeof e.ts !== 'number' || !Number.isFinite(e.ts)) badEntry(e, `invalid ts ${String(e.ts)}`);
  if (typeof e.branchId !== 'string') badEntry(e, 'no branchId');
  if (typeof e.collection !== 'string') badEntry(e, 'no collection');
  if (!KINDS.has(e.kind)) badEntry(e, `unknown kind ${JSON.stringify(e.kind)}`);
}

function tooLarge(e: WalEntry, size: number): ArgonError {
  return new ArgonError(`cannot append a log entry of ${size} bytes (limit ${MAX_FRAME_PAYLOAD_BYTES})`, { details: { project: e.project, lsn: e.lsn } });
}

/**
 * Appends `e` to `w` as one frame: header, then the entry's BSON (the bytes
 * of {@link encodeEntry}) encoded in place. On error `w.pos` is unchanged.
 */
export function writeEntryFrame(w: BsonWriter, e: WalEntry): void {
  const frameStart = w.pos;
  w.ensure(FRAME_HEADER_BYTES);
  w.pos += FRAME_HEADER_BYTES;
  try {
    try {
      w.writeEntry(e);
    } catch (err) {
      if (err !== UNENCODABLE) throw err;
      w.writeBytes(encodeEntry(e));
    }
  } catch (err) {
    w.pos = frameStart;
    throw err;
  }
  const length = w.pos - frameStart - FRAME_HEADER_BYTES;
  if (length > MAX_FRAME_PAYLOAD_BYTES) {
    w.pos = frameStart;
    throw tooLarge(e, length);
  }
  sealFrame(w.bytes, frameStart, length);
}

/** Serializes an entry to BSON with `project`, `lsn`, `ts` first. */
export function encodeEntry(e: WalEntry): Uint8Array {
  // Assigning onto the three keys keeps them first while copying every other field.
  const doc: Record<string, unknown> = Object.assign<Record<string, unknown>, WalEntry>({ project: e.project, lsn: e.lsn, ts: e.ts }, e);
  try {
    return serialize(doc, { ignoreUndefined: true });
  } catch (err) {
    // bson serializes into a 17 MiB scratch buffer; an entry with large pre- and post-images needs more.
    if (!(err instanceof RangeError)) throw err;
    const size = calculateObjectSize(doc, { ignoreUndefined: true });
    if (size > MAX_FRAME_PAYLOAD_BYTES) throw tooLarge(e, size);
    setInternalBufferSize(size + 1024);
    return serialize(doc, { ignoreUndefined: true });
  }
}

function asNumber(v: unknown): number {
  if (typeof v === 'number') return v;
  if (v !== null && typeof v === 'object') {
    const tag = (v as { _bsontype?: string })._bsontype;
    if (tag === 'Long') return (v as { toNumber(): number }).toNumber();
    if (tag === 'Int32' || tag === 'Double') return (v as { value: number }).value;
  }
  return NaN;
}

/**
 * Deserializes the BSON document at `[start, start + length)` of `buf` into an
 * entry. Values keep their BSON types (Int32, Double, Long, Decimal128 stay
 * distinct); only the envelope's `lsn` and `ts` become plain numbers. With
 * `forReplay`, a put or delete entry comes without `pre`, `opId` and `op`'s
 * fields other than `type`, and with `post` still raw (see
 * `ReadLogOptions.forReplay`).
 */
export function decodeEntry(buf: Buffer, start: number, forReplay = false): WalEntry {
  let doc = forReplay ? decodeReplayEntry(buf, start) : UNSUPPORTED;
  if (doc === UNSUPPORTED) doc = decodeDocument(buf, start, true);
  if (doc === UNSUPPORTED) {
    DESERIALIZE_OPTIONS.index = start;
    doc = deserialize(buf, DESERIALIZE_OPTIONS) as Record<string, unknown>;
    doc.lsn = toLsn(doc.lsn) ?? NaN;
    doc.ts = asNumber(doc.ts);
  }
  if (!Number.isSafeInteger(doc.lsn)) throw new Error(`entry has no valid lsn (${String(doc.lsn)})`);
  return doc as unknown as WalEntry;
}

/** The envelope fields read by {@link peekEntry}; reused across calls to avoid allocation. */
export class EntryPeek {
  /** Byte range of the project name (UTF-8, without the NUL). */
  projectStart = 0;
  projectEnd = 0;
  lsn = 0;
  ts = 0;
}

const NAME_PROJECT = Buffer.from('project\0', 'latin1');
const NAME_LSN = Buffer.from('lsn\0', 'latin1');
const NAME_TS = Buffer.from('ts\0', 'latin1');

function nameAt(buf: Buffer, p: number, name: Buffer): boolean {
  for (let i = 0; i < name.length; i++) if (buf[p + i] !== name[i]) return false;
  return true;
}

/** Reads a numeric element's value at `p` (after its name); NaN when the type is not numeric. */
function numberAt(buf: Buffer, type: number | undefined, p: number): number {
  if (type === 0x10) return buf.readInt32LE(p);
  if (type === 0x01) return buf.readDoubleLE(p);
  if (type === 0x12) return Number(buf.readBigInt64LE(p));
  return NaN;
}

function numberSize(type: number | undefined): number {
  return type === 0x10 ? 4 : 8;
}

/**
 * Reads `project`, `lsn` and `ts` of the BSON entry at `[start, end)` without
 * deserializing it. Returns false when the document does not start with them
 * in that order (then use {@link decodeEntry}). The frame CRC has already
 * vouched for the bytes; bounds are still checked.
 */
export function peekEntry(buf: Buffer, start: number, end: number, out: EntryPeek): boolean {
  let p = start + 4;
  if (p + 1 + NAME_PROJECT.length + 4 > end || buf[p] !== 0x02 || !nameAt(buf, p + 1, NAME_PROJECT)) return false;
  p += 1 + NAME_PROJECT.length;
  const strLen = buf.readInt32LE(p);
  p += 4;
  if (strLen < 1 || p + strLen > end) return false;
  out.projectStart = p;
  out.projectEnd = p + strLen - 1;
  p += strLen;
  let type = buf[p];
  if (p + 1 + NAME_LSN.length + 8 > end || !nameAt(buf, p + 1, NAME_LSN)) return false;
  p += 1 + NAME_LSN.length;
  out.lsn = numberAt(buf, type, p);
  p += numberSize(type);
  type = buf[p];
  if (p + 1 + NAME_TS.length + 8 > end || !nameAt(buf, p + 1, NAME_TS)) return false;
  p += 1 + NAME_TS.length;
  out.ts = numberAt(buf, type, p);
  return Number.isSafeInteger(out.lsn) && out.lsn > 0 && !Number.isNaN(out.ts);
}

/** Fills `out` from a fully decoded entry (the slow path of {@link peekEntry}); returns the project. */
export function peekByDecoding(buf: Buffer, start: number, out: EntryPeek): string {
  const e = decodeEntry(buf, start);
  out.lsn = e.lsn;
  out.ts = e.ts;
  return e.project;
}

/** True when the project name bytes at `[start, end)` of `buf` equal `name` (UTF-8). */
export function projectIs(buf: Buffer, start: number, end: number, name: Buffer): boolean {
  if (end - start !== name.length) return false;
  for (let i = 0; i < name.length; i++) if (buf[start + i] !== name[i]) return false;
  return true;
}
