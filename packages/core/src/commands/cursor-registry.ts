import { calculateObjectSize, Long } from 'bson';
import { ArgonError, ARGON_CODES, MONGO_CODES } from '../errors.js';

type Doc = Record<string, unknown>;

/** Maximum bytes of documents in one batch, as mongod (16 MiB). */
const MAX_BATCH_BYTES = 16 * 1024 * 1024;
/** Idle cursors are reaped after this long, as mongod does. */
export const CURSOR_IDLE_MS = 10 * 60 * 1000;

interface OpenCursor {
  readonly id: bigint;
  readonly ns: string;
  readonly source: Iterator<Doc>;
  readonly connectionId: number | undefined;
  lastUsed: number;
  limit: number;
  returned: number;
  /** A tailable cursor stays open when it runs out: its source yields documents written later. */
  readonly tailable: boolean;
}

/**
 * Server-side cursors for find, aggregate and list commands. A cursor reads
 * from a fixed snapshot (versions are append-only, so a snapshot never
 * changes), and is closed when exhausted, killed, its connection closes, or
 * it sits idle for ten minutes.
 */
export class CursorRegistry {
  private readonly cursors = new Map<bigint, OpenCursor>();
  private nextId = BigInt(Date.now()) * 1000n;
  private readonly reaper: NodeJS.Timeout;

  constructor(private readonly clock: () => number = Date.now, idleMs = CURSOR_IDLE_MS) {
    this.reaper = setInterval(() => this.reap(idleMs), Math.min(idleMs, 60_000));
    this.reaper.unref();
  }

  /** Closes cursors idle for longer than `idleMs`; returns how many. */
  reap(idleMs = CURSOR_IDLE_MS): number {
    const cutoff = this.clock() - idleMs;
    let n = 0;
    for (const [id, c] of this.cursors) {
      if (c.lastUsed < cutoff) {
        this.cursors.delete(id);
        n++;
      }
    }
    return n;
  }

  /** Number of open cursors (for metrics). */
  get size(): number {
    return this.cursors.size;
  }

  /**
   * Takes the first batch from `source` and registers a cursor if more may
   * remain. Returns the reply's `cursor` document. A `tailable` cursor's
   * source is an iterator that may yield again after reporting done (new
   * documents of a capped collection); the cursor stays open when it runs
   * out, except when its first batch is empty (mongod's dead cursor).
   */
  open(ns: string, iterable: Iterator<Doc> | Iterable<Doc>, opts: { batchSize?: number; limit?: number; singleBatch?: boolean; connectionId?: number; tailable?: boolean } = {}): Doc {
    const inner = Symbol.iterator in iterable ? (iterable as Iterable<Doc>)[Symbol.iterator]() : (iterable as Iterator<Doc>);
    const source = new Peekable(inner);
    const limit = opts.limit && opts.limit > 0 ? opts.limit : Infinity;
    const first = takeBatch(source, Math.min(opts.batchSize ?? 101, limit));
    const tailable = opts.tailable === true;
    const more = tailable ? first.docs.length > 0 : !first.exhausted;
    let id = 0n;
    if (more && !opts.singleBatch && first.docs.length < limit) {
      id = this.nextId++;
      this.cursors.set(id, { id, ns, source, connectionId: opts.connectionId, lastUsed: this.clock(), limit, returned: first.docs.length, tailable });
    }
    return { firstBatch: first.docs, id: Long.fromBigInt(id), ns };
  }

  /** Serves a getMore. Throws CursorNotFound (43) for unknown ids. */
  getMore(id: bigint, ns: string, batchSize: number | undefined): Doc {
    const c = this.cursors.get(id);
    if (!c) throw new ArgonError(`cursor id ${id} not found`, { code: MONGO_CODES.CursorNotFound, codeName: 'CursorNotFound', argonCode: ARGON_CODES.BAD_INPUT });
    if (c.ns !== ns) {
      throw new ArgonError(`Requested getMore on namespace '${ns}', but cursor belongs to a different namespace ${c.ns}`, { code: 13, codeName: 'Unauthorized', argonCode: ARGON_CODES.BAD_INPUT });
    }
    c.lastUsed = this.clock();
    const want = Math.min(batchSize && batchSize > 0 ? batchSize : Infinity, c.limit - c.returned);
    const batch = takeBatch(c.source, want);
    c.returned += batch.docs.length;
    let outId = id;
    if ((batch.exhausted && !c.tailable) || c.returned >= c.limit) {
      this.cursors.delete(id);
      outId = 0n;
    }
    return { nextBatch: batch.docs, id: Long.fromBigInt(outId), ns };
  }

  /** Kills cursors; returns which were killed and which were unknown. */
  kill(ids: bigint[]): { killed: bigint[]; notFound: bigint[] } {
    const killed: bigint[] = [];
    const notFound: bigint[] = [];
    for (const id of ids) (this.cursors.delete(id) ? killed : notFound).push(id);
    return { killed, notFound };
  }

  /** Releases every cursor opened by a connection. */
  closeConnection(connectionId: number): void {
    for (const [id, c] of this.cursors) if (c.connectionId === connectionId) this.cursors.delete(id);
  }

  /** Stops the reaper timer. */
  close(): void {
    clearInterval(this.reaper);
    this.cursors.clear();
  }
}

/**
 * An iterator with one element of lookahead, so a batch knows whether it was
 * the last. A looked-ahead "done" is not kept: the next call asks the inner
 * iterator again, which a tailable source answers with newer documents.
 */
export class Peekable<T> implements Iterator<T> {
  private head: IteratorResult<T> | undefined;
  constructor(private readonly inner: Iterator<T>) {}
  next(): IteratorResult<T> {
    const h = this.head;
    this.head = undefined;
    if (h && h.done !== true) return h;
    return this.inner.next();
  }
  done(): boolean {
    this.head ??= this.inner.next();
    return this.head.done === true;
  }
}

function takeBatch(source: Iterator<Doc>, max: number): { docs: Doc[]; exhausted: boolean } {
  const peek = source instanceof Peekable ? source : undefined;
  const docs: Doc[] = [];
  let bytes = 0;
  while (docs.length < max) {
    const r = source.next();
    if (r.done) return { docs, exhausted: true };
    docs.push(r.value);
    // Cap the batch by size like mongod, counting only once batches get large.
    if (docs.length > 100) {
      bytes += calculateObjectSize(r.value);
      if (bytes >= MAX_BATCH_BYTES) break;
    }
  }
  return { docs, exhausted: peek ? peek.done() : false };
}
