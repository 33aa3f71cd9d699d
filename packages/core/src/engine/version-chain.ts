import type { Lsn } from '../model/lsn.js';
import { RawDocument } from './raw-document.js';
import { upperBound } from './sorted-search.js';

/** A stored document version: the post-image, or null for a delete. */
export type VersionDoc = Record<string, unknown> | null;
/** A version as stored: decoded, or still raw BSON from recovery's replay. */
export type StoredDoc = VersionDoc | RawDocument;

/** Why a version exists, for history output. */
export type VersionOp = 'insert' | 'update' | 'replace' | 'delete' | 'upsert';

/**
 * A decoded version is its document (or null); a version still raw from
 * replay is its byte offset in the buffer kept beside it. Raw versions are
 * (buffer, offset) pairs rather than RawDocument objects: a million retained
 * objects were a fifth of a million-entry replay, in garbage collection.
 */
type Slot = VersionDoc | number;

/** The columns of a chain with more than one version. */
interface Versions {
  readonly lsns: Lsn[];
  readonly docs: Slot[];
  readonly ops: VersionOp[];
  rawBuffers: (Uint8Array | undefined)[] | undefined;
  // Only chains with an attributed version keep actors (most have none).
  actors: (string | undefined)[] | undefined;
}

/**
 * Every version of one document written by one branch, in ascending LSN
 * order. This is the per-document version index: a read at any LSN is a
 * binary search, not a replay, so its cost does not grow with history.
 *
 * Most documents have a single version, so the first one lives in the
 * chain's own fields and the column arrays exist only from the second on:
 * one object per document instead of seven (the arrays and their backing
 * stores), which is most of what the garbage collector copies when bulk
 * loads or recovery create chains by the million.
 */
export class VersionChain {
  // The only version while `many` is undefined.
  private lsn0: Lsn;
  private doc0: Slot;
  private raw0: Uint8Array | undefined;
  private op0: VersionOp;
  private actor0: string | undefined;
  private many: Versions | undefined;

  /** A chain starts with its first version. */
  constructor(
    readonly id: unknown,
    lsn: Lsn,
    doc: StoredDoc,
    op: VersionOp,
    actor?: string,
  ) {
    this.lsn0 = lsn;
    this.op0 = op;
    this.actor0 = actor;
    if (doc instanceof RawDocument) {
      this.doc0 = doc.offset;
      this.raw0 = doc.buffer;
    } else {
      this.doc0 = doc;
      this.raw0 = undefined;
    }
    this.many = undefined;
  }

  get length(): number {
    return this.many ? this.many.lsns.length : 1;
  }

  /** LSN of the version at index `i`. */
  lsn(i: number): Lsn {
    return this.many ? this.many.lsns[i]! : this.lsn0;
  }

  /** Why the version at index `i` exists. */
  op(i: number): VersionOp {
    return this.many ? this.many.ops[i]! : this.op0;
  }

  /** Who wrote the version at index `i`, when attributed. */
  actor(i: number): string | undefined {
    return this.many ? this.many.actors?.[i] : this.actor0;
  }

  /** Appends a version; LSNs arrive in ascending order except during recovery merges. */
  push(lsn: Lsn, doc: StoredDoc, op: VersionOp, actor?: string): void {
    const m = this.many ?? this.spread();
    const n = m.lsns.length;
    if (actor !== undefined && m.actors === undefined) m.actors = new Array<string | undefined>(n).fill(undefined);
    const raw = doc instanceof RawDocument;
    if (raw && m.rawBuffers === undefined) m.rawBuffers = new Array<Uint8Array | undefined>(n).fill(undefined);
    const stored = raw ? doc.offset : doc;
    const buffer = raw ? doc.buffer : undefined;
    if (n === 0 || m.lsns[n - 1]! < lsn) {
      m.lsns.push(lsn);
      m.docs.push(stored);
      m.ops.push(op);
      m.rawBuffers?.push(buffer);
      m.actors?.push(actor);
      return;
    }
    // Out-of-order arrival (shared backends catching up): insert in place.
    const i = upperBound(m.lsns, lsn);
    if (i > 0 && m.lsns[i - 1] === lsn) return;
    m.lsns.splice(i, 0, lsn);
    m.docs.splice(i, 0, stored);
    m.ops.splice(i, 0, op);
    m.rawBuffers?.splice(i, 0, buffer);
    m.actors?.splice(i, 0, actor);
  }

  // Moves the single version into column arrays (at a second version, or a removal).
  private spread(): Versions {
    const m: Versions = {
      lsns: [this.lsn0],
      docs: [this.doc0],
      ops: [this.op0],
      rawBuffers: this.raw0 === undefined ? undefined : [this.raw0],
      actors: this.actor0 === undefined ? undefined : [this.actor0],
    };
    this.many = m;
    this.doc0 = null;
    this.raw0 = undefined;
    this.actor0 = undefined;
    return m;
  }

  /** Removes the version written at `lsn` (rollback of an unacknowledged write). */
  remove(lsn: Lsn): void {
    if (!this.many && this.lsn0 !== lsn) return;
    const m = this.many ?? this.spread();
    const i = upperBound(m.lsns, lsn) - 1;
    if (i >= 0 && m.lsns[i] === lsn) {
      m.lsns.splice(i, 1);
      m.docs.splice(i, 1);
      m.ops.splice(i, 1);
      m.rawBuffers?.splice(i, 1);
      m.actors?.splice(i, 1);
    }
  }

  /** The version at index `i` (decoded on first read if replay stored it raw). */
  doc(i: number): VersionDoc {
    const m = this.many;
    const d = m ? m.docs[i] : this.doc0;
    if (typeof d !== 'number') return d ?? null;
    if (!m) {
      const decoded = new RawDocument(this.raw0!, d).decode();
      this.doc0 = decoded;
      this.raw0 = undefined;
      return decoded;
    }
    const decoded = new RawDocument(m.rawBuffers![i]!, d).decode();
    m.docs[i] = decoded;
    m.rawBuffers![i] = undefined;
    return decoded;
  }

  /** The version at index `i` as stored: raw versions stay raw (checkpoints copy their bytes). */
  stored(i: number): StoredDoc {
    const m = this.many;
    const d = m ? m.docs[i] : this.doc0;
    if (typeof d !== 'number') return d ?? null;
    return new RawDocument(m ? m.rawBuffers![i]! : this.raw0!, d);
  }

  /** Index of the first version with LSN > lsn. */
  upperBound(lsn: Lsn): number {
    return this.many ? upperBound(this.many.lsns, lsn) : this.lsn0 > lsn ? 0 : 1;
  }

  /** Index of the newest version with `lo < lsn <= hi`, or -1. */
  find(lo: Lsn, hi: Lsn): number {
    const n = this.length;
    if (n === 0) return -1;
    // Fast path for head reads: the newest version is usually in range.
    const last = this.lsn(n - 1);
    if (last <= hi) return last > lo ? n - 1 : -1;
    const i = this.upperBound(hi) - 1;
    return i >= 0 && this.lsn(i) > lo ? i : -1;
  }
}
