/**
 * Table-driven helpers for filter tests: each case is a filter, a document and
 * whether MongoDB matches it.
 */
import { describe, expect, it } from 'vitest';
import { QueryError } from '../../src/errors.js';
import { compileFilter } from '../../src/query/index.js';
import { formatValue } from '../../src/query/format.js';
import type { Document } from '../../src/values/bson-type.js';

/** One row: filter, document, expected match. */
export type MatchCase = readonly [filter: Document, doc: Document, expected: boolean];

/** One row: invalid filter, expected code, expected message fragment. */
export type ErrorCase = readonly [filter: Document, code: number, message: string];

/** Declares one test per row, checking `test` and `match` agree with the expectation. */
export function matchTable(title: string, cases: readonly MatchCase[]): void {
  describe(title, () => {
    cases.forEach(([filter, doc, expected], i) => {
      it(`#${i} ${formatValue(filter)} on ${formatValue(doc)} → ${expected}`, () => {
        const compiled = compileFilter(filter);
        expect(compiled.test(doc)).toBe(expected);
        expect(compiled.match(doc).matched).toBe(expected);
      });
    });
  });
}

/** Declares one test per row, checking the filter is rejected with MongoDB's code and message. */
export function errorTable(title: string, cases: readonly ErrorCase[]): void {
  describe(title, () => {
    cases.forEach(([filter, code, message], i) => {
      it(`#${i} ${formatValue(filter)} → ${code}`, () => {
        let error: unknown;
        try {
          compileFilter(filter);
        } catch (e) {
          error = e;
        }
        expect(error).toBeInstanceOf(QueryError);
        expect((error as QueryError).code).toBe(code);
        expect((error as QueryError).message).toContain(message);
      });
    });
  });
}
