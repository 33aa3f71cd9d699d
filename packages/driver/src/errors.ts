import { MongoBulkWriteError, MongoInvalidArgumentError, MongoServerError } from 'mongodb';
import { asArgonError } from '@argon/core';

/**
 * ArgonClient raises the official driver's error classes, so code written
 * against `mongodb` (`err instanceof MongoServerError`, `err.code === 11000`)
 * keeps working unchanged. The Argon error is kept as `cause`.
 */
export function toDriverError(err: unknown): Error {
  if (err instanceof MongoServerError || err instanceof MongoBulkWriteError || err instanceof MongoInvalidArgumentError) return err;
  const e = asArgonError(err);
  const out = new MongoServerError({ message: e.message, errmsg: e.message, code: e.code, codeName: e.codeName, ...(e.details ? { argonDetails: e.details } : {}) });
  const extra = e as unknown as { keyPattern?: unknown; keyValue?: unknown };
  if (extra.keyPattern) Object.assign(out, { keyPattern: extra.keyPattern, keyValue: extra.keyValue });
  (out as { cause?: unknown }).cause = err;
  return out;
}

/** Error for a server reply's write error (one statement of insert/update/delete). */
export function writeErrorToServerError(we: Record<string, unknown>): MongoServerError {
  const err = new MongoServerError({ message: String(we.errmsg), errmsg: String(we.errmsg), code: we.code, codeName: we.codeName, ...(we.keyPattern ? { keyPattern: we.keyPattern, keyValue: we.keyValue } : {}) });
  return err;
}

export { MongoBulkWriteError, MongoInvalidArgumentError, MongoServerError };
