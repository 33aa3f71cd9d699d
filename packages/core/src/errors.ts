/**
 * The error hierarchy of `@argon/core`. Every error carries MongoDB's numeric
 * `code` and `codeName` (so the wire server and `db.command()` can return it
 * as `{ok: 0, code, codeName, errmsg}`) and a stable Argon error code used by
 * the CLI and the HTTP API (`argonCode`, documented in `docs/errors.md`).
 */

/** MongoDB codes that the engine raises, by name. */
export const MONGO_CODES = Object.freeze({
  BadValue: 2,
  NoSuchKey: 4,
  FailedToParse: 9,
  Unauthorized: 13,
  TypeMismatch: 14,
  IllegalOperation: 20,
  NamespaceNotFound: 26,
  IndexNotFound: 27,
  CursorNotFound: 43,
  NamespaceExists: 48,
  CommandNotFound: 59,
  ImmutableField: 66,
  InvalidOptions: 72,
  InvalidNamespace: 73,
  IndexOptionsConflict: 85,
  IndexKeySpecsConflict: 86,
  OperationFailed: 96,
  NotWritablePrimary: 10107,
  WriteConflict: 112,
  InternalError: 1,
  ExceededMemoryLimit: 146,
  InvalidIndexSpecificationOption: 197,
  DuplicateKey: 11000,
  CommandNotSupportedOnView: 166,
  OptionNotSupportedOnView: 167,
  DocumentValidationFailure: 121,
  NotAReplicaSet: 123,
  CannotConvertIndexToUnique: 359,
  ViewDepthLimitExceeded: 165,
  GraphContainsCycle: 5,
  StorageFailure: 10201,
} as const);

const MONGO_CODE_NAMES = new Map<number, string>(Object.entries(MONGO_CODES).map(([name, code]) => [code, name]));

/** Stable Argon error codes for the CLI and HTTP API. Every one is documented in docs/errors.md. */
export const ARGON_CODES = Object.freeze({
  BAD_INPUT: 'BAD_INPUT',
  INVALID_NAME: 'INVALID_NAME',
  PROJECT_NOT_FOUND: 'PROJECT_NOT_FOUND',
  PROJECT_EXISTS: 'PROJECT_EXISTS',
  BRANCH_NOT_FOUND: 'BRANCH_NOT_FOUND',
  BRANCH_EXISTS: 'BRANCH_EXISTS',
  BRANCH_PROTECTED: 'BRANCH_PROTECTED',
  LSN_OUT_OF_RANGE: 'LSN_OUT_OF_RANGE',
  TIME_OUT_OF_RANGE: 'TIME_OUT_OF_RANGE',
  READ_ONLY_VIEW: 'READ_ONLY_VIEW',
  DUPLICATE_KEY: 'DUPLICATE_KEY',
  QUERY_ERROR: 'QUERY_ERROR',
  NAMESPACE_NOT_FOUND: 'NAMESPACE_NOT_FOUND',
  COMMAND_NOT_FOUND: 'COMMAND_NOT_FOUND',
  UNAUTHORIZED: 'UNAUTHORIZED',
  STORAGE_FAILURE: 'STORAGE_FAILURE',
  CORRUPTION: 'CORRUPTION',
  LOCKED: 'LOCKED',
  INTERNAL: 'INTERNAL',
} as const);
export type ArgonCode = (typeof ARGON_CODES)[keyof typeof ARGON_CODES];

/** Root of all engine errors. */
export class ArgonError extends Error {
  readonly code: number;
  readonly codeName: string;
  readonly argonCode: ArgonCode;
  readonly details: Record<string, unknown> | undefined;
  constructor(message: string, opts: { code?: number; codeName?: string; argonCode?: ArgonCode; details?: Record<string, unknown>; cause?: unknown } = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.code = opts.code ?? MONGO_CODES.InternalError;
    this.codeName = opts.codeName ?? MONGO_CODE_NAMES.get(this.code) ?? `Location${this.code}`;
    this.argonCode = opts.argonCode ?? ARGON_CODES.INTERNAL;
    this.details = opts.details;
  }
  override get name(): string {
    return 'ArgonError';
  }
  /** True for errors caused by the caller's input (CLI exit code 1, HTTP 4xx). */
  get isUserError(): boolean {
    return this.argonCode !== ARGON_CODES.INTERNAL && this.argonCode !== ARGON_CODES.STORAGE_FAILURE && this.argonCode !== ARGON_CODES.CORRUPTION;
  }
}

/** Malformed or invalid input: names the field and says what to do. */
export class BadInputError extends ArgonError {
  constructor(message: string, opts: { code?: number; details?: Record<string, unknown>; argonCode?: ArgonCode } = {}) {
    super(message, { code: opts.code ?? MONGO_CODES.BadValue, argonCode: opts.argonCode ?? ARGON_CODES.BAD_INPUT, details: opts.details });
  }
  override get name(): string {
    return 'BadInputError';
  }
}

/** A project or branch name outside `[A-Za-z0-9_-]`. */
export class InvalidNameError extends ArgonError {
  constructor(message: string, details?: Record<string, unknown>) {
    super(message, { code: MONGO_CODES.InvalidNamespace, argonCode: ARGON_CODES.INVALID_NAME, details });
  }
  override get name(): string {
    return 'InvalidNameError';
  }
}

/** Unknown project, branch, collection or index. */
export class NotFoundError extends ArgonError {
  constructor(message: string, argonCode: ArgonCode, code: number = MONGO_CODES.NamespaceNotFound, details?: Record<string, unknown>) {
    super(message, { code, argonCode, details });
  }
  override get name(): string {
    return 'NotFoundError';
  }
}

/** A name that is already taken. */
export class AlreadyExistsError extends ArgonError {
  constructor(message: string, argonCode: ArgonCode, details?: Record<string, unknown>) {
    super(message, { code: MONGO_CODES.NamespaceExists, argonCode, details });
  }
  override get name(): string {
    return 'AlreadyExistsError';
  }
}

/** A point in time or LSN that a branch cannot reach. */
export class OutOfRangeError extends ArgonError {
  constructor(message: string, argonCode: ArgonCode = ARGON_CODES.LSN_OUT_OF_RANGE, details?: Record<string, unknown>) {
    super(message, { code: MONGO_CODES.BadValue, argonCode, details });
  }
  override get name(): string {
    return 'OutOfRangeError';
  }
}

/** A write sent to a time-travel view. */
export class ReadOnlyViewError extends ArgonError {
  constructor(view: string) {
    super(
      `database '${view}' is a read-only time-travel view; write to the branch head instead (drop the '@<lsn|time>' suffix), or create a branch from this point with argonCreateBranch`,
      // 166 is what mongod answers for writes to a (read-only) view; code 20 would be
      // rewritten by drivers into a misleading "retryable writes" message.
      { code: MONGO_CODES.CommandNotSupportedOnView, codeName: 'CommandNotSupportedOnView', argonCode: ARGON_CODES.READ_ONLY_VIEW, details: { view } },
    );
  }
  override get name(): string {
    return 'ReadOnlyViewError';
  }
}

/** A unique index (including `_id`) would hold two equal keys. */
export class DuplicateKeyError extends ArgonError {
  readonly keyPattern: Record<string, unknown>;
  readonly keyValue: Record<string, unknown>;
  constructor(ns: string, indexName: string, keyPattern: Record<string, unknown>, keyValue: Record<string, unknown>, shownKey: string) {
    super(`E11000 duplicate key error collection: ${ns} index: ${indexName} dup key: ${shownKey}`, {
      code: MONGO_CODES.DuplicateKey,
      codeName: 'DuplicateKey',
      argonCode: ARGON_CODES.DUPLICATE_KEY,
      details: { ns, index: indexName },
    });
    this.keyPattern = keyPattern;
    this.keyValue = keyValue;
  }
  override get name(): string {
    return 'DuplicateKeyError';
  }
}

/** A document that fails its collection's validator (code 121); `errInfo` explains why. */
export class DocumentValidationError extends ArgonError {
  readonly errInfo: Record<string, unknown>;
  constructor(errInfo: Record<string, unknown>) {
    super('Document failed validation', { code: MONGO_CODES.DocumentValidationFailure, codeName: 'DocumentValidationFailure', argonCode: ARGON_CODES.BAD_INPUT, details: errInfo });
    this.errInfo = errInfo;
  }
  override get name(): string {
    return 'DocumentValidationError';
  }
}

/** `collMod` cannot make an index unique: existing documents share keys (code 359). */
export class CannotConvertIndexToUniqueError extends ArgonError {
  /** Each group of `_id`s whose documents share one key of the index. */
  readonly violations: Array<{ ids: unknown[] }>;
  constructor(violations: Array<{ ids: unknown[] }>) {
    super('Cannot convert the index to unique. Please resolve conflicting documents before running collMod again.', {
      code: MONGO_CODES.CannotConvertIndexToUnique,
      codeName: 'CannotConvertIndexToUnique',
      argonCode: ARGON_CODES.BAD_INPUT,
      details: { violations: violations.length },
    });
    this.violations = violations;
  }
  override get name(): string {
    return 'CannotConvertIndexToUniqueError';
  }
}

/** A write, index build or option change aimed at a view (code 166). */
export class CommandNotSupportedOnViewError extends ArgonError {
  constructor(ns: string, what = 'a view, not a collection') {
    super(`Namespace ${ns} is ${what}`, { code: MONGO_CODES.CommandNotSupportedOnView, codeName: 'CommandNotSupportedOnView', argonCode: ARGON_CODES.BAD_INPUT, details: { ns } });
  }
  override get name(): string {
    return 'CommandNotSupportedOnViewError';
  }
}

/** The storage backend failed to make a write durable (disk full, read-only, network...). */
export class StorageError extends ArgonError {
  constructor(message: string, cause?: unknown, details?: Record<string, unknown>) {
    super(message, { code: MONGO_CODES.StorageFailure, codeName: 'StorageFailure', argonCode: ARGON_CODES.STORAGE_FAILURE, cause, details });
  }
  override get name(): string {
    return 'StorageError';
  }
}

/** Stored data failed verification (CRC, bad length, bad magic). */
export class CorruptionError extends ArgonError {
  readonly file: string | undefined;
  readonly offset: number | undefined;
  constructor(message: string, file?: string, offset?: number) {
    super(message, { code: MONGO_CODES.InternalError, argonCode: ARGON_CODES.CORRUPTION, details: { file, offset } });
    this.file = file;
    this.offset = offset;
  }
  override get name(): string {
    return 'CorruptionError';
  }
}

/** Another process holds the data directory's writer lock. */
export class LockedError extends ArgonError {
  constructor(message: string, details?: Record<string, unknown>) {
    super(message, { code: MONGO_CODES.IllegalOperation, argonCode: ARGON_CODES.LOCKED, details });
  }
  override get name(): string {
    return 'LockedError';
  }
}

/** An unknown command name. */
export class CommandNotFoundError extends ArgonError {
  constructor(command: string) {
    super(`no such command: '${command}'`, { code: MONGO_CODES.CommandNotFound, codeName: 'CommandNotFound', argonCode: ARGON_CODES.COMMAND_NOT_FOUND });
  }
  override get name(): string {
    return 'CommandNotFoundError';
  }
}

/**
 * Wraps an error from another layer (e.g. a `QueryError` from `@argon/query`,
 * which already carries `code`/`codeName`) so callers see one hierarchy.
 */
export function asArgonError(err: unknown): ArgonError {
  if (err instanceof ArgonError) return err;
  const e = err as { code?: unknown; codeName?: unknown; message?: unknown };
  if (err instanceof Error && typeof e.code === 'number' && typeof e.codeName === 'string') {
    return new ArgonError(err.message, { code: e.code, codeName: e.codeName, argonCode: ARGON_CODES.QUERY_ERROR, cause: err });
  }
  const message = err instanceof Error ? err.message : String(err);
  return new ArgonError(`internal error: ${message}`, { cause: err });
}
