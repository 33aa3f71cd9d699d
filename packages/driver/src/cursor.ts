import { Long } from 'bson';
import type { Doc } from '@argon/core';
import { compact, shape, type ClientContext } from './context.js';

/**
 * A lazy cursor with the driver's API (`toArray`, `next`, `hasNext`,
 * `for await`, `map`, `close`). The command runs on first read and further
 * batches come from `getMore`, as with a real server.
 */
export abstract class ArgonCursor<T = Doc> implements AsyncIterable<T> {
  protected buffer: Doc[] = [];
  protected cursorId: bigint | undefined;
  protected ns = '';
  protected started = false;
  protected closed = false;
  protected transforms: Array<(d: unknown) => unknown> = [];
  protected batchSizeValue: number | undefined;

  protected constructor(
    protected readonly ctx: ClientContext,
    protected readonly dbName: string,
    protected readonly collection: string,
  ) {}

  /** Builds the command that opens the cursor. */
  protected abstract openCommand(): Doc;

  protected assertNotStarted(): void {
    if (this.started) throw new Error('Cursor is already initialized');
  }

  /** Sets the batch size of every batch. */
  batchSize(n: number): this {
    this.batchSizeValue = n;
    return this;
  }

  /** Maps every document (applied after promotion, like the driver). */
  map<U>(fn: (doc: T) => U): ArgonCursor<U> {
    this.transforms.push(fn as (d: unknown) => unknown);
    return this as unknown as ArgonCursor<U>;
  }

  private async fill(): Promise<void> {
    if (!this.started) {
      this.started = true;
      const reply = await this.ctx.run(this.dbName, this.openCommand());
      const c = reply.cursor as { firstBatch: Doc[]; id: Long; ns: string };
      this.buffer = [...c.firstBatch];
      this.cursorId = BigInt(c.id.toString());
      this.ns = c.ns;
      return;
    }
    if (this.cursorId === undefined || this.cursorId === 0n || this.closed) return;
    const coll = this.ns.slice(this.ns.indexOf('.') + 1);
    const reply = await this.ctx.run(this.dbName, compact({ getMore: Long.fromBigInt(this.cursorId), collection: coll, batchSize: this.batchSizeValue }));
    const c = reply.cursor as { nextBatch: Doc[]; id: Long };
    this.buffer.push(...c.nextBatch);
    this.cursorId = BigInt(c.id.toString());
  }

  private output(doc: Doc): T {
    let v: unknown = shape(doc, this.ctx.promote);
    for (const t of this.transforms) v = t(v);
    return v as T;
  }

  /** True when another document is available. */
  async hasNext(): Promise<boolean> {
    while (this.buffer.length === 0) {
      if (this.started && (this.cursorId === 0n || this.closed)) return false;
      await this.fill();
      if (this.buffer.length === 0 && this.cursorId === 0n) return false;
    }
    return true;
  }

  /** The next document, or null when exhausted. */
  async next(): Promise<T | null> {
    if (!(await this.hasNext())) return null;
    return this.output(this.buffer.shift()!);
  }

  /** Alias of `next` (driver compatibility). */
  tryNext(): Promise<T | null> {
    return this.next();
  }

  /** All remaining documents. */
  async toArray(): Promise<T[]> {
    const out: T[] = [];
    while (await this.hasNext()) {
      const batch = this.buffer;
      this.buffer = [];
      for (const d of batch) out.push(this.output(d));
    }
    return out;
  }

  /** Calls `fn` for each document; stops when it returns false. */
  async forEach(fn: (doc: T) => boolean | void): Promise<void> {
    for await (const d of this) if (fn(d) === false) break;
  }

  async *[Symbol.asyncIterator](): AsyncIterator<T> {
    try {
      while (await this.hasNext()) yield this.output(this.buffer.shift()!);
    } finally {
      await this.close();
    }
  }

  /** Kills the server-side cursor. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.cursorId !== undefined && this.cursorId !== 0n) {
      const coll = this.ns.slice(this.ns.indexOf('.') + 1);
      await this.ctx.run(this.dbName, { killCursors: coll, cursors: [Long.fromBigInt(this.cursorId)] }).catch(() => undefined);
      this.cursorId = 0n;
    }
  }
}

/** Options of `find` as in the driver. */
export interface FindOptions {
  projection?: Doc;
  sort?: Doc | [string, 1 | -1][] | string;
  skip?: number;
  limit?: number;
  batchSize?: number;
  hint?: unknown;
  comment?: unknown;
  maxTimeMS?: number;
  collation?: Doc;
  allowDiskUse?: boolean;
}

/** Converts the driver's sort forms into a sort document. */
export function toSortDoc(sort: FindOptions['sort'], direction?: 1 | -1): Doc | undefined {
  if (sort === undefined) return undefined;
  if (typeof sort === 'string') return { [sort]: direction ?? 1 };
  if (Array.isArray(sort)) return Object.fromEntries(sort);
  return sort;
}

/** The cursor of `collection.find()`. */
export class ArgonFindCursor<T = Doc> extends ArgonCursor<T> {
  private spec: Doc;

  constructor(ctx: ClientContext, dbName: string, collection: string, filter: Doc, opts: FindOptions = {}) {
    super(ctx, dbName, collection);
    this.spec = compact({ filter, projection: opts.projection, sort: toSortDoc(opts.sort), skip: opts.skip, limit: opts.limit, hint: opts.hint, comment: opts.comment, collation: opts.collation });
    this.batchSizeValue = opts.batchSize;
  }

  protected openCommand(): Doc {
    return compact({ find: this.collection, ...this.spec, batchSize: this.batchSizeValue });
  }

  sort(sort: FindOptions['sort'], direction?: 1 | -1): this {
    this.assertNotStarted();
    this.spec.sort = toSortDoc(sort, direction);
    return this;
  }
  skip(n: number): this {
    this.assertNotStarted();
    this.spec.skip = n;
    return this;
  }
  limit(n: number): this {
    this.assertNotStarted();
    this.spec.limit = n;
    return this;
  }
  project<U = Doc>(projection: Doc): ArgonFindCursor<U> {
    this.assertNotStarted();
    this.spec.projection = projection;
    return this as unknown as ArgonFindCursor<U>;
  }
  filter(filter: Doc): this {
    this.assertNotStarted();
    this.spec.filter = filter;
    return this;
  }
  hint(hint: unknown): this {
    this.spec.hint = hint;
    return this;
  }
  comment(c: unknown): this {
    this.spec.comment = c;
    return this;
  }
  maxTimeMS(_ms: number): this {
    return this;
  }
  /** Number of documents the find would return (respecting skip and limit). */
  async count(): Promise<number> {
    const reply = await this.ctx.run(this.dbName, compact({ count: this.collection, query: this.spec.filter, skip: this.spec.skip, limit: this.spec.limit }));
    return Number(reply.n);
  }
  /** A fresh cursor with the same spec. */
  clone(): ArgonFindCursor<T> {
    const c = new ArgonFindCursor<T>(this.ctx, this.dbName, this.collection, {});
    c.spec = { ...this.spec };
    c.batchSizeValue = this.batchSizeValue;
    return c;
  }
  /** Rewinds to before the first read. */
  rewind(): void {
    this.started = false;
    this.closed = false;
    this.buffer = [];
    this.cursorId = undefined;
  }
}

/** The cursor of `collection.aggregate()` and `db.aggregate()`. */
export class ArgonAggregationCursor<T = Doc> extends ArgonCursor<T> {
  constructor(
    ctx: ClientContext,
    dbName: string,
    collection: string | 1,
    private readonly pipeline: Doc[],
    private readonly opts: { batchSize?: number; allowDiskUse?: boolean; let?: Doc; comment?: unknown } = {},
  ) {
    super(ctx, dbName, String(collection));
    this.target = collection;
    this.batchSizeValue = opts.batchSize;
  }
  private readonly target: string | 1;

  protected openCommand(): Doc {
    return compact({ aggregate: this.target, pipeline: this.pipeline, cursor: compact({ batchSize: this.batchSizeValue }), let: this.opts.let, comment: this.opts.comment });
  }
}

/** A cursor over a list command (listCollections, listIndexes). */
export class ArgonCommandCursor<T = Doc> extends ArgonCursor<T> {
  constructor(
    ctx: ClientContext,
    dbName: string,
    private readonly command: Doc,
  ) {
    super(ctx, dbName, '');
  }
  protected openCommand(): Doc {
    return this.command;
  }
}
