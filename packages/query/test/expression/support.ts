/**
 * Test helpers for expressions and pipelines: short constructors for BSON
 * numbers and a canonical form that makes BSON types and field order visible
 * to `toEqual` (so Int32(1) and Double(1) differ, and so do {a,b} and {b,a}).
 */
import { expect } from 'vitest';
import { Decimal128, Double, Int32, Long } from 'bson';
import { bsonTypeOf, documentEntries, isPlainObject } from '../../src/values/index.js';
import type { Document } from '../../src/values/index.js';
import { compileExpression } from '../../src/expression/index.js';

/** Int32. */
export const i = (n: number): Int32 => new Int32(n);
/** Double. */
export const d = (n: number): Double => new Double(n);
/** Long. */
export const l = (n: number | bigint | string): Long =>
  typeof n === 'string' ? Long.fromString(n) : typeof n === 'bigint' ? Long.fromBigInt(n) : Long.fromNumber(n);
/** Decimal128. */
export const dec = (s: string): Decimal128 => Decimal128.fromString(s);

/** A canonical, type-tagged, order-preserving form of a value. */
export function canon(v: unknown, strict = true): unknown {
  if (v === undefined) return { $missing: true };
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'number') {
    if (strict) throw new Error(`plain JS number ${v} in a result: results must use BSON wrappers`);
    return Number.isInteger(v) && Math.abs(v) < 2 ** 31 ? { $int: v } : { $double: String(v) };
  }
  if (typeof v === 'bigint') {
    if (strict) throw new Error(`bigint ${v} in a result`);
    return { $long: v.toString() };
  }
  if (Array.isArray(v)) return v.map((x) => canon(x, strict));
  if (v instanceof Date) return { $date: Number.isNaN(v.getTime()) ? 'invalid' : v.toISOString() };
  switch (bsonTypeOf(v)) {
    case 'int':
      return { $int: (v as Int32).value };
    case 'double':
      return { $double: String((v as Double).value) };
    case 'long':
      return { $long: (v as Long).toString() };
    case 'decimal':
      return { $decimal: (v as Decimal128).toString() };
    default:
      break;
  }
  if (isPlainObject(v) || bsonTypeOf(v) === 'object') {
    return { $doc: documentEntries(v as object).map(([k, x]) => [k, canon(x, strict)]) };
  }
  return { [`$${bsonTypeOf(v)}`]: String(v) };
}

/** Asserts `actual` equals `expected` including BSON types and field order. */
export function expectBson(actual: unknown, expected: unknown): void {
  expect(canon(actual)).toEqual(canon(expected, false));
}

/** Evaluates an expression against a document. */
export function ev(expr: unknown, doc: Document = {}, vars?: Record<string, unknown>): unknown {
  return compileExpression(expr)(doc, vars);
}

/** Asserts that `fn` throws an error carrying `code` (and optionally a message fragment). */
export function expectCode(fn: () => unknown, code: number, fragment?: string): void {
  let thrown: unknown;
  try {
    fn();
  } catch (e) {
    thrown = e;
  }
  expect(thrown, 'expected an error').toBeInstanceOf(Error);
  expect((thrown as { code?: number }).code).toBe(code);
  if (fragment !== undefined) expect((thrown as Error).message).toContain(fragment);
}

/** A table row: name, expression, input document, expected result. */
export type Case = [name: string, expr: unknown, doc: Document, expected: unknown];

/** A table row for an error: name, expression, input document, code. */
export type ErrorCase = [name: string, expr: unknown, doc: Document, code: number];
