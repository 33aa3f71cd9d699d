/**
 * The document being updated, with copy-on-write access by concrete path.
 *
 * Stored documents are shared (pre-images, caches), so an update never
 * mutates its input. The workspace copies a container the first time a write
 * goes through it and mutates only those private copies; untouched subtrees
 * stay shared with the input. When no write happens the input document itself
 * is the result, which tells callers precisely that nothing changed.
 */
import { ERROR_CODES, UpdateError } from '../errors.js';
import type { Document } from '../values/bson-type.js';
import { bsonTypeOf, isPlainObject, Timestamp } from '../values/bson-type.js';
import { documentEntries } from '../values/compare.js';
import { formatElement, formatIdElement } from './format.js';
import { arrayIndexOf } from './path.js';

/** mongod refuses to pad an array with more nulls than this in one write. */
const MAX_PADDING = 1_500_000;

/** A container an update can descend into. */
type Container = Document | unknown[];

/** Result of resolving a path: how many leading components exist, and the deepest existing value. */
export interface Resolved {
  /** Number of leading path components present in the document. */
  readonly depth: number;
  /** The value at `path[0..depth)` (the document itself when `depth` is 0). */
  readonly value: unknown;
}

/** Options for a workspace: what the caller's {@link UpdateContext} provides, resolved. */
export interface WorkspaceOptions {
  readonly isInsert: boolean;
  readonly position: number | undefined;
  readonly now: Date;
  readonly arrayFilters: ReadonlyMap<string, (element: unknown) => boolean>;
}

const NOT_FOUND: unique symbol = Symbol('not found');

/** True for values a path can traverse (embedded documents, DBRefs, arrays). */
export function isTraversable(v: unknown): boolean {
  return Array.isArray(v) || isPlainObject(v) || (bsonTypeOf(v) === 'object' && v !== null && typeof v === 'object');
}

/** Reads one path component below `v`, or NOT_FOUND. */
function childOf(v: unknown, part: string): unknown {
  if (Array.isArray(v)) {
    const i = arrayIndexOf(part);
    return i !== undefined && i < v.length ? v[i] : NOT_FOUND;
  }
  if (isPlainObject(v)) {
    if (!Object.hasOwn(v, part)) return NOT_FOUND;
    const x = v[part];
    return x === undefined ? NOT_FOUND : x;
  }
  if (v !== null && typeof v === 'object' && bsonTypeOf(v) === 'object') {
    // A DBRef instance: read it as the document {$ref, $id, $db?, ...}.
    for (const [k, x] of documentEntries(v)) if (k === part) return x;
  }
  return NOT_FOUND;
}

/** Reads one path component below a value (array index, or field of a document); undefined when missing. */
export function readChild(v: unknown, part: string): unknown {
  const x = childOf(v, part);
  return x === NOT_FOUND ? undefined : x;
}

/** Sets an own property, including the awkward `__proto__` name. */
export function setField(obj: Document, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  else obj[key] = value;
}

function copyContainer(v: unknown): Container {
  if (Array.isArray(v)) return v.slice();
  const out: Document = {};
  const entries = isPlainObject(v) ? Object.entries(v) : documentEntries(v as object);
  for (const [k, x] of entries) setField(out, k, x);
  return out;
}

/** Copy-on-write view of one document under update. */
export class UpdateWorkspace {
  private readonly original: Document;
  private root: Document;
  private rootOwned = false;
  private readonly owned = new WeakSet<object>();
  private timestampTicks = 0;
  /** True once any write has been made. */
  changed = false;
  readonly isInsert: boolean;
  readonly now: Date;
  private readonly position: number | undefined;
  private readonly arrayFilters: ReadonlyMap<string, (element: unknown) => boolean>;

  constructor(doc: Document, opts: WorkspaceOptions) {
    this.original = doc;
    this.root = doc;
    this.isInsert = opts.isInsert;
    this.now = opts.now;
    this.position = opts.position;
    this.arrayFilters = opts.arrayFilters;
  }

  /** The updated document, or the input itself when nothing was written. */
  result(): Document {
    return this.changed ? this.root : this.original;
  }

  /** The current document (read-only use). */
  current(): Document {
    return this.root;
  }

  /** `_id: <value>` of the current document, for error messages. */
  idElement(): string {
    return formatIdElement(this.root);
  }

  /** The array index the query matched, as a path component; throws when the query matched none. */
  matchedField(): string {
    if (this.position === undefined) {
      throw new UpdateError(ERROR_CODES.BadValue, 'The positional operator did not find the match needed from the query.');
    }
    return String(this.position);
  }

  /** The compiled array filter for an identifier. */
  arrayFilter(id: string): (element: unknown) => boolean {
    const f = this.arrayFilters.get(id);
    if (!f) throw new UpdateError(ERROR_CODES.BadValue, `No array filter found for identifier '${id}'`);
    return f;
  }

  /** A fresh timestamp for `$currentDate`: distinct increments within one update, as the cluster clock ticks. */
  nextTimestamp(): Timestamp {
    this.timestampTicks += 1;
    return new Timestamp({ t: Math.floor(this.now.getTime() / 1000), i: this.timestampTicks });
  }

  /** Walks `path` as far as it exists. */
  resolve(path: readonly string[]): Resolved {
    let cur: unknown = this.root;
    for (let i = 0; i < path.length; i++) {
      const next = childOf(cur, path[i]!);
      if (next === NOT_FOUND) return { depth: i, value: cur };
      cur = next;
    }
    return { depth: path.length, value: cur };
  }

  private ownRoot(): Document {
    if (!this.rootOwned) {
      this.root = copyContainer(this.root) as Document;
      this.owned.add(this.root);
      this.rootOwned = true;
    }
    return this.root;
  }

  /** Returns a private, writable copy of the container at `path[0..upTo)`, copying along the way. */
  private ownContainer(path: readonly string[], upTo: number): Container {
    let cur: Container = this.ownRoot();
    for (let i = 0; i < upTo; i++) {
      const part = path[i]!;
      const child = childOf(cur, part);
      if (child === NOT_FOUND || !isTraversable(child)) {
        throw new UpdateError(ERROR_CODES.BadValue, `Internal error: no container at '${path.slice(0, i + 1).join('.')}'`);
      }
      let next = child as Container;
      if (!this.owned.has(next)) {
        next = copyContainer(next);
        this.owned.add(next);
        if (Array.isArray(cur)) cur[arrayIndexOf(part)!] = next;
        else setField(cur, part, next);
      }
      cur = next;
    }
    return cur;
  }

  /** Replaces the value of an existing element. */
  replace(path: readonly string[], value: unknown): void {
    const parent = this.ownContainer(path, path.length - 1);
    const last = path[path.length - 1]!;
    if (Array.isArray(parent)) parent[arrayIndexOf(last)!] = value;
    else setField(parent, last, value);
    this.changed = true;
  }

  /** Removes an existing element: deleted from a document, set to null in an array (as `$unset` does). */
  remove(path: readonly string[]): void {
    const parent = this.ownContainer(path, path.length - 1);
    const last = path[path.length - 1]!;
    if (Array.isArray(parent)) parent[arrayIndexOf(last)!] = null;
    else delete parent[last];
    this.changed = true;
  }

  /**
   * Creates `path[depth..]` below the deepest existing element `parentValue`
   * (at `path[0..depth)`) and stores `value` at its end. New fields are
   * appended; arrays are padded with nulls up to a new index. Throws
   * PathNotViable when the parent is not a container, or is an array and the
   * next component is not an index.
   */
  create(path: readonly string[], depth: number, parentValue: unknown, value: unknown): void {
    const part = path[depth]!;
    const notViable = () =>
      new UpdateError(
        ERROR_CODES.PathNotViable,
        `Cannot create field '${part}' in element {${formatElement(path[depth - 1] ?? '', parentValue)}}`,
      );
    if (!isTraversable(parentValue)) throw notViable();
    let index: number | undefined;
    if (Array.isArray(parentValue)) {
      index = arrayIndexOf(part);
      if (index === undefined) throw notViable();
      if (index - parentValue.length > MAX_PADDING) {
        throw new UpdateError(ERROR_CODES.CannotBackfillArray, `can't backfill more than ${MAX_PADDING} elements`);
      }
    }
    let nested = value;
    for (let j = path.length - 1; j > depth; j--) {
      const wrapper: Document = {};
      setField(wrapper, path[j]!, nested);
      nested = wrapper;
    }
    const container = this.ownContainer(path, depth);
    if (Array.isArray(container)) {
      while (container.length < index!) container.push(null);
      container[index!] = nested;
    } else {
      // Delete first so that a key holding `undefined` (missing) is re-appended at the end.
      delete container[part];
      setField(container, part, nested);
    }
    this.changed = true;
  }
}
