/** Argon in-process: `ArgonClient` on the embedded file store. */
import type { BenchDoc } from '../lib/docs.js';
import { ArgonMeter, waitForCheckpoints } from '../lib/argon-meter.js';
import { ArgonClient, type ArgonCollection } from '@argon/driver';
import { CollectionPeer } from './collection-peer.js';
import type { Peer } from './peer.js';

/** Options of {@link ArgonPeer.open}. */
export interface ArgonPeerOptions {
  readonly dir: string;
  readonly durability: 'sync' | 'interval';
  /** Concurrent async clients sharing the one ArgonClient (default 16). */
  readonly clients?: number;
  readonly checkpointEveryEntries?: number;
}

/** Argon through `ArgonClient` (the MongoClient-compatible in-process driver). */
export class ArgonPeer extends CollectionPeer implements Peer {
  readonly name: string;
  readonly clients: number;
  private constructor(
    readonly client: ArgonClient,
    /** Checkpoints and problems the engine logged. */
    readonly meter: ArgonMeter,
    col: ArgonCollection<BenchDoc>,
    readonly durability: 'sync' | 'interval',
    dir: string,
    clients: number,
  ) {
    super(col, dir);
    this.clients = clients;
    this.name = `Argon (${durability})`;
  }

  /** Opens an ArgonClient on `dir`. */
  static async open(o: ArgonPeerOptions): Promise<ArgonPeer> {
    const meter = new ArgonMeter();
    const client = await new ArgonClient('file:' + o.dir, {
      durability: o.durability,
      logger: meter,
      ...(o.checkpointEveryEntries !== undefined ? { checkpointEveryEntries: o.checkpointEveryEntries } : {}),
    }).connect();
    return new ArgonPeer(client, meter, client.db('bench').collection<BenchDoc>('usertable'), o.durability, o.dir, o.clients ?? 16);
  }


  /** Bytes of the write-ahead log alone (FileStore status). */
  async logBytes(): Promise<number> {
    return (await (await this.client.engine()).storage.status()).logBytes as number;
  }

  /** fsyncs so far (FileStore status). */
  async fsyncs(): Promise<number> {
    return (await (await this.client.engine()).storage.status()).fsyncs as number;
  }

  /** Resolves once no background checkpoint is running. */
  async checkpointsIdle(): Promise<void> {
    await waitForCheckpoints(await this.client.engine());
  }

  close(): Promise<void> {
    return this.client.close();
  }
}
