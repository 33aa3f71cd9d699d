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
 * Every version of one document written by one branch, in ascending LSN
 * order. This is the per-document version index: a read at any LSN is a
 * binary search, not a replay, so its cost does not grow with history.
 */
export class VersionChain {
  readonly lsns: Lsn[];
  /**
   * Read through doc(i). A decoded version is its document (or null); a
   * version still raw from replay is its byte offset in `rawBuffers[i]`.
   * Raw versions are kept as (buffer, offset) pairs rather than RawDocument
   * objects: a million retained objects were a fifth of a million-entry
   * replay, in garbage collection.
   */
  private readonly docs: (VersionDoc | number)[];
  private rawBuffers: (Uint8Array | undefined)[] | undefined;
  readonly ops: VersionOp[];
  // Only chains with an attributed version keep actors (most have none).
  private actors: (string | undefined)[] | undefined;

  /**
   * A chain starts with its first version. The arrays start as one-element
   * literals: most documents have a single version, and arrays grown from
   * empty by push reserve room for 17, which made a million inserted
   * documents carry ~400 bytes each of spare capacity.
   */
  constructor(
    readonly id: unknown,
    lsn: Lsn,
    doc: StoredDoc,
    op: VersionOp,
    actor?: string,
  ) {
    this.lsns = [lsn];
    this.ops = [op];
    if (doc instanceof RawDocument) {
      this.docs = [doc.offset];
      this.rawBuffers = [doc.buffer];
    } else this.docs = [doc];
    if (actor !== undefined) this.actors = [actor];
  }

  /** Who wrote the version at index `i`, when attributed. */
  actor(i: number): string | undefined {
    return this.actors?.[i];
  }

  /** Appends a version; LSNs arrive in ascending order except during recovery merges. */
  push(lsn: Lsn, doc: StoredDoc, op: VersionOp, actor?: string): void {
    const n = this.lsns.length;
    if (actor !== undefined && this.actors === undefined) this.actors = new Array<string | undefined>(n).fill(undefined);
    const raw = doc instanceof RawDocument;
    if (raw && this.rawBuffers === undefined) this.rawBuffers = new Array<Uint8Array | undefined>(n).fill(undefined);
    const stored = raw ? doc.offset : doc;
    const buffer = raw ? doc.buffer : undefined;
    if (n === 0 || this.lsns[n - 1]! < lsn) {
      this.lsns.push(lsn);
      this.docs.push(stored);
      this.ops.push(op);
      this.rawBuffers?.push(buffer);
      this.actors?.push(actor);
      return;
    }
    // Out-of-order arrival (shared backends catching up): insert in place.
    const i = this.upperBound(lsn);
    if (i > 0 && this.lsns[i - 1] === lsn) return;
    this.lsns.splice(i, 0, lsn);
    this.docs.splice(i, 0, stored);
    this.ops.splice(i, 0, op);
    this.rawBuffers?.splice(i, 0, buffer);
    this.actors?.splice(i, 0, actor);
  }

  /** Removes the version written at `lsn` (rollback of an unacknowledged write). */
  remove(lsn: Lsn): void {
    const i = this.upperBound(lsn) - 1;
    if (i >= 0 && this.lsns[i] === lsn) {
      this.lsns.splice(i, 1);
      this.docs.splice(i, 1);
      this.ops.splice(i, 1);
      this.rawBuffers?.splice(i, 1);
      this.actors?.splice(i, 1);
    }
  }

  /** The version at index `i` (decoded on first read if replay stored it raw). */
  doc(i: number): VersionDoc {
    const d = this.docs[i];
    if (typeof d === 'number') {
      const decoded = new RawDocument(this.rawBuffers![i]!, d).decode();
      this.docs[i] = decoded;
      this.rawBuffers![i] = undefined;
      return decoded;
    }
    return d ?? null;
  }

  /** The version at index `i` as stored: raw versions stay raw (checkpoints copy their bytes). */
  stored(i: number): StoredDoc {
    const d = this.docs[i];
    return typeof d === 'number' ? new RawDocument(this.rawBuffers![i]!, d) : (d ?? null);
  }

  get length(): number {
    return this.lsns.length;
  }

  /** Index of the first version with LSN > lsn. */
  private upperBound(lsn: Lsn): number {
    return upperBound(this.lsns, lsn);
  }

  /** Index of the newest version with `lo < lsn <= hi`, or -1. */
  find(lo: Lsn, hi: Lsn): number {
    const n = this.lsns.length;
    // Fast path for head reads: the newest version is usually in range.
    if (n > 0 && this.lsns[n - 1]! <= hi) return this.lsns[n - 1]! > lo ? n - 1 : -1;
    const i = this.upperBound(hi) - 1;
    return i >= 0 && this.lsns[i]! > lo ? i : -1;
  }
}
