/** The Peer operations both Argon peers share: they differ only in how the collection is reached. */
import type { BenchDoc } from '../lib/docs.js';
import { diskUsage } from '../lib/context.js';

/** What the peers need of a collection: `ArgonCollection` and the driver's `Collection` both fit. */
export interface DocCollection {
  insertMany(docs: BenchDoc[]): Promise<unknown>;
  insertOne(doc: BenchDoc): Promise<unknown>;
  findOne(filter: Record<string, unknown>): Promise<unknown>;
  updateOne(filter: Record<string, unknown>, update: Record<string, unknown>): Promise<unknown>;
  createIndex(spec: { [field: string]: 1 }): Promise<unknown>;
  find(filter: Record<string, unknown>): { toArray(): Promise<unknown[]> };
}

/** Workload operations over a MongoDB-API collection stored under `dir`. */
export abstract class CollectionPeer {
  protected constructor(
    protected readonly col: DocCollection,
    protected readonly dir: string,
  ) {}

  async load(docs: readonly BenchDoc[]): Promise<void> {
    await this.col.insertMany(docs as BenchDoc[]);
  }

  read(id: number): Promise<unknown> {
    return this.col.findOne({ _id: id });
  }

  update(id: number, field: string, value: string): Promise<unknown> {
    return this.col.updateOne({ _id: id }, { $set: { [field]: value } });
  }

  insert(doc: BenchDoc): Promise<unknown> {
    return this.col.insertOne(doc);
  }

  async createIndex(field: string): Promise<void> {
    await this.col.createIndex({ [field]: 1 });
  }

  async rangeQuery(field: string, lo: number, hi: number): Promise<number> {
    return (await this.col.find({ [field]: { $gte: lo, $lt: hi } }).toArray()).length;
  }

  diskBytes(): number {
    return diskUsage(this.dir);
  }
}
