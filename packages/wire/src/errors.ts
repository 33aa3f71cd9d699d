/**
 * The error hierarchy of `@argon/wire`. Every error carries MongoDB's numeric
 * `code` and `codeName`, so the server can turn it into
 * `{ok: 0, errmsg, code, codeName}` without a lookup.
 *
 * - {@link WireError}: root.
 *   - {@link MessageFormatError}: a message whose header is intact but whose body
 *     cannot be parsed; answered with an error reply, the connection stays open.
 *   - {@link UnauthorizedError}, {@link AuthenticationFailedError},
 *     {@link MechanismUnavailableError}: authentication.
 *   - {@link TransactionsNotSupportedError}: multi-document transactions.
 *   - {@link UnsupportedOpQueryError}: OP_QUERY used for anything but the handshake.
 *   - {@link ConfigurationError}: invalid server options, users file or `--user` flag.
 */

/** MongoDB error codes raised by the wire layer, by name. */
export const WIRE_ERROR_CODES = Object.freeze({
  InternalError: 1,
  BadValue: 2,
  Unauthorized: 13,
  ProtocolError: 17,
  AuthenticationFailed: 18,
  IllegalOperation: 20,
  CommandNotFound: 59,
  InvalidOptions: 72,
  MechanismUnavailable: 334,
  UnsupportedOpQueryCommand: 352,
  BSONObjectTooLarge: 10334,
} as const);

/** A code name from {@link WIRE_ERROR_CODES}. */
export type WireErrorCodeName = keyof typeof WIRE_ERROR_CODES;

/** Root of every error thrown by `@argon/wire`. */
export class WireError extends Error {
  /** MongoDB's numeric error code. */
  readonly code: number;
  /** MongoDB's name for {@link code}. */
  readonly codeName: string;
  constructor(message: string, codeName: WireErrorCodeName, options?: { cause?: unknown }) {
    super(message, options);
    this.code = WIRE_ERROR_CODES[codeName];
    this.codeName = codeName;
  }
  override get name(): string {
    return 'WireError';
  }
}

/** The body of a message with an intact header could not be parsed (bad BSON, bad section, bad checksum). */
export class MessageFormatError extends WireError {
  constructor(message: string, codeName: WireErrorCodeName = 'BadValue', options?: { cause?: unknown }) {
    super(message, codeName, options);
  }
  override get name(): string {
    return 'MessageFormatError';
  }
}

/** A command that needs an authenticated connection arrived before authentication. */
export class UnauthorizedError extends WireError {
  constructor(commandName: string) {
    super(`command ${commandName} requires authentication`, 'Unauthorized');
  }
  override get name(): string {
    return 'UnauthorizedError';
  }
}

/**
 * SCRAM failed: unknown user, wrong password or a malformed conversation. The
 * message is always MongoDB's generic one so that it reveals nothing; `reason`
 * holds the detail for the server log.
 */
export class AuthenticationFailedError extends WireError {
  /** Why authentication failed; for logs only, never sent to the client. */
  readonly reason: string;
  constructor(reason: string) {
    super('Authentication failed.', 'AuthenticationFailed');
    this.reason = reason;
  }
  override get name(): string {
    return 'AuthenticationFailedError';
  }
}

/** A SASL mechanism other than SCRAM-SHA-256 was requested. */
export class MechanismUnavailableError extends WireError {
  constructor(mechanism: string) {
    super(`Received authentication for mechanism ${mechanism} which is not enabled; Argon supports SCRAM-SHA-256`, 'MechanismUnavailable');
  }
  override get name(): string {
    return 'MechanismUnavailableError';
  }
}

/** Argon runs as a standalone server and has no multi-document transactions. */
export class TransactionsNotSupportedError extends WireError {
  constructor() {
    super(
      'Transaction numbers are only allowed on a replica set member or mongos (Argon does not support multi-document transactions)',
      'IllegalOperation',
    );
  }
  override get name(): string {
    return 'TransactionsNotSupportedError';
  }
}

/** OP_QUERY carried something other than a handshake command (MongoDB 5.1+ behaves the same). */
export class UnsupportedOpQueryError extends WireError {
  constructor(what: string) {
    super(`Unsupported OP_QUERY command: ${what}. The client driver may require an upgrade; only hello/isMaster may be sent with OP_QUERY`, 'UnsupportedOpQueryCommand');
  }
  override get name(): string {
    return 'UnsupportedOpQueryError';
  }
}

/** Invalid server options, users file or `--user` flag. */
export class ConfigurationError extends WireError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, 'BadValue', options);
  }
  override get name(): string {
    return 'ConfigurationError';
  }
}
