import { canonicalRank, compileFilter, isPlainObject, valueKey, type CompiledFilter } from '@argon/query';
import type { IndexSpec } from '../model/wal-entry.js';
import type { Lsn } from '../model/lsn.js';
import type { CollectionStore } from './collection-store.js';
import type { ProjectState } from './project-state.js';
import { DEEP_VIEW_SEGMENTS, type ImageEntry } from './prefix-image.js';
import type { Segment } from './view.js';

type Doc = Record<string, unknown>;

/** What a view knows about one collection's namespace. */
export interface CollectionInfo {
  readonly exists: boolean;
  readonly options: Record<string, unknown>;
  /** Secondary and _id index specs, in creation order. */
  readonly indexes: readonly IndexSpec[];
  /** Versions below this LSN were dropped with the collection. */
  readonly dropBarrier: Lsn;
}

/** The implicit index every collection has. */
export const ID_INDEX: IndexSpec = Object.freeze({ name: '_id_', key: Object.freeze({ _id: 1 }) as Record<string, unknown> });

/**
 * The `_id` index of a collection created with these options: the clustered
 * index when `clusteredIndex` names one (`{key: {_id: 1}, unique: true, name}`),
 * else the implicit `_id_` index.
 */
export function idIndexOf(options: Record<string, unknown>): IndexSpec {
  const ci = options.clusteredIndex;
  if (!isPlainObject(ci)) return ID_INDEX;
  const name = typeof ci.name === 'string' && ci.name !== '' ? ci.name : '_id_';
  return { name, key: { _id: 1 }, unique: true, clustered: true };
}

/**
 * A consistent read of a project along a list of segments: a branch at its
 * head or at a past LSN. Every read API (find, count, distinct, aggregate,
 * history, diff) goes through a snapshot, so all of them work unchanged on
 * time-travel views.
 */
export class Snapshot {
  private readonly infoCache = new Map<string, CollectionInfo>();

  constructor(
    readonly state: ProjectState,
    readonly segments: readonly Segment[],
  ) {}

  /** Stores of this collection along the segments (same order), with their segment. */
  private storesOf(coll: string): Array<[Segment, CollectionStore]> {
    const out: Array<[Segment, CollectionStore]> = [];
    for (const seg of this.segments) {
      const cs = this.state.stores.get(seg.branchId)?.collections.get(coll);
      if (cs) out.push([seg, cs]);
    }
    return out;
  }

  /** Namespace facts for a collection as of this snapshot. */
  info(coll: string): CollectionInfo {
    const cached = this.infoCache.get(coll);
    if (cached) return cached;
    let exists = false;
    let options: Record<string, unknown> = {};
    let indexes = new Map<string, IndexSpec>();
    let dropBarrier = 0;
    for (const [seg, cs] of this.storesOf(coll)) {
      for (const e of cs.catalog) {
        if (e.lsn <= seg.lo || e.lsn > seg.hi) continue;
        switch (e.kind) {
          case 'create':
            if (!exists) {
              exists = true;
              options = e.options;
              const idIndex = idIndexOf(e.options);
              indexes = new Map([[idIndex.name, idIndex]]);
            }
            break;
          case 'drop':
            exists = false;
            options = {};
            indexes = new Map();
            dropBarrier = e.lsn;
            break;
          case 'createIndex':
            if (exists) indexes.set(e.spec.name, e.spec);
            break;
          case 'dropIndex':
            indexes.delete(e.name);
            break;
          case 'collMod':
            if (!exists) break;
            if (e.options) options = { ...options, ...e.options };
            if (e.index && indexes.has(e.index.name)) indexes.set(e.index.name, e.index);
            break;
        }
      }
    }
    const info: CollectionInfo = { exists, options, indexes: [...indexes.values()], dropBarrier };
    this.infoCache.set(coll, info);
    return info;
  }

  /** Names of the collections that exist in this snapshot. */
  collectionNames(): string[] {
    const names = new Set<string>();
    for (const seg of this.segments) {
      const bs = this.state.stores.get(seg.branchId);
      if (bs) for (const n of bs.collections.keys()) names.add(n);
    }
    return [...names].filter((n) => this.info(n).exists).sort();
  }

  /** The document with this id key, or null. */
  getByKey(coll: string, key: string, barrier = this.info(coll).dropBarrier): Doc | null {
    const segs = this.segments;
    if (segs.length > DEEP_VIEW_SEGMENTS) return this.getDeep(coll, key, barrier);
    for (let i = segs.length - 1; i >= 0; i--) {
      const seg = segs[i]!;
      const chain = this.state.stores.get(seg.branchId)?.collections.get(coll)?.chainFor(key);
      if (!chain) continue;
      const idx = chain.find(seg.lo, seg.hi);
      if (idx < 0) continue;
      if (chain.lsn(idx) < barrier) return null;
      return chain.doc(idx);
    }
    return null;
  }

  /** Deep views: the last segment, then the image of the frozen prefix. */
  private getDeep(coll: string, key: string, barrier: Lsn): Doc | null {
    const last = this.segments[this.segments.length - 1]!;
    const chain = this.state.stores.get(last.branchId)?.collections.get(coll)?.versions.get(key);
    const idx = chain ? chain.find(last.lo, last.hi) : -1;
    if (idx >= 0) return chain!.lsn(idx) < barrier ? null : chain!.doc(idx);
    const e = this.prefixImage(coll).get(key);
    return e === undefined || e.lsn < barrier ? null : e.doc;
  }

  private prefixImage(coll: string): Map<string, ImageEntry> {
    return this.state.prefixImages.image(this.state, this.segments.slice(0, -1), coll);
  }

  /** The document with this `_id`, or null. */
  getById(coll: string, id: unknown): Doc | null {
    return this.getByKey(coll, valueKey(id));
  }

  /** Every live document, in natural (first insertion) order. */
  *scan(coll: string): Generator<Doc> {
    const info = this.info(coll);
    if (!info.exists) return;
    const stores = this.storesOf(coll);
    const barrier = info.dropBarrier;
    if (stores.length === 1) {
      const [seg, cs] = stores[0]!;
      for (const chain of cs.versions.values()) {
        const idx = chain.find(seg.lo, seg.hi);
        if (idx < 0 || chain.lsn(idx) < barrier) continue;
        const d = chain.doc(idx);
        if (d) yield d;
      }
      return;
    }
    if (this.segments.length > DEEP_VIEW_SEGMENTS) {
      // Prefix image first (natural order), then what only the last segment holds.
      const img = this.prefixImage(coll);
      for (const key of img.keys()) {
        const d = this.getDeep(coll, key, barrier);
        if (d) yield d;
      }
      const last = this.segments[this.segments.length - 1]!;
      const cs = this.state.stores.get(last.branchId)?.collections.get(coll);
      for (const key of cs?.versions.keys() ?? []) {
        if (img.has(key)) continue;
        const d = this.getDeep(coll, key, barrier);
        if (d) yield d;
      }
      return;
    }
    const seen = new Set<string>();
    for (const [, cs] of stores) {
      for (const key of cs.versions.keys()) {
        if (seen.has(key)) continue;
        seen.add(key);
        const d = this.getByKey(coll, key, barrier);
        if (d) yield d;
      }
    }
  }

  /** Number of live documents. */
  count(coll: string): number {
    let n = 0;
    for (const _ of this.scan(coll)) n++;
    return n;
  }

  /**
   * Documents matching a filter, using the `_id` index or a secondary index
   * for equality, `$in` and range conditions where one applies, else a scan.
   */
  *query(coll: string, filter: CompiledFilter | Doc | undefined | null): Generator<Doc> {
    const compiled = isCompiled(filter) ? filter : compileFilter(filter ?? {});
    const keys = this.planKeys(coll, compiled.filter, compiled.collator !== undefined);
    if (keys === null) {
      for (const d of this.scan(coll)) if (compiled.test(d)) yield d;
      return;
    }
    const info = this.info(coll);
    if (!info.exists) return;
    for (const key of keys) {
      const d = this.getByKey(coll, key, info.dropBarrier);
      if (d && compiled.test(d)) yield d;
    }
  }

  /**
   * Candidate document keys from an index, or null when a scan is needed.
   * Indexes hold binary keys, so under a collation (`collated`) string
   * conditions cannot use them.
   */
  planKeys(coll: string, filter: Doc, collated = false): Iterable<string> | null {
    const info = this.info(coll);
    if (!info.exists) return [];
    const conds = topLevelConditions(filter);
    if (conds === null) return null;
    // _id lookups first: a direct key.
    for (const [path, cond] of conds) {
      if (path !== '_id') continue;
      const eq = equalityValues(cond, collated);
      if (eq) return unique(eq.map((v) => valueKey(v)));
    }
    // Hidden indexes (collMod {index: {hidden: true}}) are not used to plan queries, as in mongod.
    const visible = info.indexes.filter((s) => s.hidden !== true);
    // The _id index serves ranges through an ordered path index like any other
    // (its equality lookups were answered above by key).
    const indexed = new Set(visible.map((s) => Object.keys(s.key)[0]).filter((p): p is string => p !== undefined));
    let rangePlan: { path: string; cond: Doc } | undefined;
    for (const [path, cond] of conds) {
      if (!indexed.has(path)) continue;
      const eq = equalityValues(cond, collated);
      if (eq) {
        const out = new Set<string>();
        for (const [, cs] of this.storesOf(coll)) {
          const idx = cs.pathIndex(path);
          for (const v of eq) for (const k of idx.equal(v)) out.add(k);
        }
        return out;
      }
      if (!rangePlan && isRange(cond)) rangePlan = { path, cond: cond as Doc };
    }
    if (rangePlan) {
      const bounds = rangeBounds(rangePlan.cond, collated);
      if (!bounds) return null;
      const out = new Set<string>();
      const rank = canonicalRank(bounds.lo ?? bounds.hi);
      const sameBracket = (v: unknown) => canonicalRank(v) === rank;
      for (const [, cs] of this.storesOf(coll)) {
        for (const k of cs.pathIndex(rangePlan.path).range(bounds.lo, bounds.loInc, bounds.hi, bounds.hiInc, sameBracket)) out.add(k);
      }
      return out;
    }
    return null;
  }
}

function isCompiled(f: unknown): f is CompiledFilter {
  return typeof f === 'object' && f !== null && typeof (f as CompiledFilter).test === 'function' && 'filter' in f;
}

function unique(keys: string[]): string[] {
  return [...new Set(keys)];
}

/** `[path, condition]` pairs that all must hold (top level and `$and`), or null if unusable. */
function topLevelConditions(filter: Doc): Array<[string, unknown]> | null {
  const out: Array<[string, unknown]> = [];
  for (const [k, v] of Object.entries(filter)) {
    if (k === '$and' && Array.isArray(v)) {
      for (const sub of v) {
        if (!isPlainObject(sub)) return null;
        const inner = topLevelConditions(sub);
        if (inner) out.push(...inner);
      }
      continue;
    }
    if (k.startsWith('$')) continue;
    out.push([k, v]);
  }
  return out;
}

/** Scalar values a condition requires equality with, or null. */
function equalityValues(cond: unknown, collated: boolean): unknown[] | null {
  if (isPlainObject(cond)) {
    const keys = Object.keys(cond);
    if (keys.length === 0 || !keys[0]!.startsWith('$')) return null;
    if (keys.length === 1 && keys[0] === '$eq') return isIndexableScalar(cond.$eq, collated) ? [cond.$eq] : null;
    if (keys.length === 1 && keys[0] === '$in' && Array.isArray(cond.$in)) {
      return cond.$in.every((v) => isIndexableScalar(v, collated)) ? [...cond.$in] : null;
    }
    return null;
  }
  return isIndexableScalar(cond, collated) ? [cond] : null;
}

/**
 * Values whose index lookup is exact: no arrays, regexes, null (matches
 * missing) or documents, and no strings under a collation.
 */
function isIndexableScalar(v: unknown, collated: boolean): boolean {
  if (v === null || v === undefined || Array.isArray(v) || isPlainObject(v)) return false;
  if (collated && canonicalRank(v) === 15) return false;
  if (v instanceof RegExp) return false;
  const tag = (v as { _bsontype?: string })._bsontype;
  return tag !== 'BSONRegExp' && tag !== 'MinKey' && tag !== 'MaxKey';
}

function isRange(cond: unknown): boolean {
  if (!isPlainObject(cond)) return false;
  const keys = Object.keys(cond);
  return keys.length > 0 && keys.every((k) => k === '$gt' || k === '$gte' || k === '$lt' || k === '$lte');
}

function rangeBounds(cond: Doc, collated: boolean): { lo: unknown; loInc: boolean; hi: unknown; hiInc: boolean } | null {
  let lo: unknown;
  let hi: unknown;
  let loInc = true;
  let hiInc = true;
  for (const [op, v] of Object.entries(cond)) {
    if (!isIndexableScalar(v, collated)) return null;
    if (op === '$gt' || op === '$gte') {
      lo = v;
      loInc = op === '$gte';
    } else {
      hi = v;
      hiInc = op === '$lte';
    }
  }
  if (lo !== undefined && hi !== undefined && canonicalRank(lo) !== canonicalRank(hi)) return null;
  return { lo, loInc, hi, hiInc };
}
