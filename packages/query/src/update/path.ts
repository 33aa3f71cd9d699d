/**
 * Update paths: parsing dotted field paths, recognising the positional
 * components (`$`, `$[]`, `$[id]`), and ordering sibling fields the way
 * mongod's update tree orders them.
 */
import { ERROR_CODES, UpdateError } from '../errors.js';
import { compareStrings } from '../values/compare.js';

/** True for the positional component `$`. */
export function isPositional(part: string): boolean {
  return part === '$';
}

/** True for an array-filter component `$[]` or `$[id]`. */
export function isArrayFilterComponent(part: string): boolean {
  return part.length >= 3 && part.startsWith('$[') && part.endsWith(']');
}

/** The identifier of an array-filter component (`''` for `$[]`). */
export function arrayFilterIdentifier(part: string): string {
  return part.slice(2, -1);
}

/**
 * Splits a dotted update path and checks it is updatable: not empty, no
 * empty component, at most one `$`, and no `$` in the first position.
 */
export function parseUpdatePath(path: string): string[] {
  if (path.length === 0) throw new UpdateError(ERROR_CODES.EmptyFieldName, 'An empty update path is not valid.');
  const parts = path.split('.');
  if (parts.some((p) => p.length === 0)) {
    throw new UpdateError(
      ERROR_CODES.EmptyFieldName,
      `The update path '${path}' contains an empty field name, which is not allowed.`,
    );
  }
  const positional = parts.filter(isPositional).length;
  if (positional > 1) {
    throw new UpdateError(ERROR_CODES.BadValue, `Too many positional (i.e. '$') elements found in path '${path}'`);
  }
  if (positional === 1 && isPositional(parts[0]!)) {
    throw new UpdateError(
      ERROR_CODES.BadValue,
      `Cannot have positional (i.e. '$') element in the first position in path '${path}'`,
    );
  }
  return parts;
}

/** True when a path has a `$`, `$[]` or `$[id]` component. */
export function isDynamicPath(parts: readonly string[]): boolean {
  return parts.some((p) => isPositional(p) || isArrayFilterComponent(p));
}

/** True when `prefix` equals `path` or is a proper prefix of it, component-wise. */
export function isPathPrefix(prefix: readonly string[], path: readonly string[]): boolean {
  if (prefix.length > path.length) return false;
  for (let i = 0; i < prefix.length; i++) if (prefix[i] !== path[i]) return false;
  return true;
}

/**
 * Parses a path component used as an array index: only decimal digits
 * (leading zeros allowed, as mongod's update code accepts them).
 */
export function arrayIndexOf(part: string): number | undefined {
  if (!/^[0-9]+$/.test(part)) return undefined;
  const n = Number(part);
  return Number.isSafeInteger(n) ? n : undefined;
}

/**
 * Orders sibling field names as mongod's update tree does: two names that
 * both look like array indexes (a non-zero leading digit, or exactly `0`)
 * order by length and then by digits, so `2` precedes `10`; everything else
 * orders by bytes. New fields are appended in this order.
 */
export function compareFieldNames(a: string, b: string): number {
  const numericLike = (s: string) => s.length > 0 && s.charCodeAt(0) >= 48 && s.charCodeAt(0) <= 57 && !(s[0] === '0' && s.length > 1);
  if (numericLike(a) && numericLike(b) && a.length !== b.length) return a.length < b.length ? -1 : 1;
  return compareStrings(a, b);
}
