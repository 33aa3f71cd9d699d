import { valueKey } from '@argon/query';
import type { IndexSpec } from '../model/wal-entry.js';
import type { Lsn } from '../model/lsn.js';
import { PathIndex } from './path-index.js';
import { RawDocument } from './raw-document.js';
import { VersionChain, type StoredDoc, type VersionOp } from './version-chain.js';

/** A namespace event of one collection on one branch. */
export type CatalogEvent =
  | { readonly lsn: Lsn; readonly kind: 'create'; readonly options: Record<string, unknown> }
  | { readonly lsn: Lsn; readonly kind: 'drop' }
  | { readonly lsn: Lsn; readonly kind: 'createIndex'; readonly spec: IndexSpec }
  | { readonly lsn: Lsn; readonly kind: 'dropIndex'; readonly name: string }
  | { readonly lsn: Lsn; readonly kind: 'collMod'; readonly options?: Record<string, unknown>; readonly index?: IndexSpec };

/**
 * Everything one branch wrote to one collection: the per-document version
 * chains, the namespace events, and lazily built path indexes. It holds only
 * the branch's own entries; a view combines stores along the ancestry.
 */
export class CollectionStore {
  private readonly chains = new Map<string, VersionChain>();
  readonly catalog: CatalogEvent[] = [];
  private readonly pathIndexes = new Map<string, PathIndex>();
  /**
   * Checkpoint chunks not decoded yet, and versions replayed on top of them
   * meanwhile. Recovery attaches chunks without decoding them, so restart
   * time is bounded by the log tail; the first read of the collection pays
   * the decoding (a cold cache).
   */
  private lazy: { chunks: Array<() => void>; upToLsn: Lsn; queued: Array<[unknown, Lsn, StoredDoc, VersionOp, string | undefined, string]> } | undefined;
  /**
   * The key of the last {@link chainFor} that found no chain, until a chain
   * for it is added (always by putVersion): an insert looks its `_id` up
   * (uniqueness) and then adds the version, and a probe of a large map is a
   * cache miss worth not paying twice.
   */
  private absentKey: string | undefined;

  constructor(readonly name: string) {}

  /** Every document's version chain, by id key (decodes pending checkpoint chunks first). */
  get versions(): Map<string, VersionChain> {
    if (this.lazy) this.materialize();
    return this.chains;
  }

  /** True while checkpoint chunks are attached but not decoded. */
  get isLazy(): boolean {
    return this.lazy !== undefined;
  }

  /**
   * Attaches a chunk of the checkpoint at `checkpointLsn`; `decode` fills the
   * store when the collection is first read.
   */
  attachChunk(decode: () => void, checkpointLsn: Lsn): void {
    this.lazy ??= { chunks: [], upToLsn: 0, queued: [] };
    this.lazy.chunks.push(decode);
    if (checkpointLsn > this.lazy.upToLsn) this.lazy.upToLsn = checkpointLsn;
  }

  /** While chunks are attached but not decoded: the newest LSN they can hold (else null). */
  get pendingCheckpointLsn(): Lsn | null {
    return this.lazy?.upToLsn ?? null;
  }

  /**
   * While chunks are attached but not decoded: the versions applied on top of
   * them, in the order they came (those queued by the time of the call).
   */
  *queuedVersions(): Generator<{ id: unknown; lsn: Lsn; doc: StoredDoc; op: VersionOp; actor: string | undefined }> {
    const queued = this.lazy?.queued ?? [];
    const n = queued.length;
    for (let i = 0; i < n; i++) {
      const [id, lsn, doc, op, actor] = queued[i]!;
      yield { id, lsn, doc, op, actor };
    }
  }

  /** The version chain of the document with id key `key`, if this store has one. */
  chainFor(key: string): VersionChain | undefined {
    const chain = this.versions.get(key);
    this.absentKey = chain === undefined ? key : undefined;
    return chain;
  }

  private materialize(): void {
    const lazy = this.lazy!;
    this.lazy = undefined;
    for (const decode of lazy.chunks) decode();
    for (const [id, lsn, doc, op, actor, key] of lazy.queued) this.putVersion(id, lsn, doc, op, actor, key);
  }

  /** Adds a document version and keeps built path indexes current. */
  putVersion(id: unknown, lsn: Lsn, doc: StoredDoc, op: VersionOp, actor?: string, key: string = valueKey(id)): void {
    if (this.lazy) {
      // Replayed log entries come after the image: keep their order for later.
      this.lazy.queued.push([id, lsn, doc, op, actor, key]);
      return;
    }
    // Built path indexes need the document now.
    const d = this.pathIndexes.size > 0 && doc instanceof RawDocument ? doc.decode() : doc;
    const chain = key === this.absentKey ? undefined : this.chains.get(key);
    if (chain) chain.push(lsn, d, op, actor);
    else {
      this.chains.set(key, new VersionChain(id, lsn, d, op, actor));
      if (key === this.absentKey) this.absentKey = undefined;
    }
    if (d && this.pathIndexes.size > 0) for (const idx of this.pathIndexes.values()) idx.add(key, d as Record<string, unknown>);
  }

  /** Removes the version written at `lsn` (rollback). Path index entries may stay: they are re-checked. */
  removeVersion(id: unknown, lsn: Lsn): void {
    const key = valueKey(id);
    const chain = this.versions.get(key);
    if (!chain) return;
    chain.remove(lsn);
    if (chain.length === 0) this.versions.delete(key);
  }

  addCatalogEvent(e: CatalogEvent): void {
    const n = this.catalog.length;
    if (n === 0 || this.catalog[n - 1]!.lsn < e.lsn) {
      this.catalog.push(e);
      return;
    }
    if (this.catalog.some((x) => x.lsn === e.lsn)) return;
    this.catalog.push(e);
    this.catalog.sort((a, b) => a.lsn - b.lsn);
  }

  removeCatalogEvent(lsn: Lsn): void {
    const i = this.catalog.findIndex((e) => e.lsn === lsn);
    if (i >= 0) this.catalog.splice(i, 1);
  }

  /** True when the planner has built a path index for `path`. */
  hasPathIndex(path: string): boolean {
    return this.pathIndexes.has(path);
  }

  /** The path index for `path`, built from every stored version on first use. */
  pathIndex(path: string): PathIndex {
    let idx = this.pathIndexes.get(path);
    if (!idx) {
      idx = new PathIndex(path);
      for (const [key, chain] of this.versions) {
        for (let i = 0; i < chain.length; i++) {
          const d = chain.doc(i);
          if (d) idx.add(key, d);
        }
      }
      this.pathIndexes.set(path, idx);
    }
    return idx;
  }
}

/** All collection stores of one branch. */
export class BranchStore {
  readonly collections = new Map<string, CollectionStore>();

  constructor(readonly branchId: string) {}

  collection(name: string): CollectionStore {
    let c = this.collections.get(name);
    if (!c) this.collections.set(name, (c = new CollectionStore(name)));
    return c;
  }
}
