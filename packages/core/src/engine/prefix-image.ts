import type { Lsn } from '../model/lsn.js';
import type { ProjectState } from './project-state.js';
import { segmentsKey, type Segment } from './view.js';

type Doc = Record<string, unknown>;

/** The newest version of one document across a run of segments. */
export interface ImageEntry {
  readonly lsn: Lsn;
  readonly doc: Doc | null;
}

/** Views with more segments than this read their frozen prefix through an image. */
export const DEEP_VIEW_SEGMENTS = 8;
/** Prefix images kept per project (least recently built are dropped first). */
const MAX_IMAGES = 32;

/**
 * Images of the frozen prefix of deep views. A view's segments except the
 * last never change (each ends at a fork or reset point), so the newest
 * version of every document along them can be computed once and shared by
 * every read of every view with that prefix. This bounds a point read to two
 * lookups however deep the branch's ancestry is, which is what a sparse
 * image does for Neon's deep timelines.
 *
 * An image is rebuilt when an entry lands inside an already-closed range
 * (a late arrival from another process, or a rollback), which the project
 * state counts in `lateChanges`.
 */
export class PrefixImages {
  private readonly images = new Map<string, { generation: number; byCollection: Map<string, Map<string, ImageEntry>> }>();

  /** The image of `prefix` for one collection, built on first use. */
  image(state: ProjectState, prefix: readonly Segment[], coll: string): Map<string, ImageEntry> {
    const key = segmentsKey(prefix);
    let cached = this.images.get(key);
    if (!cached || cached.generation !== state.lateChanges) {
      cached = { generation: state.lateChanges, byCollection: new Map() };
      this.images.set(key, cached);
      if (this.images.size > MAX_IMAGES) this.images.delete(this.images.keys().next().value!);
    }
    let img = cached.byCollection.get(coll);
    if (!img) {
      img = new Map();
      for (const seg of prefix) {
        const cs = state.stores.get(seg.branchId)?.collections.get(coll);
        if (!cs) continue;
        for (const [k, chain] of cs.versions) {
          const idx = chain.find(seg.lo, seg.hi);
          if (idx >= 0) img.set(k, { lsn: chain.lsn(idx), doc: chain.doc(idx) });
        }
      }
      cached.byCollection.set(coll, img);
    }
    return img;
  }
}
