import { Binary, calculateObjectSize, deserialize, serialize } from 'bson';
import type { Lsn } from '../model/lsn.js';
import { CorruptionError } from '../errors.js';
import { float64Binary, readFloat64Binary } from '../storage/float64-binary.js';
import type { CheckpointImage } from '../storage/storage-backend.js';
import type { CatalogEvent, CollectionStore } from './collection-store.js';
import { epochStartOf, type ProjectState } from './project-state.js';
import { TimeIndex } from './time-index.js';
import type { VersionOp } from './version-chain.js';

/** Format version of engine checkpoint images. */
export const CHECKPOINT_FORMAT = 2;
const TARGET_CHUNK_BYTES = 4 * 1024 * 1024;
const OPS: readonly VersionOp[] = ['insert', 'update', 'replace', 'delete', 'upsert'];
const BSON_OPTS = { promoteValues: false, bsonRegExp: true } as const;

const yieldToLoop = () => new Promise<void>((r) => setImmediate(r));

/**
 * Encodes a project's materialized state as of `lsn` into chunks: a header
 * (time index, heads) and then per-collection chunks of version chains. It
 * yields to the event loop between chunks, so it runs in the background
 * while writes continue; versions above `lsn` are left out.
 */
export async function encodeCheckpoint(state: ProjectState, lsn: Lsn, createdAt: Date): Promise<CheckpointImage> {
  const chunks: Uint8Array[] = [];
  const heads: Record<string, number> = {};
  for (const b of state.branches.values()) heads[b.id] = headAt(state, b.id, lsn);
  const time = state.timeIndex.toArrays(lsn);
  // Catalogs travel in the header so recovery knows every namespace without
  // decoding any document; chain chunks are decoded on first read.
  const catalogs: Array<{ b: string; c: string; events: CatalogEvent[] }> = [];
  for (const [branchId, bs] of state.stores) {
    for (const [coll, cs] of bs.collections) {
      const events = cs.catalog.filter((e) => e.lsn <= lsn);
      if (events.length) catalogs.push({ b: branchId, c: coll, events });
    }
  }
  chunks.push(serialize({ t: 'header', format: CHECKPOINT_FORMAT, project: state.name, lsn, heads, timeLsns: float64Binary(time.lsns), timeTs: float64Binary(time.ts), catalogs }));
  for (const [branchId, bs] of state.stores) {
    for (const [coll, cs] of bs.collections) {
      let ids: unknown[] = [];
      let counts: number[] = [];
      let lsns: number[] = [];
      let ops: number[] = [];
      let docs: unknown[] = [];
      let actors: Record<string, string> = {};
      let size = 0;
      const flush = () => {
        const body = serialize({ ids, counts: float64Binary(counts), lsns: float64Binary(lsns), ops: new Binary(Uint8Array.from(ops)), docs, actors });
        chunks.push(serialize({ t: 'chains', b: branchId, c: coll, body: new Binary(body) }));
        ids = [];
        counts = [];
        lsns = [];
        ops = [];
        docs = [];
        actors = {};
        size = 0;
      };
      for (const chain of cs.versions.values()) {
        let n = 0;
        for (let i = 0; i < chain.lsns.length; i++) {
          const l = chain.lsns[i]!;
          if (l > lsn) break;
          const d = chain.doc(i);
          lsns.push(l);
          ops.push(OPS.indexOf(chain.ops[i]!));
          docs.push(d);
          const actor = chain.actors[i];
          if (actor !== undefined) actors[String(docs.length - 1)] = actor;
          size += d ? calculateObjectSize(d) + 16 : 16;
          n++;
        }
        if (n === 0) continue;
        ids.push(chain.id);
        counts.push(n);
        if (size >= TARGET_CHUNK_BYTES) {
          flush();
          await yieldToLoop();
        }
      }
      if (ids.length > 0) flush();
    }
  }
  return { project: state.name, lsn, createdAt, chunks };
}

function headAt(state: ProjectState, branchId: string, lsn: Lsn): Lsn {
  const head = state.head(branchId);
  if (head <= lsn) return head;
  // A write above the checkpoint LSN was in flight: find the newest own entry at or below it.
  const b = state.branches.get(branchId)!;
  let best = Math.min(b.headLsn, lsn);
  const start = epochStartOf(b);
  for (const cs of state.stores.get(branchId)?.collections.values() ?? []) {
    for (const chain of cs.versions.values()) for (const l of chain.lsns) if (l > start && l <= lsn && l > best) best = l;
    for (const e of cs.catalog) if (e.lsn > start && e.lsn <= lsn && e.lsn > best) best = e.lsn;
  }
  return best;
}

/** Restores a checkpoint image into an empty project state (branches already loaded). */
export function decodeCheckpoint(image: CheckpointImage, state: ProjectState): void {
  const [headerBytes, ...rest] = image.chunks;
  if (!headerBytes) throw new CorruptionError(`checkpoint of ${image.project} at LSN ${image.lsn} has no header chunk`);
  const header = deserialize(headerBytes, BSON_OPTS) as Record<string, unknown>;
  if (header.t !== 'header' || Number(header.format) !== CHECKPOINT_FORMAT) {
    throw new CorruptionError(`checkpoint of ${image.project} at LSN ${image.lsn} has an unknown format (${String(header.format)})`);
  }
  state.timeIndex = TimeIndex.fromArrays(readFloat64Binary(header.timeLsns), readFloat64Binary(header.timeTs));
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
    cs.attachChunk(() => decodeChains(body, cs));
  }
  state.lastLsn = Math.max(state.lastLsn, image.lsn);
}

/** Decodes one chunk of version chains into a collection store. */
function decodeChains(bytes: Uint8Array, cs: CollectionStore): void {
  const chunk = deserialize(bytes, BSON_OPTS) as Record<string, unknown>;
  const ids = chunk.ids as unknown[];
  const counts = readFloat64Binary(chunk.counts);
  const lsns = readFloat64Binary(chunk.lsns);
  const opsBin = chunk.ops as Binary;
  const ops = opsBin.buffer.subarray(0, opsBin.position);
  const docs = chunk.docs as (Record<string, unknown> | null)[];
  const actors = (chunk.actors ?? {}) as Record<string, string>;
  let k = 0;
  for (let i = 0; i < ids.length; i++) {
    for (let j = 0; j < counts[i]!; j++, k++) {
      cs.putVersion(ids[i], lsns[k]!, docs[k] ?? null, OPS[ops[k]!] ?? 'update', actors[String(k)]);
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
