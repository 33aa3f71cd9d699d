import { Binary, deserialize, serialize } from 'bson';
import type { Lsn } from '../model/lsn.js';
import { ArgonError, CorruptionError } from '../errors.js';
import { BsonWriter, UNENCODABLE } from '../storage/bson-writer.js';
import { float64Binary, readFloat64Binary } from '../storage/float64-binary.js';
import type { CheckpointImage } from '../storage/storage-backend.js';
import type { WalEntry } from '../model/wal-entry.js';
import type { CatalogEvent, CollectionStore } from './collection-store.js';
import { epochStartOf, type ProjectState } from './project-state.js';
import { TimeIndex } from './time-index.js';
import { RawDocument } from './raw-document.js';
import type { StoredDoc, VersionOp } from './version-chain.js';

/**
 * Format version of engine checkpoint images. 3 stores the time index as
 * runs (see `TimeIndex.toRuns`); 2 stored it entry by entry and still loads.
 */
export const CHECKPOINT_FORMAT = 3;
const OLDEST_CHECKPOINT_FORMAT = 2;
const TARGET_CHUNK_BYTES = 4 * 1024 * 1024;
const OPS: readonly VersionOp[] = ['insert', 'update', 'replace', 'delete', 'upsert'];
const BSON_OPTS = { promoteValues: false, bsonRegExp: true } as const;
const CHAIN_BODY_OPTS = { ...BSON_OPTS, fieldsAsRaw: { docs: true } } as const;

const yieldToLoop = (pauseMs: number) => new Promise<void>((r) => (pauseMs > 0 ? setTimeout(r, pauseMs) : setImmediate(r)));
/**
 * Longest run of encoding between yields. A group commit needs several
 * event-loop turns (fsync completion, acknowledgements, the writers' next
 * commands, the next append), and each turn waits for the current slice:
 * with one 4 MB chunk per slice (~15 ms), 64 concurrent writers fell from
 * ~45k to ~1k inserts/s while a checkpoint was being encoded; with 1 ms
 * slices they keep ~10–25k/s (measured on the 2-core bench machine).
 */
const SLICE_MS = 1;

/** Options of {@link encodeCheckpoint}. */
export interface EncodeCheckpointOptions {
  /**
   * Encode only versions above this LSN: an incremental image whose storage
   * backend takes the older versions from the checkpoint saved at `baseLsn`.
   */
  readonly baseLsn?: Lsn;
  /** Polled between slices; when it returns true, encoding stops and resolves null. */
  readonly cancelled?: () => boolean;
  /**
   * Pause between slices, in ms (0: only yield one event-loop turn). Even
   * 1 ms slices back to back starve a busy server: every turn of the loop
   * then waits for one, and a group commit needs several turns, so 64
   * writers fell to ~10% of their rate while an image was encoded. Pausing
   * caps the encoder's share of the CPU instead; background checkpoints
   * use it, the final one at shutdown does not.
   */
  readonly pauseMs?: number;
}

/**
 * Encodes a project's materialized state as of `lsn` into chunks: a header
 * (time index, heads, catalogs) and then per-collection chunks of version
 * chains. It yields to the event loop every {@link SLICE_MS}, so it runs in
 * the background while writes continue; versions above `lsn` are left out,
 * and so are versions at or below `baseLsn` when it is given. Resolves null
 * if `cancelled` said stop.
 */
export async function encodeCheckpoint(state: ProjectState, lsn: Lsn, createdAt: Date, opts: EncodeCheckpointOptions = {}): Promise<CheckpointImage | null> {
  const base = opts.baseLsn ?? 0;
  if (base > lsn) throw new ArgonError(`cannot encode a checkpoint at LSN ${lsn} on a base at LSN ${base}`);
  const chunks: Uint8Array[] = [encodeCheckpointHeader(state, lsn)];
  const w = new BsonWriter(TARGET_CHUNK_BYTES + (1 << 20));
  let chains = 0;
  let sliceStart = performance.now();
  // True once a slice is used up (checked every 32 chains: reading the clock costs too).
  const sliceOver = (): boolean => (++chains & 31) === 0 && performance.now() - sliceStart >= SLICE_MS;
  const nextSlice = async (): Promise<boolean> => {
    await yieldToLoop(opts.pauseMs ?? 0);
    sliceStart = performance.now();
    return opts.cancelled?.() !== true;
  };
  for (const [branchId, bs] of state.stores) {
    for (const [coll, cs] of bs.collections) {
      const chunk = new ChainChunkWriter(w, branchId, coll);
      const pending = cs.pendingCheckpointLsn;
      if (pending !== null && pending <= base) {
        // The undecoded checkpoint chunks hold only versions at or below the
        // base; the versions above it wait in order in the queue. Encoding
        // from the queue keeps the collection undecoded (a one-version chain
        // per queued version: recovery appends each to its chain in order).
        for (const v of cs.queuedVersions()) {
          if (v.lsn <= base || v.lsn > lsn) continue;
          chunk.addVersion(v.lsn, v.op, v.doc, v.actor);
          chunk.endChain(v.id, 1);
          if (chunk.bytes >= TARGET_CHUNK_BYTES) chunks.push(chunk.finish());
          if (sliceOver() && !(await nextSlice())) return null;
        }
      } else {
        for (const chain of cs.versions.values()) {
          // History is append-only: only the newest versions can be above the base.
          let n = 0;
          for (let i = chain.upperBound(base); i < chain.length; i++) {
            const l = chain.lsn(i);
            if (l > lsn) break;
            chunk.addVersion(l, chain.op(i), chain.stored(i), chain.actor(i));
            n++;
          }
          if (n > 0) {
            chunk.endChain(chain.id, n);
            if (chunk.bytes >= TARGET_CHUNK_BYTES) chunks.push(chunk.finish());
          }
          if (sliceOver() && !(await nextSlice())) return null;
        }
      }
      if (!chunk.empty) chunks.push(chunk.finish());
    }
  }
  return { project: state.name, lsn, createdAt, chunks, ...(opts.baseLsn !== undefined ? { baseLsn: opts.baseLsn } : {}) };
}

/**
 * The header chunk of a checkpoint image of `state` at `lsn`: branch heads,
 * the time index and every collection's catalog (so recovery knows every
 * namespace without decoding any document; chain chunks are decoded on
 * first read).
 */
export function encodeCheckpointHeader(state: ProjectState, lsn: Lsn): Uint8Array {
  const heads: Record<string, number> = {};
  for (const b of state.branches.values()) heads[b.id] = headAt(state, b.id, lsn);
  const time = state.timeIndex.toRuns(lsn);
  const catalogs: Array<{ b: string; c: string; events: CatalogEvent[] }> = [];
  for (const [branchId, bs] of state.stores) {
    for (const [coll, cs] of bs.collections) {
      const events = cs.catalog.filter((e) => e.lsn <= lsn);
      if (events.length) catalogs.push({ b: branchId, c: coll, events });
    }
  }
  return serialize({ t: 'header', format: CHECKPOINT_FORMAT, project: state.name, lsn, heads, timeFirst: float64Binary(time.first), timeCount: float64Binary(time.count), timeTs: float64Binary(time.ts), catalogs });
}

/**
 * Builds the chain chunks of an incremental image from logged entries
 * instead of the engine's memory, so a backend that keeps the log can build
 * them away from the engine (in another thread). Fed a project's entries
 * with LSNs in (base, lsn], in LSN order, it gives each put or delete the
 * version `ProjectState.apply` gives it, as a one-version chain in its
 * collection's chunks (as the versions queued for an undecoded collection
 * are encoded; recovery appends each to its chain in order). Other entries
 * change catalogs, which the header chunk carries.
 */
export class LogDeltaEncoder {
  private readonly groups = new Map<string, { writer: ChainChunkWriter; chunks: Uint8Array[] }>();

  /** Adds one logged entry. */
  add(e: WalEntry): void {
    if (e.kind !== 'put' && e.kind !== 'delete') return;
    const key = `${e.branchId}\u0000${e.collection}`;
    let g = this.groups.get(key);
    if (!g) this.groups.set(key, (g = { writer: new ChainChunkWriter(new BsonWriter(1 << 18), e.branchId, e.collection), chunks: [] }));
    if (e.kind === 'put') g.writer.addVersion(e.lsn, e.op.type, e.post as StoredDoc, e.actor);
    else g.writer.addVersion(e.lsn, 'delete', null, e.actor);
    g.writer.endChain(e.id, 1);
    if (g.writer.bytes >= TARGET_CHUNK_BYTES) g.chunks.push(g.writer.finish());
  }

  /** The chunks, each collection's together and in order. */
  finish(): Uint8Array[] {
    const out: Uint8Array[] = [];
    for (const g of this.groups.values()) {
      out.push(...g.chunks);
      if (!g.writer.empty) out.push(g.writer.finish());
    }
    return out;
  }
}

/**
 * Builds the chunks of one collection's version chains: `{t: 'chains', b, c,
 * body: Binary(<{docs, ids, counts, lsns, ops, actors}>)}`. Documents are
 * encoded into the body as they are added (raw versions are copied as they
 * are), so the chunk's size is known exactly and nothing is encoded twice.
 */
class ChainChunkWriter {
  private ids: unknown[] = [];
  private counts: number[] = [];
  private lsns: number[] = [];
  private ops: number[] = [];
  private actors: Record<string, string> = {};
  // Every version added, for the rare chunk whose fields need bson.serialize.
  private docs: StoredDoc[] = [];
  private chunkStart = 0;
  private bodyStart = 0;
  private docsStart = 0;

  constructor(
    private readonly w: BsonWriter,
    private readonly branchId: string,
    private readonly coll: string,
  ) {
    this.begin();
  }

  get empty(): boolean {
    return this.ids.length === 0;
  }

  /** Bytes written for the current chunk so far. */
  get bytes(): number {
    return this.w.pos - this.chunkStart;
  }

  addVersion(lsn: Lsn, op: VersionOp, doc: StoredDoc, actor: string | undefined): void {
    const k = String(this.docs.length);
    if (actor !== undefined) this.actors[k] = actor;
    this.lsns.push(lsn);
    this.ops.push(OPS.indexOf(op));
    this.docs.push(doc);
    try {
      this.w.field(k, doc);
    } catch (err) {
      if (err !== UNENCODABLE) throw err;
      this.w.documentBytesField(k, serialize(doc as Record<string, unknown>));
    }
  }

  endChain(id: unknown, versions: number): void {
    this.ids.push(id);
    this.counts.push(versions);
  }

  /** The finished chunk's bytes; the writer is ready for the next chunk. */
  finish(): Uint8Array {
    const w = this.w;
    w.closeDocument(this.docsStart);
    try {
      w.field('ids', this.ids);
      w.field('counts', float64Binary(this.counts));
      w.field('lsns', float64Binary(this.lsns));
      w.field('ops', new Binary(Uint8Array.from(this.ops)));
      w.field('actors', this.actors);
      w.closeDocument(this.bodyStart);
    } catch (err) {
      if (err !== UNENCODABLE) throw err;
      // An _id of a type the writer leaves to bson (e.g. Code): the whole body goes through serialize.
      w.pos = this.bodyStart;
      const docs = this.docs.map((d) => (d instanceof RawDocument ? d.decode() : d));
      w.writeBytes(serialize({ docs, ids: this.ids, counts: float64Binary(this.counts), lsns: float64Binary(this.lsns), ops: new Binary(Uint8Array.from(this.ops)), actors: this.actors }));
    }
    w.closeBinaryField(this.bodyStart - 5);
    w.closeDocument(this.chunkStart);
    // The chunk keeps the writer's buffer (no copy); the writer starts a fresh one.
    const out = w.detach();
    this.ids = [];
    this.counts = [];
    this.lsns = [];
    this.ops = [];
    this.actors = {};
    this.docs = [];
    this.begin();
    return out;
  }

  private begin(): void {
    const w = this.w;
    w.pos = 0;
    this.chunkStart = w.openDocument();
    w.field('t', 'chains');
    w.field('b', this.branchId);
    w.field('c', this.coll);
    this.bodyStart = w.openBinaryField('body') + 5;
    w.openDocument();
    this.docsStart = w.openField('docs', true);
  }
}

function headAt(state: ProjectState, branchId: string, lsn: Lsn): Lsn {
  const head = state.head(branchId);
  if (head <= lsn) return head;
  // Writes above the checkpoint LSN are in flight. Batches are applied in LSN
  // order and the checkpoint LSN is the last of a settled batch, so the head
  // before the oldest in-flight batch above it is the head at it.
  let before = Infinity;
  for (const batch of state.unsettled) {
    const first = batch.entries[0];
    if (batch.branch.id === branchId && first && first.lsn > lsn && batch.headBefore < before) before = batch.headBefore;
  }
  if (before <= lsn) return before;
  // Otherwise (entries another process wrote, on shared backends): find the newest own entry at or below it.
  const b = state.branches.get(branchId)!;
  let best = Math.min(b.headLsn, lsn);
  const start = epochStartOf(b);
  for (const cs of state.stores.get(branchId)?.collections.values() ?? []) {
    for (const chain of cs.versions.values()) {
      const i = chain.find(Math.max(start, best), lsn);
      if (i >= 0) best = chain.lsn(i);
    }
    for (const e of cs.catalog) if (e.lsn > start && e.lsn <= lsn && e.lsn > best) best = e.lsn;
  }
  return best;
}

/** Restores a checkpoint image into an empty project state (branches already loaded). */
export function decodeCheckpoint(image: CheckpointImage, state: ProjectState): void {
  const [headerBytes, ...rest] = image.chunks;
  if (!headerBytes) throw new CorruptionError(`checkpoint of ${image.project} at LSN ${image.lsn} has no header chunk`);
  const header = deserialize(headerBytes, BSON_OPTS) as Record<string, unknown>;
  const format = Number(header.format);
  if (header.t !== 'header' || !(format >= OLDEST_CHECKPOINT_FORMAT && format <= CHECKPOINT_FORMAT)) {
    throw new CorruptionError(`checkpoint of ${image.project} at LSN ${image.lsn} has an unknown format (${String(header.format)})`);
  }
  try {
    state.timeIndex =
      format === OLDEST_CHECKPOINT_FORMAT
        ? TimeIndex.fromArrays(readFloat64Binary(header.timeLsns), readFloat64Binary(header.timeTs))
        : TimeIndex.fromRuns(readFloat64Binary(header.timeFirst), readFloat64Binary(header.timeCount), readFloat64Binary(header.timeTs));
  } catch (err) {
    throw new CorruptionError(`checkpoint of ${image.project} at LSN ${image.lsn} has an invalid time index: ${(err as Error).message}`);
  }
  for (const [id, h] of Object.entries(header.heads as Record<string, unknown>)) {
    const b = state.branches.get(id);
    // A reset saved after the image was taken lowered the head; the stored
    // record is newer than the image then, and replay moves on from there.
    if (b && epochStartOf(b) <= image.lsn) state.heads.set(id, Number((h as { valueOf(): number }).valueOf()));
  }
  for (const c of (header.catalogs as Array<{ b: string; c: string; events: Record<string, unknown>[] }> | undefined) ?? []) {
    const cs = state.store(String(c.b)).collection(String(c.c));
    for (const e of c.events) cs.addCatalogEvent(reviveCatalog(e));
  }
  for (const bytes of rest) {
    // Only the small envelope is decoded now; the documents wait for the first read.
    const chunk = deserialize(bytes, BSON_OPTS) as Record<string, unknown>;
    const cs = state.store(String(chunk.b)).collection(String(chunk.c));
    const bin = chunk.body as Binary;
    const body = bin.buffer.subarray(0, bin.position);
    cs.attachChunk(() => decodeChains(body, cs), image.lsn);
  }
  state.lastLsn = Math.max(state.lastLsn, image.lsn);
}

/** Decodes one chunk of version chains into a collection store. */
function decodeChains(bytes: Uint8Array, cs: CollectionStore): void {
  // Documents stay raw BSON (views into the chunk) until first read, as replayed log entries do.
  const chunk = deserialize(bytes, CHAIN_BODY_OPTS) as Record<string, unknown>;
  const ids = chunk.ids as unknown[];
  const counts = readFloat64Binary(chunk.counts);
  const lsns = readFloat64Binary(chunk.lsns);
  const opsBin = chunk.ops as Binary;
  const ops = opsBin.buffer.subarray(0, opsBin.position);
  const docs = chunk.docs as (Uint8Array | null)[];
  const actors = (chunk.actors ?? {}) as Record<string, string>;
  let k = 0;
  for (let i = 0; i < ids.length; i++) {
    for (let j = 0; j < counts[i]!; j++, k++) {
      const doc = docs[k];
      cs.putVersion(ids[i], lsns[k]!, doc ? new RawDocument(doc, 0) : null, OPS[ops[k]!] ?? 'update', actors[String(k)]);
    }
  }
}

function reviveCatalog(e: Record<string, unknown>): CatalogEvent {
  const lsn = Number((e.lsn as { valueOf(): number }).valueOf());
  switch (e.kind) {
    case 'create':
      return { lsn, kind: 'create', options: (e.options ?? {}) as Record<string, unknown> };
    case 'drop':
      return { lsn, kind: 'drop' };
    case 'createIndex':
      return { lsn, kind: 'createIndex', spec: e.spec as never };
    case 'collMod':
      return {
        lsn,
        kind: 'collMod',
        ...(e.options ? { options: e.options as Record<string, unknown> } : {}),
        ...(e.index ? { index: e.index as never } : {}),
      };
    default:
      return { lsn, kind: 'dropIndex', name: String(e.name) };
  }
}
