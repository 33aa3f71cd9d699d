import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ARGON_CODES } from '@argon/core';
import { describe, expect, it } from 'vitest';
import { ARGON_CODE_HTTP_STATUS, HTTP_ERROR_CODES, allApiErrorCodes, httpStatusOf } from '../../src/http/error-codes.js';

/** `| \`CODE\` | 404 | ...` rows of docs/errors.md, by code. */
function documentedCodes(): Map<string, number[]> {
  const text = readFileSync(join(import.meta.dirname, '../../../../docs/errors.md'), 'utf8');
  const out = new Map<string, number[]>();
  for (const m of text.matchAll(/^\|\s*`([A-Z_]+)`\s*\|\s*(\d{3})\s*\|(.*)\|\s*$/gm)) {
    expect(m[3]!.trim().length, `${m[1]} has a meaning`).toBeGreaterThan(10);
    out.set(m[1]!, [...(out.get(m[1]!) ?? []), Number(m[2])]);
  }
  return out;
}

describe('error codes', () => {
  it('documents every engine and HTTP code in docs/errors.md with its HTTP status', () => {
    const doc = documentedCodes();
    const codes = [...Object.values(ARGON_CODES), ...Object.keys(HTTP_ERROR_CODES)];
    expect(codes.length).toBeGreaterThan(20);
    for (const code of codes) {
      expect(doc.has(code), `docs/errors.md documents ${code}`).toBe(true);
      for (const status of doc.get(code)!) expect(status, `${code} status in docs/errors.md`).toBe(httpStatusOf(code));
    }
  });

  it('documents no code that does not exist', () => {
    const known = new Set<string>(allApiErrorCodes());
    for (const code of documentedCodes().keys()) expect(known.has(code), `${code} is a real code`).toBe(true);
  });

  it('maps engine codes to the HTTP statuses of the contract', () => {
    expect(ARGON_CODE_HTTP_STATUS).toMatchObject({
      BRANCH_NOT_FOUND: 404,
      PROJECT_NOT_FOUND: 404,
      PROJECT_EXISTS: 409,
      BRANCH_EXISTS: 409,
      BAD_INPUT: 400,
      INVALID_NAME: 400,
      LSN_OUT_OF_RANGE: 400,
      QUERY_ERROR: 400,
      READ_ONLY_VIEW: 409,
      LOCKED: 423,
      STORAGE_FAILURE: 500,
      CORRUPTION: 500,
      INTERNAL: 500,
    });
    expect(Object.keys(ARGON_CODE_HTTP_STATUS).sort()).toEqual(Object.values(ARGON_CODES).sort());
    expect(Object.isFrozen(HTTP_ERROR_CODES)).toBe(true);
    expect(Object.isFrozen(ARGON_CODE_HTTP_STATUS)).toBe(true);
    expect(httpStatusOf('VALIDATION_FAILED')).toBe(400);
    expect(httpStatusOf('UNAUTHORIZED')).toBe(401);
    expect(httpStatusOf('NOT_A_CODE')).toBe(500);
  });
});
