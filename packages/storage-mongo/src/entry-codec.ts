import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { Binary, deserialize, serialize } from 'bson';
import { valueKey } from '@argon/query';
import type { WalEntry } from '@argon/core';

/** Images at least this large are tried with deflate; smaller ones stay raw. */
const COMPRESS_MIN_BYTES = 256;
const BSON_OPTS = { promoteValues: false, bsonRegExp: true } as const;

/** How an entry is stored in `wal_log`. */
export interface StoredEntry {
  _id: string;
  project: string;
  lsn: number;
  branchId: string;
  ts: Date;
  collection: string;
  kind: WalEntry['kind'];
  /** Canonical key of the document id, for the history index. */
  idKey?: string;
  opId?: string;
  actor?: string;
  /** BSON of the kind-specific body (id, post, pre, op, spec, ...), maybe deflated. */
  body: Binary;
  /** 'deflate' when `body` is compressed. */
  enc?: 'deflate';
}

const HEADER_FIELDS = new Set(['project', 'lsn', 'branchId', 'ts', 'collection', 'kind', 'actor', 'opId']);

/**
 * Encodes an entry for `wal_log`: indexed header fields stay queryable, the
 * images and the operation go into one BSON body (so every BSON type survives
 * exactly), deflated when that makes it smaller.
 */
export function encodeEntry(e: WalEntry): StoredEntry {
  const body: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(e)) if (!HEADER_FIELDS.has(k) && v !== undefined) body[k] = v;
  let bytes: Uint8Array = serialize(body);
  let enc: 'deflate' | undefined;
  if (bytes.length >= COMPRESS_MIN_BYTES) {
    const z = deflateRawSync(bytes);
    if (z.length < bytes.length * 0.9) {
      bytes = z;
      enc = 'deflate';
    }
  }
  const out: StoredEntry = {
    _id: `${e.project}:${e.lsn}`,
    project: e.project,
    lsn: e.lsn,
    branchId: e.branchId,
    ts: new Date(e.ts),
    collection: e.collection,
    kind: e.kind,
    body: new Binary(bytes),
  };
  if (e.kind === 'put' || e.kind === 'delete') out.idKey = valueKey(e.id);
  if (e.opId !== undefined) out.opId = e.opId;
  if (e.actor !== undefined) out.actor = e.actor;
  if (enc) out.enc = enc;
  return out;
}

function num(v: unknown): number {
  if (typeof v === 'number') return v;
  const tag = (v as { _bsontype?: string } | null)?._bsontype;
  if (tag === 'Long') return Number((v as { toBigInt(): bigint }).toBigInt());
  if (tag === 'Int32' || tag === 'Double') return (v as { value: number }).value;
  return Number(v);
}

/** Decodes a `wal_log` document (read with promoteValues:false) back into an entry. */
export function decodeEntry(doc: Record<string, unknown>): WalEntry {
  const bin = doc.body as Binary;
  let bytes = bin.buffer.subarray(0, bin.position);
  if (doc.enc === 'deflate') bytes = inflateRawSync(bytes);
  const body = deserialize(bytes, BSON_OPTS) as Record<string, unknown>;
  const e: Record<string, unknown> = {
    ...body,
    project: doc.project,
    lsn: num(doc.lsn),
    branchId: doc.branchId,
    ts: (doc.ts as Date).getTime(),
    collection: doc.collection,
    kind: doc.kind,
  };
  if (doc.actor !== undefined) e.actor = doc.actor;
  if (doc.opId !== undefined) e.opId = doc.opId;
  return e as unknown as WalEntry;
}
