import { Long } from 'bson';
import type { CommandRunner } from '@argon/core';
import { CLI_CODES, CliError } from '../errors.js';
import { DUPLICATE_KEY, type Doc, type DocumentChannel, type InsertOutcome } from './document-channel.js';

function cursorId(id: unknown): bigint {
  if (id instanceof Long) return id.toBigInt();
  if (typeof id === 'bigint') return id;
  if (typeof id === 'number') return BigInt(id);
  return 0n;
}

/**
 * A {@link DocumentChannel} on a local engine's command layer (the same
 * `CommandRunner` the wire server uses): used when no server holds the data
 * directory.
 */
export class LocalChannel implements DocumentChannel {
  constructor(
    private readonly runner: CommandRunner,
    readonly description: string,
  ) {}

  private async *drain(db: string, reply: Doc, collection: string, batchSize?: number): AsyncIterable<Doc[]> {
    let cursor = reply.cursor as { firstBatch?: Doc[]; nextBatch?: Doc[]; id: unknown };
    let batch = cursor.firstBatch ?? [];
    for (;;) {
      if (batch.length) yield batch;
      const id = cursorId(cursor.id);
      if (id === 0n) return;
      const more = await this.runner.execute(db, { getMore: Long.fromBigInt(id), collection, ...(batchSize ? { batchSize } : {}) });
      cursor = more.cursor as typeof cursor;
      batch = cursor.nextBatch ?? [];
    }
  }

  private async all(db: string, reply: Doc, collection: string): Promise<Doc[]> {
    const out: Doc[] = [];
    for await (const b of this.drain(db, reply, collection)) out.push(...b);
    return out;
  }

  async listCollections(db: string): Promise<string[]> {
    const infos = await this.all(db, await this.runner.execute(db, { listCollections: 1 }), '$cmd.listCollections');
    return infos
      .filter((c) => c.type !== 'view' && typeof c.name === 'string' && !c.name.startsWith('system.'))
      .map((c) => c.name as string)
      .sort();
  }

  async listIndexes(db: string, collection: string): Promise<Doc[]> {
    return this.all(db, await this.runner.execute(db, { listIndexes: collection }), collection);
  }

  async createIndexes(db: string, collection: string, specs: Doc[]): Promise<void> {
    if (specs.length === 0) return;
    await this.runner.execute(db, { createIndexes: collection, indexes: specs });
  }

  async count(db: string, collection: string): Promise<number> {
    const r = await this.runner.execute(db, { count: collection });
    return Number(r.n ?? 0);
  }

  async *scan(db: string, collection: string, batchSize: number): AsyncIterable<Doc[]> {
    yield* this.drain(db, await this.runner.execute(db, { find: collection, filter: {}, batchSize }), collection, batchSize);
  }

  async insertMany(db: string, collection: string, docs: Doc[]): Promise<InsertOutcome> {
    if (docs.length === 0) return { inserted: 0, duplicates: 0 };
    const r = await this.runner.execute(db, { insert: collection, documents: docs, ordered: false });
    const errors = (r.writeErrors as Array<{ code?: number; errmsg?: string }> | undefined) ?? [];
    const other = errors.find((e) => e.code !== DUPLICATE_KEY);
    if (other) throw new CliError(CLI_CODES.TRANSFER_FAILED, `inserting into ${db}.${collection} failed: ${other.errmsg ?? String(other.code)} (code ${String(other.code)})`, { userError: false });
    return { inserted: Number(r.n ?? 0), duplicates: errors.length };
  }

  async close(): Promise<void> {}
}
