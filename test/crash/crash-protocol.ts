/**
 * What the crash writer (crash-writer.ts) tells the test (crash.test.ts) over
 * its stdout pipe, one JSON object per line, and what both sides share: the
 * project layout, document ownership and the seeded PRNG.
 *
 * Two kinds of report matter:
 * - an `intent` is written (synchronously: stdout on a pipe is synchronous on
 *   Linux, so the line is in the kernel pipe before the call starts and
 *   survives a SIGKILL) BEFORE an operation starts. It tells the checker
 *   which documents and branches an operation cut short by the kill may
 *   have touched;
 * - an `ack` is written only AFTER the awaited call resolved, with the LSN
 *   of every entry the operation wrote, so the reference model can order
 *   acknowledged operations exactly as the log does.
 */

/** The one project the writer uses. */
export const PROJECT = 'crash';
/** Collections created by the test before any writer runs (so no write creates one implicitly). */
export const COLLECTIONS = ['users', 'orders', 'events'] as const;
/** Concurrent data workers in the writer: enough for group commit to batch several appends. */
export const WORKERS = 8;
/** Documents per worker and collection: worker `w` owns `_id`s `w, w + WORKERS, w + 2*WORKERS, ...`. */
export const IDS_PER_WORKER = 3;
/** Live branches (main and backups included) after which the writer stops creating branches. */
export const MAX_BRANCHES = 10;

/** `_id`s owned by worker `w` (in every collection and on every branch). */
export function ownedIds(w: number): number[] {
  return Array.from({ length: IDS_PER_WORKER }, (_, k) => w + k * WORKERS);
}

/** The worker that owns `_id`. */
export function ownerOf(id: number): number {
  return id % WORKERS;
}

/** Database name of a branch. */
export function dbOf(branch: string): string {
  return branch === 'main' ? PROJECT : `${PROJECT}@${branch}`;
}

/** A stored document as the writer and the model see it (promoted JS values). */
export type Doc = Record<string, unknown> & { _id: number };

/**
 * A data write. `set`/`inc` only touch fields every document has from its
 * insert, so the post-image keeps the insert's field order and the model
 * can compute it without MongoDB's rules for ordering new fields.
 */
export type WriteOp =
  | { readonly op: 'insert'; readonly docs: readonly Doc[] }
  | { readonly op: 'update'; readonly id: number; readonly set: Record<string, unknown>; readonly inc: Record<string, number>; readonly via: 'findOneAndUpdate' | 'updateOne' }
  | { readonly op: 'updateMany'; readonly worker: number; readonly set: Record<string, unknown>; readonly inc: Record<string, number> }
  | { readonly op: 'replace'; readonly id: number; readonly doc: Record<string, unknown> }
  | { readonly op: 'delete'; readonly id: number; readonly via: 'deleteOne' | 'findOneAndDelete' };

/** One document an acknowledged write changed. */
export interface WriteResult {
  readonly id: number;
  /** LSN of the log entry (from `argonHistory` right after the write). */
  readonly lsn: number;
  /** Post-image, null after a delete. */
  readonly after: Doc | null;
}

export type WriterLine =
  | { readonly t: 'opening'; readonly pid: number }
  /** Storage opened and recovered: its recovery messages, and the project's LSN. */
  | { readonly t: 'ready'; readonly messages: readonly string[]; readonly projectLsn: number }
  /** `keys`: every `_id` the write may touch (all the worker's ids for updateMany). `s`: the token the write stores in field `s`. */
  | { readonly t: 'intent'; readonly seq: number; readonly kind: 'write'; readonly branch: string; readonly coll: string; readonly write: WriteOp; readonly keys: readonly number[]; readonly s: number }
  | { readonly t: 'intent'; readonly seq: number; readonly kind: 'create'; readonly name: string; readonly from: string; readonly lsn?: number }
  | { readonly t: 'intent'; readonly seq: number; readonly kind: 'reset'; readonly branch: string; readonly to: number; readonly backup?: string }
  | { readonly t: 'intent'; readonly seq: number; readonly kind: 'drop'; readonly name: string }
  | { readonly t: 'ack'; readonly seq: number; readonly kind: 'write'; readonly results: readonly WriteResult[] }
  | { readonly t: 'ack'; readonly seq: number; readonly kind: 'create'; readonly baseLsn: number }
  | { readonly t: 'ack'; readonly seq: number; readonly kind: 'reset'; readonly atLsn: number; readonly toLsn: number; readonly backupBase?: number }
  | { readonly t: 'ack'; readonly seq: number; readonly kind: 'drop' }
  /** Something the writer did not expect (a failed call, a wrong result): the iteration fails. */
  | { readonly t: 'error'; readonly seq?: number; readonly message: string }
  /** The bounded run time elapsed; the writer closed the client and exits. */
  | { readonly t: 'done' };

export type IntentLine = Extract<WriterLine, { t: 'intent' }>;
export type AckLine = Extract<WriterLine, { t: 'ack' }>;

/**
 * mulberry32: a tiny deterministic PRNG, so a seed reproduces the writer's
 * choices (the interleaving of concurrent workers still varies from run to run).
 */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Integer in [lo, hi]. */
export function randInt(rand: () => number, lo: number, hi: number): number {
  return lo + Math.floor(rand() * (hi - lo + 1));
}

/** A random element. */
export function pick<T>(rand: () => number, xs: readonly T[]): T {
  if (xs.length === 0) throw new Error('pick from an empty list');
  return xs[Math.floor(rand() * xs.length)]!;
}
