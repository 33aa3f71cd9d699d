import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Binary, BSONSymbol, Code, DBRef, deserialize, Int32, ObjectId, serialize, UUID } from 'bson';
import { RawDocument } from '@argon/core';
import { bsonKey as key, bsonValue as value } from '../../../core/test/support/bson-arbitraries.js';
import { decodeDocument, decodeReplayEntry, UNSUPPORTED } from '../../src/log/bson-decoder.js';

const REFERENCE = { promoteValues: false, bsonRegExp: true } as const;

/** Structural equality that also checks classes and key order. */
function same(a: unknown, b: unknown, path = '$'): void {
  if (a === null || typeof a !== 'object') {
    expect(Object.is(a, b) || (typeof a === 'number' && typeof b === 'number' && a === b), `${path}: ${String(a)} vs ${String(b)}`).toBe(true);
    return;
  }
  expect(b !== null && typeof b === 'object', path).toBe(true);
  expect(Object.getPrototypeOf(b), `${path}: class`).toBe(Object.getPrototypeOf(a));
  if (a instanceof Date) {
    expect((b as Date).getTime(), path).toBe(a.getTime());
    return;
  }
  if (a instanceof Uint8Array) {
    expect([...(b as Uint8Array)], path).toEqual([...a]);
    return;
  }
  const ka = Object.keys(a);
  expect(Object.keys(b as object), `${path}: keys`).toEqual(ka);
  for (const k of ka) same((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}.${k}`);
  if ('_bsontype' in a) expect(String(b), `${path}: toString`).toBe(String(a));
}

describe('fast BSON decoder', () => {
  it('decodes exactly like bson.deserialize({promoteValues:false, bsonRegExp:true})', () => {
    fc.assert(
      fc.property(fc.dictionary(key, value, { maxKeys: 8 }), (doc) => {
        const bytes = Buffer.from(serialize(doc));
        const fast = decodeDocument(bytes, 0);
        expect(fast).not.toBe(UNSUPPORTED);
        same(deserialize(bytes, REFERENCE), fast);
      }),
      { numRuns: 400 },
    );
  });

  it('decodes at an offset inside a larger buffer', () => {
    const bytes = Buffer.from(serialize({ a: new Int32(1), s: 'x' }));
    const big = Buffer.concat([Buffer.alloc(7, 9), bytes, Buffer.alloc(3)]);
    same(deserialize(bytes, REFERENCE), decodeDocument(big, 7));
  });

  it('returns UNSUPPORTED for rare types so the caller falls back', () => {
    for (const doc of [{ c: new Code('x') }, { s: new BSONSymbol('s') }, { r: new DBRef('coll', new ObjectId()) }, { b: new Binary(Buffer.from([1]), 2) }]) {
      expect(decodeDocument(Buffer.from(serialize(doc)), 0)).toBe(UNSUPPORTED);
    }
  });

  it('turns envelope lsn and ts into numbers only at the top level', () => {
    const bytes = Buffer.from(serialize({ lsn: 2 ** 40, ts: 5, post: { lsn: new Int32(3) } }));
    const d = decodeDocument(bytes, 0, true) as Record<string, unknown>;
    expect(d.lsn).toBe(2 ** 40);
    expect(d.ts).toBe(5);
    expect((d.post as { lsn: unknown }).lsn).toBeInstanceOf(Int32);
  });

  it('for replay, skips pre, opId and every op field but type, keeps post raw, and decodes the rest exactly', () => {
    fc.assert(
      fc.property(fc.dictionary(key, value, { maxKeys: 5 }), value, value, value, (post, pre, filter, update) => {
        const entry = { project: 'p', lsn: 7, ts: 9, kind: 'put', id: new Int32(1), post, pre, op: { filter, type: 'update', update }, actor: 'a', opId: 'f1c0e8a2-5d43-4c1b-9d55-0c6f1b2a3e4d' };
        const bytes = Buffer.from(serialize(entry));
        const full = decodeDocument(bytes, 0, true) as Record<string, unknown>;
        const replay = decodeReplayEntry(bytes, 0) as Record<string, unknown>;
        expect(full).not.toBe(UNSUPPORTED);
        expect(replay).not.toBe(UNSUPPORTED);
        expect(replay).not.toHaveProperty('pre');
        expect(replay).not.toHaveProperty('opId');
        expect(replay.op).toEqual({ type: 'update' });
        expect(replay.post).toBeInstanceOf(RawDocument);
        same(full.post, (replay.post as RawDocument).decode());
        same(full.id, replay.id);
        expect([replay.lsn, replay.ts, replay.actor]).toEqual([7, 9, 'a']);
      }),
      { numRuns: 300 },
    );
  });

  it('decodes put and delete entries for replay into the same fields as a full decode', () => {
    fc.assert(
      fc.property(
        value,
        fc.dictionary(key, value, { maxKeys: 5 }),
        value,
        fc.constantFrom('put', 'delete'),
        fc.option(fc.constant('ann')),
        // Repeated and changing names: the decoder reuses the previous entry's string when the bytes match.
        fc.constantFrom('p', 'q', 'shop'),
        fc.oneof(fc.constantFrom('c', 'cé', 'orders', 'orderz'), fc.string({ maxLength: 40 })),
        fc.constantFrom('b1', 'b2'),
        (id, post, pre, kind, actor, project, collection, branchId) => {
          const entry = { project, lsn: 7, ts: 9.5, kind, collection, id, post, pre, op: { type: 'update', filter: { _id: id } }, branchId, opId: 'x', ...(actor ? { actor } : {}) };
          const bytes = Buffer.from(serialize(entry));
          const generic = decodeDocument(bytes, 0, true) as Record<string, unknown>;
          const fast = decodeReplayEntry(bytes, 0);
          expect(fast).not.toBe(UNSUPPORTED);
          if (fast === UNSUPPORTED) return;
          for (const k of ['project', 'lsn', 'ts', 'kind', 'collection', 'branchId', 'actor']) expect(fast[k], k).toEqual(generic[k]);
          same(generic.id, fast.id);
          expect(fast.op).toEqual({ type: 'update' });
          same(generic.post, (fast.post as RawDocument).decode());
        },
      ),
      { numRuns: 300 },
    );
  });

  it('leaves catalog entries and unknown fields to a full decode', () => {
    const cases = [
      { project: 'p', lsn: 1, ts: 1, kind: 'createCollection', collection: 'c', options: {}, branchId: 'b' },
      { project: 'p', lsn: 2, ts: 1, kind: 'put', collection: 'c', id: 1, post: { _id: 1 }, op: { type: 'insert' }, branchId: 'b', extra: true },
      { project: 'p', lsn: 3, ts: 1, kind: 'put', collection: 'c', id: 1, post: { _id: 1 }, op: { type: 'insert' }, branchId: 7 },
    ];
    for (const c of cases) expect(decodeReplayEntry(Buffer.from(serialize(c)), 0)).toBe(UNSUPPORTED);
    const ok = decodeReplayEntry(Buffer.from(serialize({ project: 'p', lsn: 4, ts: 1, kind: 'delete', collection: 'c', id: 1, pre: { _id: 1 }, op: { type: 'delete' }, branchId: 'b' })), 0);
    expect(ok).toMatchObject({ project: 'p', lsn: 4, kind: 'delete', id: new Int32(1), branchId: 'b', op: { type: 'delete' } });
  });

  it('for replay, leaves names that only start or extend a known one to a full decode', () => {
    const base = { project: 'p', lsn: 4, ts: 1, kind: 'put', collection: 'c', id: 1, post: { _id: 1 }, op: { type: 'insert' }, branchId: 'b' };
    expect(decodeReplayEntry(Buffer.from(serialize(base)), 0)).not.toBe(UNSUPPORTED);
    const names = ['l', 'ls', 'lsnx', 't', 'tsx', 'i', 'idx', 'k', 'kinds', 'c', 'collectionX', 'b', 'branch', 'branchIdx', 'a', 'act', 'actors', 'o', 'ops', 'opI', 'opIdx', 'p', 'pr', 'prex', 'pos', 'postx', 'proj', 'projectx', 'x'];
    for (const name of names) expect(decodeReplayEntry(Buffer.from(serialize({ ...base, [name]: 'v' })), 0), name).toBe(UNSUPPORTED);
    // In op, only `type` is read: a longer name is skipped like any other field.
    const typeLike = decodeReplayEntry(Buffer.from(serialize({ ...base, op: { typeX: 'a', type: 'update' } })), 0);
    expect((typeLike as Record<string, unknown>).op).toEqual({ type: 'update' });
  });

  it('for replay, still rejects a pre-image whose length runs past the entry', () => {
    const bytes = Buffer.from(serialize({ lsn: 1, ts: 1, kind: 'put', pre: { a: 1 }, post: { a: 2 } }));
    const preAt = bytes.indexOf(Buffer.from('pre\0', 'latin1')) + 4;
    bytes.writeInt32LE(1000, preAt);
    expect(() => decodeReplayEntry(bytes, 0)).toThrow(/corrupt BSON/);
  });

  it('keeps UUIDs as bson does', () => {
    const u = new UUID();
    const d = decodeDocument(Buffer.from(serialize({ u })), 0) as { u: unknown };
    expect(d.u).toBeInstanceOf(UUID);
    expect((d.u as UUID).toHexString()).toBe(u.toHexString());
  });

  it('rejects a malformed document', () => {
    const bytes = Buffer.from(serialize({ a: 'hello' }));
    bytes.writeInt32LE(100, 7); // string length beyond the document
    expect(() => decodeDocument(bytes, 0)).toThrow(/corrupt BSON/);
  });
});

describe('entry codec', () => {
  it('encodes and decodes an entry larger than bson’s 17 MiB scratch buffer', async () => {
    const { encodeEntry, decodeEntry } = await import('../../src/log/entry-codec.js');
    const big = new Binary(Buffer.alloc(12 * 1024 * 1024, 5), 0);
    const bytes = Buffer.from(
      encodeEntry({ project: 'p', lsn: 1, ts: 2, branchId: 'b', collection: 'c', kind: 'put', id: new Int32(1), post: { _id: new Int32(1), big }, pre: { _id: new Int32(1), big }, op: { type: 'update' } }),
    );
    expect(bytes.length).toBeGreaterThan(24 * 1024 * 1024);
    const e = decodeEntry(bytes, 0) as unknown as { post: { big: Binary }; lsn: number };
    expect(e.lsn).toBe(1);
    expect(e.post.big.length()).toBe(12 * 1024 * 1024);
  });
});
