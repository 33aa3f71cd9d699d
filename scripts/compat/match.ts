/**
 * The unified format's matching rules ("Evaluating Matches"): expected values
 * from a test file against actual values from the driver.
 *
 * - Root-level documents may carry extra fields; nested documents may not.
 * - Arrays must have the same length and match element by element.
 * - int32, int64 and double compare by numeric value (1 matches 1.0).
 * - A document whose first and only key starts with `$$` is a special
 *   operator (`$$exists`, `$$type`, `$$unsetOrMatches`, `$$matchesEntity`,
 *   `$$matchesHexBytes`, `$$sessionLsid`, `$$lte`, `$$matchAsDocument`,
 *   `$$matchAsRoot`).
 */
import { EJSON } from 'bson';
import { bsonTag, bytesOf, compareNumeric, hasBsonType, isPlainDocument, numericValue, possibleBsonTypes, toHex } from './bson-type.js';
import { AssertionFailure, RunnerError } from './errors.js';
import { normalizeParsed } from './load.js';

/** What the matcher needs from the test's entity map. */
export interface MatchContext {
  /** The value saved under `name` (for `$$matchesEntity`). */
  entity(name: string): unknown;
  /** The logical session id document of session entity `name` (for `$$sessionLsid`). */
  sessionLsid(name: string): unknown;
}

/** A context without entities, for matching values that cannot refer to any. */
export const NO_ENTITIES: MatchContext = {
  entity(name) {
    throw new RunnerError(`no entity map: cannot resolve entity ${name}`);
  },
  sessionLsid(name) {
    throw new RunnerError(`no entity map: cannot resolve session ${name}`);
  },
};

/** Options of {@link assertMatches}. */
export interface MatchOptions {
  /** Match `actual` as a root-level document (extra fields allowed at its top level). Default true. */
  readonly root?: boolean;
  /**
   * The actual value is an iterable result (find, aggregate, …): when the
   * expected value is an array, each element is matched as a root-level document.
   */
  readonly rootElements?: boolean;
}

/**
 * Asserts that `actual` matches `expected`; throws an {@link AssertionFailure}
 * naming the first mismatching path otherwise.
 */
export function assertMatches(expected: unknown, actual: unknown, ctx: MatchContext = NO_ENTITIES, opts: MatchOptions = {}): void {
  if (opts.rootElements && Array.isArray(expected)) {
    if (!Array.isArray(actual)) fail('', `expected an array, got ${show(actual)}`);
    if (actual.length !== expected.length) fail('', `expected ${expected.length} element(s), got ${actual.length}: ${show(actual)}`);
    expected.forEach((e, i) => matchAt(e, actual[i], String(i), true, ctx));
    return;
  }
  matchAt(expected, actual, '', opts.root ?? true, ctx);
}

/** Like {@link assertMatches} but returns the mismatch reason (or undefined when it matches). */
export function mismatch(expected: unknown, actual: unknown, ctx: MatchContext = NO_ENTITIES, opts: MatchOptions = {}): string | undefined {
  try {
    assertMatches(expected, actual, ctx, opts);
    return undefined;
  } catch (err) {
    if (err instanceof AssertionFailure) return err.message;
    throw err;
  }
}

/**
 * Exact comparison for collection outcomes: no extra fields anywhere, key
 * order free, numeric types flexible. Special operators are not interpreted.
 */
export function assertEqualDocuments(expected: unknown, actual: unknown): void {
  exactAt(expected, actual, '');
}

/** The special operator of an expected value, if it is one (`{ $$op: arg }`). */
export function specialOperator(value: unknown): { readonly op: string; readonly arg: unknown } | undefined {
  if (!isPlainDocument(value)) return undefined;
  const keys = Object.keys(value);
  if (keys.length !== 1) return undefined;
  const op = keys[0] as string;
  return op.startsWith('$$') ? { op, arg: value[op] } : undefined;
}

/** A short printable form of a value for failure messages. */
export function show(value: unknown, max = 300): string {
  if (value === undefined) return '(missing)';
  if (value instanceof Map) value = Object.fromEntries(value);
  if (value instanceof Uint8Array) return `<bytes ${toHex(value)}>`;
  let text: string;
  try {
    text = EJSON.stringify(value as never, { relaxed: true });
  } catch {
    text = String(value);
  }
  return text.length > max ? `${text.slice(0, max - 3)}...` : text;
}

function fail(path: string, message: string): never {
  throw new AssertionFailure(`${path === '' ? '(root)' : path}: ${message}`);
}

function join(path: string, key: string | number): string {
  return path === '' ? String(key) : `${path}.${key}`;
}

/** Own, defined keys of a document (undefined-valued keys count as absent). */
function definedKeys(doc: Record<string, unknown>): string[] {
  return Object.keys(doc).filter((k) => doc[k] !== undefined);
}

/** The driver sends some ordered documents (e.g. `sort`) as Maps; they match like documents. */
function asDocument(value: unknown): unknown {
  return value instanceof Map ? Object.fromEntries(value) : value;
}

function has(doc: Record<string, unknown>, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(doc, key) && doc[key] !== undefined;
}

function matchAt(expected: unknown, actual: unknown, path: string, root: boolean, ctx: MatchContext): void {
  const special = specialOperator(expected);
  if (special) {
    applyOperator(special.op, special.arg, actual, path, root, ctx);
    return;
  }
  if (isPlainDocument(expected)) {
    actual = asDocument(actual);
    if (!isPlainDocument(actual)) fail(path, `expected a document, got ${show(actual)}`);
    for (const key of Object.keys(expected)) {
      const want = expected[key];
      const sub = specialOperator(want);
      const present = has(actual, key);
      if (sub?.op === '$$exists') {
        if (typeof sub.arg !== 'boolean') throw new RunnerError(`$$exists needs a boolean at ${join(path, key)}`);
        if (sub.arg !== present) fail(join(path, key), sub.arg ? 'expected the field to exist' : `expected no field, got ${show(actual[key])}`);
        continue;
      }
      if (sub?.op === '$$unsetOrMatches' && !present) continue;
      if (!present) fail(join(path, key), `missing, expected ${show(want)}`);
      matchAt(want, actual[key], join(path, key), false, ctx);
    }
    if (!root) {
      const extra = definedKeys(actual).filter((k) => !Object.prototype.hasOwnProperty.call(expected, k));
      if (extra.length > 0) fail(path, `unexpected field(s) ${extra.join(', ')} in ${show(actual)}`);
    }
    return;
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) fail(path, `expected an array, got ${show(actual)}`);
    if (actual.length !== expected.length) fail(path, `expected ${expected.length} element(s), got ${actual.length}: ${show(actual)}`);
    expected.forEach((e, i) => matchAt(e, actual[i], join(path, i), false, ctx));
    return;
  }
  compareScalars(expected, actual, path);
}

function applyOperator(op: string, arg: unknown, actual: unknown, path: string, root: boolean, ctx: MatchContext): void {
  switch (op) {
    case '$$exists':
      // Only meaningful as a field value; handled by the document loop.
      if ((actual !== undefined) !== arg) fail(path, arg ? 'expected a value' : `expected no value, got ${show(actual)}`);
      return;
    case '$$type': {
      const types = Array.isArray(arg) ? arg : [arg];
      if (!types.every((t) => typeof t === 'string')) throw new RunnerError(`$$type needs type name(s) at ${path}`);
      if (actual === undefined) fail(path, `missing, expected type ${types.join('|')}`);
      if (!types.some((t) => hasBsonType(actual, t as string))) {
        fail(path, `expected type ${types.join('|')}, got ${possibleBsonTypes(actual).join('|') || typeof actual} ${show(actual)}`);
      }
      return;
    }
    case '$$unsetOrMatches':
      if (actual === undefined) return;
      matchAt(arg, actual, path, root, ctx);
      return;
    case '$$matchesEntity': {
      if (typeof arg !== 'string') throw new RunnerError(`$$matchesEntity needs an entity name at ${path}`);
      matchAt(ctx.entity(arg), actual, path, root, ctx);
      return;
    }
    case '$$matchesHexBytes': {
      if (typeof arg !== 'string' || !/^([0-9a-fA-F]{2})*$/.test(arg)) throw new RunnerError(`$$matchesHexBytes needs an even-length hex string at ${path}`);
      const bytes = typeof actual === 'string' ? Buffer.from(actual, 'latin1') : bytesOf(actual);
      if (!bytes) fail(path, `expected bytes, got ${show(actual)}`);
      const got = toHex(bytes);
      if (got !== arg.toLowerCase()) fail(path, `expected bytes ${arg.toLowerCase()}, got ${got}`);
      return;
    }
    case '$$sessionLsid': {
      if (typeof arg !== 'string') throw new RunnerError(`$$sessionLsid needs a session name at ${path}`);
      const lsid = ctx.sessionLsid(arg);
      if (actual === undefined) fail(path, `missing, expected the lsid of ${arg}`);
      exactAt(lsid, actual, path);
      return;
    }
    case '$$lte': {
      const limit = numericValue(arg);
      if (!limit) throw new RunnerError(`$$lte needs a number at ${path}`);
      const got = numericValue(actual);
      if (!got) fail(path, `expected a number <= ${show(arg)}, got ${show(actual)}`);
      if (!(compareNumeric(got, limit) <= 0)) fail(path, `expected <= ${show(arg)}, got ${show(actual)}`);
      return;
    }
    case '$$matchAsDocument': {
      if (typeof actual !== 'string') fail(path, `expected an Extended JSON string, got ${show(actual)}`);
      let parsed: unknown;
      try {
        parsed = normalizeParsed(EJSON.parse(actual, { relaxed: false }));
      } catch (err) {
        fail(path, `not Extended JSON: ${(err as Error).message}`);
      }
      matchAt(arg, parsed, path, false, ctx);
      return;
    }
    case '$$matchAsRoot':
      matchAt(arg, actual, path, true, ctx);
      return;
    default:
      throw new RunnerError(`unsupported special operator ${op} at ${path === '' ? '(root)' : path}`);
  }
}

function exactAt(expected: unknown, actual: unknown, path: string): void {
  if (isPlainDocument(expected)) {
    actual = asDocument(actual);
    if (!isPlainDocument(actual)) fail(path, `expected a document, got ${show(actual)}`);
    const want = definedKeys(expected);
    const got = definedKeys(actual);
    for (const key of want) {
      if (!has(actual, key)) fail(join(path, key), `missing, expected ${show(expected[key])}`);
      exactAt(expected[key], actual[key], join(path, key));
    }
    const extra = got.filter((k) => !want.includes(k));
    if (extra.length > 0) fail(path, `unexpected field(s) ${extra.join(', ')} in ${show(actual)}`);
    return;
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) fail(path, `expected an array, got ${show(actual)}`);
    if (actual.length !== expected.length) fail(path, `expected ${expected.length} element(s), got ${actual.length}: ${show(actual)}`);
    expected.forEach((e, i) => exactAt(e, actual[i], join(path, i)));
    return;
  }
  compareScalars(expected, actual, path);
}

function compareScalars(expected: unknown, actual: unknown, path: string): void {
  if (!scalarsEqual(expected, actual)) fail(path, `expected ${show(expected)}, got ${show(actual)}`);
}

/** Equality of two non-document, non-array values under the flexible numeric rule. */
export function scalarsEqual(expected: unknown, actual: unknown): boolean {
  const en = numericValue(expected);
  if (en) {
    const an = numericValue(actual);
    return an !== undefined && compareNumeric(en, an) === 0;
  }
  if (expected === null || typeof expected !== 'object') return expected === actual;
  if (expected instanceof Date) return actual instanceof Date && actual.getTime() === expected.getTime();
  const eBytes = bytesOf(expected);
  if (eBytes) {
    const aBytes = bytesOf(actual);
    if (!aBytes) return false;
    const subtype = (v: unknown) => (bsonTag(v) === 'Binary' ? (v as { sub_type: number }).sub_type : 0);
    return subtype(expected) === subtype(actual) && toHex(eBytes) === toHex(aBytes);
  }
  if (expected instanceof RegExp || bsonTag(expected) === 'BSONRegExp') return regexKey(expected) === regexKey(actual);
  const eTag = bsonTag(expected);
  if (eTag === undefined || eTag !== bsonTag(actual)) return false;
  return canonical(expected) === canonical(actual);
}

function regexKey(value: unknown): string | undefined {
  if (value instanceof RegExp) return `${value.source}/${[...value.flags].sort().join('')}`;
  if (bsonTag(value) === 'BSONRegExp') {
    const r = value as { pattern: string; options: string };
    return `${r.pattern}/${[...r.options].sort().join('')}`;
  }
  return undefined;
}

function canonical(value: unknown): string {
  return EJSON.stringify({ v: value } as never, { relaxed: false });
}
