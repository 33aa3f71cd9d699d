/**
 * Conversions between user-facing JS values and the in-memory representation.
 *
 * - `normalizeValue` turns input (from ArgonClient users: plain numbers,
 *   bigint, RegExp, DBRef) into the wire-faithful representation the engine
 *   stores, encoding numbers exactly as the official serializer would.
 * - `copyValue` does the same but always copies: what an in-process caller
 *   hands the engine must not stay shared with the caller's objects.
 * - `promoteValue` turns stored values into what the official driver hands to
 *   applications by default (`promoteValues`, `promoteLongs`).
 */
import { Binary, BSONRegExp, DBRef, Double, Int32, Long } from 'bson';
import { isInt32Number, isPlainObject } from './bson-type.js';

/** Numbers as the official serializer would encode them (Int32 or Double), bigint as Long; other non-objects unchanged. */
function normalizeScalar(v: unknown): unknown {
  switch (typeof v) {
    case 'number':
      return isInt32Number(v) ? new Int32(v) : new Double(v);
    case 'bigint':
      return Long.fromBigInt(v);
    default:
      return v;
  }
}

/** Normalizes a value for storage. Returns the same object when nothing changes. */
export function normalizeValue(v: unknown): unknown {
  if (typeof v !== 'object') return normalizeScalar(v);
  if (v === null) return v;
  if (Array.isArray(v)) {
    let out: unknown[] | undefined;
    for (let i = 0; i < v.length; i++) {
      const x = v[i];
      const n = normalizeValue(x);
      if (n !== x || x === undefined) {
        out ??= v.slice();
        out[i] = x === undefined ? null : n;
      }
    }
    return out ?? v;
  }
  if (v instanceof RegExp) return new BSONRegExp(v.source, v.flags.replace(/[gyd]/g, ''));
  if (v instanceof DBRef) {
    const out: Record<string, unknown> = { $ref: v.collection, $id: normalizeValue(v.oid) };
    if (v.db) out.$db = v.db;
    for (const [k, x] of Object.entries(v.fields ?? {})) out[k] = normalizeValue(x);
    return out;
  }
  if (!isPlainObject(v)) return v;
  return normalizeDocument(v as Record<string, unknown>);
}

/**
 * Normalizes a value as `normalizeValue` does, but as a copy that shares no
 * mutable object with the input: plain objects, arrays, dates and byte
 * arrays are copied. The official driver serializes a command when it is
 * called, so an application may change its objects afterwards; an
 * in-process caller (ArgonClient) passes them through this instead, or the
 * stored documents (and their history) would change with them.
 */
export function copyValue(v: unknown): unknown {
  if (typeof v !== 'object') return normalizeScalar(v);
  if (v === null) return v;
  if (Array.isArray(v)) {
    const out = new Array<unknown>(v.length);
    for (let i = 0; i < v.length; i++) {
      const x = v[i];
      out[i] = x === undefined ? null : copyValue(x);
    }
    return out;
  }
  if (v instanceof Date) return new Date(v.getTime());
  if (v instanceof Uint8Array) return copyBytes(v);
  if ((v as { _bsontype?: unknown })._bsontype === 'Binary') return copyBinary(v as Binary);
  if (v instanceof RegExp) return normalizeValue(v);
  // A DBRef becomes a plain {$ref, $id, ...} document; copied, its extra fields share nothing either.
  if (v instanceof DBRef) return copyValue(normalizeValue(v));
  if (!isPlainObject(v)) return v;
  // What the serializer would encode instead: toBSON()'s result, a Map's entries as fields.
  if (typeof (v as { toBSON?: unknown }).toBSON === 'function') return copyValue((v as { toBSON: () => unknown }).toBSON());
  const out: Record<string, unknown> = {};
  if (v instanceof Map) {
    for (const [k, x] of v) if (x !== undefined) setField(out, String(k), copyValue(x));
    return out;
  }
  const src = v as Record<string, unknown>;
  const keys = Object.keys(src);
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    const x = src[k];
    if (x !== undefined) setField(out, k, copyValue(x));
  }
  return out;
}

/** Sets a field even when it is named `__proto__` (plain assignment would change the prototype). */
export function setField(obj: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  else obj[key] = value;
}

/** Normalizes every field of a document; drops fields whose value is `undefined`. */
export function normalizeDocument<T extends Record<string, unknown>>(doc: T): T {
  let out: Record<string, unknown> | undefined;
  const keys = Object.keys(doc);
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    const x = doc[k];
    const n = x === undefined ? undefined : normalizeValue(x);
    if (n !== x || x === undefined) {
      if (!out) {
        out = {};
        for (let j = 0; j < i; j++) setField(out, keys[j]!, doc[keys[j]!]);
      }
      if (n !== undefined) setField(out, k, n);
    } else if (out) {
      setField(out, k, x);
    }
  }
  return (out ?? doc) as T;
}

/** Options mirroring the driver's deserialization options. */
export interface PromoteOptions {
  /** Int32 and Double become JS numbers (driver default true). */
  promoteValues?: boolean;
  /** Longs that fit in 53 bits become JS numbers (driver default true). */
  promoteLongs?: boolean;
  /** Longs become bigint (driver default false). */
  useBigInt64?: boolean;
}

/** Converts a stored value into what the official driver returns by default. */
export function promoteValue(v: unknown, opts: PromoteOptions = {}): unknown {
  if (v === null || typeof v !== 'object') return v;
  const promoteValues = opts.promoteValues ?? true;
  if (Array.isArray(v)) return v.map((x) => promoteValue(x, opts));
  const tag = (v as { _bsontype?: string })._bsontype;
  switch (tag) {
    // Wrappers left unpromoted are copies too: their fields are writable.
    case 'Int32':
      return promoteValues ? (v as Int32).value : new Int32((v as Int32).value);
    case 'Double':
      return promoteValues ? (v as Double).value : new Double((v as Double).value);
    case 'Long': {
      const l = v as Long;
      if (opts.useBigInt64) return l.toBigInt();
      if (opts.promoteLongs ?? promoteValues) {
        const b = l.toBigInt();
        if (b >= -(2n ** 53n) + 1n && b <= 2n ** 53n - 1n) return Number(b);
      }
      return Long.fromBits(l.low, l.high, l.unsigned);
    }
    case undefined: {
      // Copies, so that changing a result never changes the stored document.
      if (v instanceof Date) return new Date(v.getTime());
      if (v instanceof Uint8Array) return copyBytes(v);
      const src = v as Record<string, unknown>;
      if (typeof src.$ref === 'string' && '$id' in src) {
        const { $ref, $id, $db, ...rest } = src;
        const fields: Record<string, unknown> = {};
        for (const [k, x] of Object.entries(rest)) fields[k] = promoteValue(x, opts);
        return new DBRef($ref, promoteValue($id, opts) as never, typeof $db === 'string' ? $db : undefined, fields);
      }
      const out: Record<string, unknown> = {};
      for (const k of Object.keys(src)) setField(out, k, promoteValue(src[k], opts));
      return out;
    }
    case 'BSONRegExp':
      return promoteValues ? regexFromBson(v as BSONRegExp) : v;
    case 'Binary':
      return copyBinary(v as Binary);
    default:
      return v;
  }
}

// TypedArray slice copies (Buffer's own slice would be a view).
function copyBytes(u: Uint8Array): Uint8Array {
  return Uint8Array.prototype.slice.call(u);
}

function copyBinary(b: Binary): Binary {
  return new Binary(copyBytes(b.value()), b.sub_type);
}

function regexFromBson(r: BSONRegExp): RegExp | BSONRegExp {
  // The driver returns a JS RegExp when the flags are representable.
  const flags = r.options.replace(/[lux]/g, '');
  try {
    return new RegExp(r.pattern, flags);
  } catch {
    return r;
  }
}

/** Deep-copies a document or value so that callers can mutate it safely. */
export function cloneValue<T>(v: T): T {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map(cloneValue) as T;
  if (!isPlainObject(v)) return v;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(v)) setField(out, k, cloneValue((v as Record<string, unknown>)[k]));
  return out as T;
}
