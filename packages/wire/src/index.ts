/**
 * `@argon/wire`: a MongoDB wire-protocol server. It speaks OP_MSG (and the
 * OP_QUERY handshake), answers handshake, diagnostic and SCRAM-SHA-256
 * authentication commands itself, and hands every other command to a
 * {@link CommandExecutor}.
 *
 * @example
 * ```ts
 * import { startWireServer, loadUsersFile } from '@argon/wire';
 * const server = await startWireServer({ executor, port: 27018, auth: { users: await loadUsersFile('users.json') } });
 * ```
 */
export { startWireServer, type WireServer, type WireServerOptions } from './server/wire-server.js';
export type { CommandContext, CommandExecutor } from './server/command-executor.js';
export { SILENT_LOGGER, type LogMethod, type WireLogger } from './server/logger.js';
export { ENVELOPE_FIELDS } from './server/command-envelope.js';
export {
  DEFAULT_HOST,
  DEFAULT_MAX_CONNECTIONS,
  DEFAULT_MAX_MESSAGE_SIZE_BYTES,
  DEFAULT_PORT,
  MAX_BSON_OBJECT_SIZE,
  MAX_WIRE_VERSION,
  MAX_WRITE_BATCH_SIZE,
  MIN_WIRE_VERSION,
} from './server/limits.js';
export { UserStore, loadUsersFile, parseUserFlag, type UserEntry, type UserStoreOptions } from './auth/user-store.js';
export { deriveScramCredential, SCRAM_SHA_256, type ScramCredential } from './auth/scram-sha-256.js';
export { EMULATED_MONGODB_VERSION } from './handshake/build-info.js';
export { BSON_DESERIALIZE_OPTIONS } from './protocol/bson-codec.js';
export {
  AuthenticationFailedError,
  ConfigurationError,
  MechanismUnavailableError,
  MessageFormatError,
  TransactionsNotSupportedError,
  UnauthorizedError,
  UnsupportedOpQueryError,
  WIRE_ERROR_CODES,
  WireError,
  type WireErrorCodeName,
} from './errors.js';
