import { calculateObjectSize, ObjectId } from 'bson';
import {
  decodeNumber,
  toDouble,
  assertIdUnchanged,
  buildUpsertDocument,
  compileFilter,
  compileSort,
  compileUpdate,
  isPlainObject,
  normalizeDocument,
  valueKey,
  type Collator,
  type CompiledFilter,
  type CompiledUpdate,
} from '@argon/query';
import { BadInputError, CommandNotSupportedOnViewError } from '../errors.js';
import type { AuditOp } from '../model/wal-entry.js';
import { assertUnique } from './unique-keys.js';
import { assertValid } from './validation.js';
import type { WriteBatch } from './write-batch.js';

type Doc = Record<string, unknown>;

/** Throws 166 when `coll` is a view: views are read-only. */
export function assertNotView(batch: WriteBatch, coll: string): void {
  if (typeof batch.snapshot().info(coll).options.viewOn === 'string') throw new CommandNotSupportedOnViewError(ns(batch, coll));
}

/** Creates the collection on first write, as MongoDB does implicitly. Throws 166 for a view. */
export async function ensureCollection(batch: WriteBatch, coll: string, options: Doc = {}): Promise<boolean> {
  const info = batch.snapshot().info(coll);
  if (info.exists) {
    if (typeof info.options.viewOn === 'string') throw new CommandNotSupportedOnViewError(ns(batch, coll));
    return false;
  }
  await batch.emit({ kind: 'createCollection', collection: coll, options });
  return true;
}

/** The effective byte cap of a capped collection: at least 4096, else rounded up to a multiple of 256 (as mongod). */
export function cappedMaxBytes(size: unknown): number {
  if (!decodeNumber(size)) return Infinity;
  const n = toDouble(size);
  return n <= 4096 ? 4096 : Math.ceil(n / 256) * 256;
}

/**
 * Keeps a capped collection within its `max` documents and `size` bytes by
 * deleting its oldest documents (in insertion order). The deletions are
 * ordinary log entries, so eviction is part of the branch history.
 */
export async function enforceCappedLimits(batch: WriteBatch, coll: string): Promise<void> {
  const options = batch.snapshot().info(coll).options;
  if (options.capped !== true) return;
  const max = decodeNumber(options.max) ? toDouble(options.max) : 0;
  const maxBytes = cappedMaxBytes(options.size);
  const docs = [...batch.snapshot().scan(coll)];
  let count = docs.length;
  let bytes = 0;
  for (const d of docs) bytes += calculateObjectSize(d);
  for (const doc of docs) {
    if (!((max > 0 && count > max) || bytes > maxBytes)) break;
    await batch.emit({ kind: 'delete', collection: coll, id: doc._id, pre: doc, op: { type: 'delete' } });
    count--;
    bytes -= calculateObjectSize(doc);
  }
}

/** Puts `_id` first, generating an ObjectId when absent (as drivers and mongod do). */
export function withId(doc: Doc): Doc {
  if (Object.hasOwn(doc, '_id')) {
    // The first key, without building the array of all of them (this runs per inserted document).
    for (const k in doc) {
      if (k === '_id') return doc;
      break;
    }
  }
  const { _id, ...rest } = doc;
  return { _id: _id === undefined ? new ObjectId() : _id, ...rest };
}

function assertValidId(id: unknown): void {
  if (Array.isArray(id)) throw new BadInputError(`The '_id' value cannot be of type array`, { code: 53 });
  const tag = (id as { _bsontype?: string } | null)?._bsontype;
  if (tag === 'BSONRegExp' || id instanceof RegExp) throw new BadInputError(`can't use a regex for _id`, { code: 53 });
  if (isPlainObject(id)) {
    const bad = Object.keys(id).find((k) => k.startsWith('$'));
    if (bad !== undefined) throw new BadInputError(`_id fields may not contain '$'-prefixed fields: ${bad} is not valid for storage.`, { code: 2 });
  }
}

function ns(batch: WriteBatch, coll: string): string {
  return `${batch.project}.${coll}`;
}

/** Outcome of inserting one document. */
export interface InsertOutcome {
  readonly id: unknown;
}

/** Options of a single write. */
export interface WriteOptions {
  /** Skips the collection's validator (the `bypassDocumentValidation` command option). */
  readonly bypassDocumentValidation?: boolean | undefined;
}

/** Inserts one (already normalized) document; throws 11000 on a duplicate key, 121 when it fails validation. */
export async function insertOne(batch: WriteBatch, coll: string, input: Doc, op: AuditOp = { type: 'insert' }, opts: WriteOptions = {}): Promise<InsertOutcome> {
  const doc = withId(input);
  assertValidId(doc._id);
  // Most inserts go to a collection that exists: no await (a microtask per document) then.
  const existing = batch.snapshot().info(coll);
  if (!existing.exists || typeof existing.options.viewOn === 'string') await ensureCollection(batch, coll);
  const snap = batch.snapshot();
  if (!opts.bypassDocumentValidation) assertValid(snap.info(coll).options, doc, null);
  const key = assertUnique(snap, coll, ns(batch, coll), doc, null);
  const emitted = batch.emit({ kind: 'put', collection: coll, id: doc._id, post: doc, pre: null, op }, key);
  if (emitted instanceof Promise) await emitted;
  return { id: doc._id };
}

/** One update statement as in the `update` command. */
export interface UpdateSpec {
  readonly q: Doc;
  readonly u: Doc | Doc[];
  readonly multi?: boolean;
  readonly upsert?: boolean;
  readonly arrayFilters?: Doc[];
  readonly sort?: Doc;
  /** Collation of the filter and sort (binary when absent). */
  readonly collation?: Collator | undefined;
  /** The command's `let` constants, visible to `$expr` and pipeline updates as `$$name`. */
  readonly variables?: Doc | undefined;
  /** Skips the collection's validator. */
  readonly bypassDocumentValidation?: boolean | undefined;
}

/** Outcome of one update statement. */
export interface UpdateOutcome {
  readonly matched: number;
  readonly modified: number;
  readonly upsertedId?: unknown;
  /** Pre- and post-images of the first affected document (for findAndModify). */
  readonly before?: Doc | null;
  readonly after?: Doc | null;
}

/** Compiles an update spec once, normalizing user-supplied values. */
export function compileUpdateSpec(spec: UpdateSpec): { filter: CompiledFilter; update: CompiledUpdate } {
  const u = Array.isArray(spec.u) ? spec.u.map((s) => normalizeDocument(s)) : normalizeDocument(spec.u);
  const arrayFilters = spec.arrayFilters?.map((f) => normalizeDocument(f));
  return {
    filter: compileFilter(normalizeDocument(spec.q ?? {}), { collation: spec.collation, variables: spec.variables }),
    update: compileUpdate(u, { ...(arrayFilters ? { arrayFilters } : {}), ...(spec.variables ? { variables: spec.variables } : {}) }),
  };
}

/**
 * Applies one update statement: the filter and operators are resolved here,
 * once, and each changed document is logged with its full post-image.
 */
export async function updateDocs(batch: WriteBatch, coll: string, spec: UpdateSpec): Promise<UpdateOutcome> {
  const { filter, update } = compileUpdateSpec(spec);
  const now = new Date(batch.ts);
  const snap = batch.snapshot();
  assertNotView(batch, coll);
  let matches: Doc[] = [];
  if (snap.info(coll).exists) {
    const sort = spec.sort ? compileSort(spec.sort, { collation: spec.collation }) : null;
    for (const d of snap.query(coll, filter)) {
      matches.push(d);
      if (!spec.multi && !sort) break;
    }
    if (sort) {
      matches.sort(sort);
      if (!spec.multi) matches = matches.slice(0, 1);
    }
  }
  if (matches.length === 0) {
    if (!spec.upsert) return { matched: 0, modified: 0, before: null, after: null };
    const seeded = withId(buildUpsertDocument(filter.filter, update, now));
    assertValidId(seeded._id);
    await insertOne(batch, coll, seeded, { type: 'upsert', filter: spec.q, update: spec.u }, { bypassDocumentValidation: spec.bypassDocumentValidation });
    await enforceCappedLimits(batch, coll);
    return { matched: 0, modified: 0, upsertedId: seeded._id, before: null, after: seeded };
  }
  let modified = 0;
  let before: Doc | null = null;
  let after: Doc | null = null;
  const type = update.kind === 'replacement' ? 'replace' : 'update';
  // One audit op for the statement's entries: the log encoder reuses the bytes of what entries share.
  const op: AuditOp = { type, filter: spec.q, update: spec.u };
  for (const doc of matches) {
    const m = filter.match(doc);
    const applied = update.apply(doc, { isInsert: false, now, ...(m.arrayIndex === undefined ? {} : { position: m.arrayIndex }) });
    // The updater returns the input object itself when nothing changed, which is
    // MongoDB's notion of "not modified" (stricter than value equality: Int32(1)
    // replaced by Double(1) is a modification).
    const unchanged = applied === doc;
    let next = applied;
    if (update.kind === 'replacement' && !('_id' in next)) next = { _id: doc._id, ...next };
    assertIdUnchanged(doc, next);
    next = withId(next);
    if (before === null) {
      before = doc;
      after = next;
    }
    if (unchanged) continue;
    if (!spec.bypassDocumentValidation) assertValid(snap.info(coll).options, next, doc);
    const key = valueKey(doc._id);
    assertUnique(batch.snapshot(), coll, ns(batch, coll), next, key);
    await batch.emit({ kind: 'put', collection: coll, id: doc._id, post: next, pre: doc, op }, key);
    modified++;
  }
  return { matched: matches.length, modified, before, after };
}

/** One delete statement as in the `delete` command (`limit` 0 = all, 1 = one). */
export interface DeleteSpec {
  readonly q: Doc;
  readonly limit: number;
  readonly sort?: Doc;
  /** Collation of the filter and sort (binary when absent). */
  readonly collation?: Collator | undefined;
  /** The command's `let` constants, visible to `$expr` as `$$name`. */
  readonly variables?: Doc | undefined;
}

/** Deletes matching documents, logging each with its pre-image. Returns them. */
export async function deleteDocs(batch: WriteBatch, coll: string, spec: DeleteSpec): Promise<Doc[]> {
  const snap = batch.snapshot();
  assertNotView(batch, coll);
  if (!snap.info(coll).exists) return [];
  const filter = compileFilter(normalizeDocument(spec.q ?? {}), { collation: spec.collation, variables: spec.variables });
  const sort = spec.sort ? compileSort(spec.sort, { collation: spec.collation }) : null;
  let victims: Doc[] = [];
  for (const d of snap.query(coll, filter)) {
    victims.push(d);
    if (spec.limit === 1 && !sort) break;
  }
  if (sort) victims.sort(sort);
  if (spec.limit === 1) victims = victims.slice(0, 1);
  const op: AuditOp = { type: 'delete', filter: spec.q };
  for (const doc of victims) {
    await batch.emit({ kind: 'delete', collection: coll, id: doc._id, pre: doc, op });
  }
  return victims;
}
