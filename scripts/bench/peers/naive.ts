/**
 * The naive materializer as a peer: an in-memory log of post-images; every
 * read (and every update, which needs the current document) replays the log
 * from the start. No durability, no index.
 */
import type { BenchDoc } from '../lib/docs.js';
import { NaiveMaterializer } from '../lib/naive-materializer.js';
import type { Peer } from './peer.js';

/** The replay-from-the-start baseline. */
export class NaivePeer implements Peer {
  readonly name = 'naive replay';
  readonly durability = 'memory' as const;
  readonly clients = 1;
  readonly log = new NaiveMaterializer();
  private lsn = 0;

  load(docs: readonly BenchDoc[]): void {
    for (const d of docs) this.log.append({ lsn: ++this.lsn, id: d._id, doc: d });
  }

  read(id: number): unknown {
    return this.log.findOne(id, this.lsn) ?? null;
  }

  update(id: number, field: string, value: string): void {
    const cur = this.log.findOne(id, this.lsn);
    if (cur) this.log.append({ lsn: ++this.lsn, id, doc: { ...cur, [field]: value } });
  }

  insert(doc: BenchDoc): void {
    this.log.append({ lsn: ++this.lsn, id: doc._id, doc });
  }

  createIndex(): void {}

  rangeQuery(field: string, lo: number, hi: number): number {
    return this.log.find((d) => {
      const v = d[field];
      return typeof v === 'number' && v >= lo && v < hi;
    }, this.lsn).length;
  }

  diskBytes(): number {
    return 0;
  }

  close(): void {}
}
