/**
 * NeDB (@seald-io/nedb): a persistent datastore file in a temp directory,
 * with an index on each queried field (`_id` is always indexed). NeDB appends
 * every change to its data file without fsync (its docs compare this to
 * Redis' `appendfsync no`), so its writes are only as durable as the OS page
 * cache. Its executor runs one operation at a time; the workloads still give
 * it 16 concurrent clients, like Argon.
 */
import NedbModule from '@seald-io/nedb';
import { join } from 'node:path';
import type { BenchDoc } from '../lib/docs.js';
import { diskUsage } from '../lib/context.js';
import type { Peer } from './peer.js';

// The package is CommonJS (`module.exports = Datastore`) while its typings
// declare `export default`; under NodeNext the default import is then typed as
// the module object. Unwrap whichever shape arrives.
type DatastoreClass = typeof NedbModule.default;
type Datastore<T> = InstanceType<DatastoreClass> & NedbModule.default<T>;
const DatastoreCtor: DatastoreClass = ((NedbModule as unknown as { default?: DatastoreClass }).default ?? NedbModule) as DatastoreClass;

/** A NeDB datastore file. */
export class NedbPeer implements Peer {
  readonly name = 'NeDB';
  readonly durability = 'os' as const;
  readonly clients: number;
  private constructor(
    private readonly ds: Datastore<BenchDoc>,
    private readonly file: string,
    clients: number,
  ) {
    this.clients = clients;
  }

  /** Creates and loads an empty datastore in `dir`. */
  static async open(dir: string, clients = 16): Promise<NedbPeer> {
    const file = join(dir, 'bench.db');
    const ds = new DatastoreCtor<BenchDoc>({ filename: file, autoload: false });
    await ds.loadDatabaseAsync();
    return new NedbPeer(ds, file, clients);
  }

  async load(docs: readonly BenchDoc[]): Promise<void> {
    await this.ds.insertAsync(docs as BenchDoc[]);
  }

  // NeDB's *Async methods return lazy cursors that only run when awaited: await them here.
  async read(id: number): Promise<unknown> {
    return await this.ds.findOneAsync({ _id: id } as never);
  }

  async update(id: number, field: string, value: string): Promise<unknown> {
    return await this.ds.updateAsync({ _id: id } as never, { $set: { [field]: value } }, {});
  }

  async insert(doc: BenchDoc): Promise<unknown> {
    return await this.ds.insertAsync(doc);
  }

  async createIndex(field: string): Promise<void> {
    await this.ds.ensureIndexAsync({ fieldName: field });
  }

  async rangeQuery(field: string, lo: number, hi: number): Promise<number> {
    return (await this.ds.findAsync({ [field]: { $gte: lo, $lt: hi } } as never)).length;
  }

  diskBytes(): number {
    return diskUsage(this.file);
  }

  async close(): Promise<void> {
    // NeDB has no close; wait for queued persistence by running one more no-op query.
    await this.ds.countAsync({});
  }
}
