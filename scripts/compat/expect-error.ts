/**
 * `expectError` assertions against the error an operation raised.
 */
import { MongoBulkWriteError, MongoClientBulkWriteError, MongoError, MongoOperationTimeoutError, MongoServerError } from 'mongodb';
import { isPlainDocument } from './bson-type.js';
import { AssertionFailure, RunnerError, SkipTest, check, describeError } from './errors.js';
import { assertMatches, type MatchContext } from './match.js';
import { toResultDocument } from './operations/results.js';
import type { Doc, ExpectedError } from './types.js';

/** Code names the bulk-write assertions may need to translate (write errors carry codes only). */
const CODE_NAMES: Readonly<Record<string, number>> = {
  DuplicateKey: 11000,
  DocumentValidationFailure: 121,
  WriteConcernFailed: 64,
  Interrupted: 11601,
  InterruptedAtShutdown: 11600,
  FailedToParse: 9,
  BadValue: 2,
  NamespaceNotFound: 26,
  IndexNotFound: 27,
  InvalidOptions: 72,
  UnknownError: 8,
};

/** True when the error originates from the client rather than from a server reply. */
export function isClientSideError(err: unknown): boolean {
  if (err instanceof AssertionFailure || err instanceof SkipTest || err instanceof RunnerError) return false;
  return !(err instanceof MongoServerError);
}

/** Server-side messages and codes an error carries, including those of bulk write errors. */
function aggregatedParts(err: unknown): { messages: string[]; codes: unknown[]; codeNames: string[] } {
  const messages: string[] = [];
  const codes: unknown[] = [];
  const codeNames: string[] = [];
  if (err instanceof Error) messages.push(err.message);
  const e = err as { code?: unknown; codeName?: unknown; errmsg?: unknown; cause?: unknown };
  if (e.code !== undefined) codes.push(e.code);
  if (typeof e.codeName === 'string') codeNames.push(e.codeName);
  if (typeof e.errmsg === 'string') messages.push(e.errmsg);
  if (err instanceof MongoBulkWriteError) {
    for (const we of err.writeErrors as unknown as Array<{ code?: unknown; errmsg?: unknown; err?: { codeName?: unknown } }>) {
      codes.push(we.code);
      if (typeof we.errmsg === 'string') messages.push(we.errmsg);
      if (typeof we.err?.codeName === 'string') codeNames.push(we.err.codeName);
    }
    const wce = (err as unknown as { writeConcernError?: { code?: unknown; errmsg?: unknown; codeName?: unknown } }).writeConcernError;
    if (wce) {
      codes.push(wce.code);
      if (typeof wce.errmsg === 'string') messages.push(wce.errmsg);
      if (typeof wce.codeName === 'string') codeNames.push(wce.codeName);
    }
  }
  if (err instanceof MongoClientBulkWriteError) {
    for (const we of err.writeErrors.values()) {
      codes.push(we.code);
      messages.push(we.message);
    }
    for (const wce of err.writeConcernErrors as Array<{ code?: unknown; message?: unknown }>) {
      codes.push(wce.code);
      if (typeof wce.message === 'string') messages.push(wce.message);
    }
  }
  if (e.cause instanceof MongoServerError) {
    messages.push(e.cause.message);
    codes.push(e.cause.code);
    if (typeof e.cause.codeName === 'string') codeNames.push(e.cause.codeName);
  }
  return { messages, codes, codeNames };
}

/** The server reply behind an error (MongoServerError.errorResponse), if any. */
function errorResponse(err: unknown): Doc | undefined {
  const r = (err as { errorResponse?: unknown }).errorResponse;
  if (isPlainDocument(r)) return r;
  const cause = (err as { cause?: unknown }).cause;
  return cause !== undefined && cause !== err ? errorResponse(cause) : undefined;
}

/** The partial result an error carries (bulk writes), converted to a document. */
function errorResult(err: unknown): unknown {
  if (err instanceof MongoBulkWriteError) return toResultDocument(err.result);
  if (err instanceof MongoClientBulkWriteError) return err.partialResult !== undefined ? toResultDocument(err.partialResult) : undefined;
  return undefined;
}

/**
 * Asserts every key of an `expectError` against `err`; throws an
 * {@link AssertionFailure} naming the first one that does not hold.
 */
export function assertExpectedError(expected: ExpectedError, err: unknown, ctx: MatchContext): void {
  const what = describeError(err);
  if (expected.isClientError !== undefined) {
    check(isClientSideError(err) === expected.isClientError, `expected a ${expected.isClientError ? 'client' : 'server'} error, got ${what}`);
  }
  if (expected.isTimeoutError !== undefined) {
    check((err instanceof MongoOperationTimeoutError) === expected.isTimeoutError, `expected ${expected.isTimeoutError ? 'a' : 'no'} timeout error, got ${what}`);
  }
  const parts = aggregatedParts(err);
  if (expected.errorContains !== undefined) {
    const needle = expected.errorContains.toLowerCase();
    check(
      parts.messages.some((m) => m.toLowerCase().includes(needle)),
      `expected the error message to contain "${expected.errorContains}", got ${what}`,
    );
  }
  if (expected.errorCode !== undefined) {
    check(parts.codes.some((c) => Number(c) === expected.errorCode), `expected error code ${expected.errorCode}, got ${what}`);
  }
  if (expected.errorCodeName !== undefined) {
    const name = expected.errorCodeName.toLowerCase();
    const code = CODE_NAMES[expected.errorCodeName];
    check(
      parts.codeNames.some((n) => n.toLowerCase() === name) || (parts.codeNames.length === 0 && code !== undefined && parts.codes.some((c) => Number(c) === code)),
      `expected error code name ${expected.errorCodeName}, got ${what}`,
    );
  }
  const hasLabel = (label: string) => err instanceof MongoError && err.hasErrorLabel(label);
  for (const label of expected.errorLabelsContain ?? []) check(hasLabel(label), `expected error label ${label}, got ${what}`);
  for (const label of expected.errorLabelsOmit ?? []) check(!hasLabel(label), `expected no error label ${label}, got ${what}`);
  if (expected.errorResponse !== undefined) {
    const response = errorResponse(err);
    check(response !== undefined, `expected a server error response, got ${what}`);
    assertMatches(expected.errorResponse, response, ctx, { root: true });
  }
  if (expected.expectResult !== undefined) {
    assertMatches(expected.expectResult, errorResult(err), ctx, { root: true });
  }
  if (expected.writeErrors !== undefined) {
    check(err instanceof MongoClientBulkWriteError, `expected a client bulk write error, got ${what}`);
    const actual: Doc = {};
    for (const [k, v] of err.writeErrors) actual[String(k)] = { ...v };
    check(Object.keys(actual).length === Object.keys(expected.writeErrors).length, `expected ${Object.keys(expected.writeErrors).length} write error(s), got ${Object.keys(actual).length}`);
    for (const [k, v] of Object.entries(expected.writeErrors)) assertMatches(v, actual[k], ctx, { root: true });
  }
  if (expected.writeConcernErrors !== undefined) {
    check(err instanceof MongoClientBulkWriteError, `expected a client bulk write error, got ${what}`);
    const actual = err.writeConcernErrors as unknown[];
    check(actual.length === expected.writeConcernErrors.length, `expected ${expected.writeConcernErrors.length} write concern error(s), got ${actual.length}`);
    expected.writeConcernErrors.forEach((w, i) => assertMatches(w, actual[i], ctx, { root: true }));
  }
}
