/**
 * Turns anything a command throws into MongoDB's error reply,
 * `{ok: 0, errmsg, code, codeName}`, keeping the fields drivers act on
 * (`errorLabels` for retries, `keyPattern`/`keyValue` for duplicate keys,
 * `errInfo` for document validation, `violations` for index conversions).
 */
import type { WireDocument } from '../protocol/bson-codec.js';
import type { WireLogger } from './logger.js';

const INTERNAL_ERROR = { code: 1, codeName: 'InternalError' } as const;

interface CodedError {
  readonly code: number;
  readonly codeName?: unknown;
  readonly message?: unknown;
  readonly errorLabels?: unknown;
  readonly keyPattern?: unknown;
  readonly keyValue?: unknown;
  readonly errInfo?: unknown;
  readonly violations?: unknown;
}

function hasNumericCode(error: unknown): error is CodedError {
  return typeof error === 'object' && error !== null && typeof (error as { code?: unknown }).code === 'number';
}

function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'object' && error !== null && typeof (error as { message?: unknown }).message === 'string') {
    return (error as { message: string }).message;
  }
  return String(error);
}

/**
 * The error reply for `error`. Errors without a numeric `code` are bugs or
 * infrastructure failures: they become InternalError and are logged with
 * their stack.
 */
export function errorReply(error: unknown, logger: WireLogger, fields: Record<string, unknown> = {}): WireDocument {
  const errmsg = messageOf(error);
  if (!hasNumericCode(error)) {
    logger.error({ ...fields, err: error }, `command failed with an unexpected error: ${errmsg}`);
    return { ok: 0, errmsg, ...INTERNAL_ERROR };
  }
  const codeName = typeof error.codeName === 'string' && error.codeName !== '' ? error.codeName : `Location${error.code}`;
  const reply: WireDocument = { ok: 0, errmsg, code: error.code, codeName };
  if (Array.isArray(error.errorLabels) && error.errorLabels.length > 0) reply['errorLabels'] = [...error.errorLabels];
  if (error.keyPattern !== undefined) reply['keyPattern'] = error.keyPattern;
  if (error.keyValue !== undefined) reply['keyValue'] = error.keyValue;
  if (error.errInfo !== undefined) reply['errInfo'] = error.errInfo;
  if (error.violations !== undefined) reply['violations'] = error.violations;
  return reply;
}
