import { ArgonError, asArgonError, DocumentValidationError, DuplicateKeyError, StorageError } from '../../errors.js';
import type { Doc } from '../command.js';

/**
 * Turns a per-statement failure into a `writeErrors` element. Storage and
 * internal failures are not statement errors: they abort the command.
 */
export function writeErrorOf(err: unknown, index: number): Doc {
  if (err instanceof StorageError) throw err;
  const e = asArgonError(err);
  if (e.argonCode === 'INTERNAL' && !(err instanceof ArgonError)) throw err;
  const out: Doc = { index, code: e.code, codeName: e.codeName, errmsg: e.message };
  if (e instanceof DuplicateKeyError) {
    out.keyPattern = e.keyPattern;
    out.keyValue = e.keyValue;
  }
  if (e instanceof DocumentValidationError) out.errInfo = e.errInfo;
  return out;
}
