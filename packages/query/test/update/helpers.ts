/**
 * Shared helpers of the update tests: BSON value builders, a canonical
 * Extended JSON rendering that keeps types and field order, and a runner for
 * table-driven cases.
 */
import { describe, expect, it } from 'vitest';
import { Decimal128, Double, EJSON, Int32, Long } from 'bson';
import { compileUpdate, normalizeValue, QueryError } from '../../src/index.js';
import type { Document, UpdateContext } from '../../src/index.js';

export const i32 = (n: number) => new Int32(n);
export const dbl = (n: number) => new Double(n);
export const lng = (n: number | bigint | string) => Long.fromBigInt(BigInt(n));
export const dec = (s: string) => Decimal128.fromString(s);

/** Canonical Extended JSON: distinguishes int32/int64/double/decimal and keeps field order. */
export function ej(v: unknown): string {
  return EJSON.stringify(v as Document, { relaxed: false });
}

/** Fails when a plain JS number or bigint is found: every stored number must be a BSON wrapper. */
export function expectOnlyWrappers(v: unknown, path = ''): void {
  if (typeof v === 'number' || typeof v === 'bigint') throw new Error(`plain ${typeof v} at '${path}'`);
  if (Array.isArray(v)) v.forEach((x, i) => expectOnlyWrappers(x, `${path}.${i}`));
  else if (v !== null && typeof v === 'object' && (v as { _bsontype?: unknown })._bsontype === undefined && !(v instanceof Date)) {
    for (const [k, x] of Object.entries(v)) expectOnlyWrappers(x, path ? `${path}.${k}` : k);
  }
}

/** Runs `fn` and checks it throws a QueryError with `code` (and a message containing or matching `message`). */
export function expectQueryError(fn: () => unknown, code: number, message?: string | RegExp): void {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  expect(caught, 'expected an error').toBeInstanceOf(QueryError);
  const err = caught as QueryError;
  expect({ code: err.code, message: err.message }).toMatchObject({ code });
  if (typeof message === 'string') expect(err.message).toBe(message);
  else if (message) expect(err.message).toMatch(message);
}

/** One table row: a document, an update and the expected document or error. */
export interface UpdateCase {
  name: string;
  doc: Document;
  update: Document | Document[];
  /** Expected post-image; `'unchanged'` asserts the input object itself is returned (a no-op). */
  expected?: Document | 'unchanged';
  /** Expected error code. */
  code?: number;
  /** Exact message (string) or pattern. */
  message?: string | RegExp;
  ctx?: Partial<UpdateContext>;
  arrayFilters?: Document[];
}

/** Applies an update the way the engine does for one matched document. */
export function applyUpdate(doc: Document, update: Document | Document[], opts: { ctx?: Partial<UpdateContext>; arrayFilters?: Document[] } = {}): Document {
  const compiled = compileUpdate(update, opts.arrayFilters ? { arrayFilters: opts.arrayFilters } : {});
  return compiled.apply(doc, { isInsert: false, ...opts.ctx });
}

/** Registers one `it` per case. Input documents are normalized like stored ones and checked for mutation. */
export function runUpdateCases(title: string, cases: UpdateCase[]): void {
  describe(title, () => {
    for (const c of cases) {
      it(c.name, () => {
        const doc = normalizeValue(c.doc) as Document;
        const before = ej(doc);
        const run = () => applyUpdate(doc, c.update, { ...(c.ctx ? { ctx: c.ctx } : {}), ...(c.arrayFilters ? { arrayFilters: c.arrayFilters } : {}) });
        if (c.code !== undefined) {
          expectQueryError(run, c.code, c.message);
        } else {
          const out = run();
          if (c.expected === 'unchanged') {
            expect(out).toBe(doc);
          } else {
            expect(out).not.toBe(doc);
            expect(ej(out)).toBe(ej(normalizeValue(c.expected)));
            expectOnlyWrappers(out);
          }
        }
        expect(ej(doc)).toBe(before);
      });
    }
  });
}
