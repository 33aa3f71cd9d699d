import BTreeModule from 'sorted-btree';
import { collectPathValues, compareValues } from '@argon/query';

// sorted-btree ships CommonJS with `exports.default`; Node's ESM interop and
// bundlers disagree on which object the default import is, so unwrap either.
type BTreeClass = typeof BTreeModule.default;
const BTree: BTreeClass = ((BTreeModule as unknown as { default?: BTreeClass }).default ?? BTreeModule) as BTreeClass;
type Tree = InstanceType<typeof BTreeModule.default<unknown, Set<string>>>;

/**
 * A physical index over one field path of one branch's collection store.
 * It maps every value the path ever held in any version written by that
 * branch to the set of document keys that held it, ordered by BSON order.
 * It over-approximates on purpose (old versions stay indexed): the planner
 * resolves each candidate at the view's LSN and re-checks the filter, which
 * keeps the index valid for every point in time without rewriting it.
 */
export class PathIndex {
  private readonly tree: Tree = new BTree(undefined, compareValues);

  constructor(readonly path: string) {}

  /** Indexes one version of a document. Missing paths are indexed as null, as MongoDB does. */
  add(key: string, doc: Record<string, unknown>): void {
    const values = collectPathValues(doc, this.path, { includeArrays: true });
    if (values.length === 0) {
      this.addValue(null, key);
      return;
    }
    for (const v of values) {
      this.addValue(v, key);
      // Arrays are indexed by their elements; also index the whole array for equality on arrays.
      if (Array.isArray(v)) for (const e of v) this.addValue(e, key);
    }
  }

  private addValue(v: unknown, key: string): void {
    const set = this.tree.get(v);
    if (set) set.add(key);
    else this.tree.set(v, new Set([key]));
  }

  /** Keys of documents that ever held a value equal to `v`. */
  equal(v: unknown): Iterable<string> {
    return this.tree.get(v) ?? [];
  }

  /**
   * Keys of documents that ever held a value in the range. Bounds are
   * inclusive/exclusive per flags; `undefined` means unbounded within the
   * type bracket of the other bound (BSON ranges never cross types).
   */
  range(lo: unknown, loInclusive: boolean, hi: unknown, hiInclusive: boolean, sameBracket: (v: unknown) => boolean): Set<string> {
    const out = new Set<string>();
    const start = lo === undefined ? undefined : lo;
    for (const [v, keys] of this.tree.entries(start as never)) {
      if (!sameBracket(v)) {
        if (lo === undefined) continue;
        break;
      }
      if (lo !== undefined && !loInclusive && compareValues(v, lo) === 0) continue;
      if (hi !== undefined) {
        const c = compareValues(v, hi);
        if (c > 0 || (c === 0 && !hiInclusive)) break;
      }
      for (const k of keys) out.add(k);
    }
    return out;
  }

  /** Number of distinct indexed values. */
  get size(): number {
    return this.tree.size;
  }
}
