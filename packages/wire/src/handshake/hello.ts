/**
 * `hello` and its legacy spellings `isMaster`/`ismaster`: the handshake. The
 * reply describes a standalone server (no `setName`) and never offers
 * compression, so clients send uncompressed messages.
 */
import { SCRAM_SHA_256 } from '../auth/scram-sha-256.js';
import type { WireDocument } from '../protocol/bson-codec.js';
import { isDocument } from '../server/command-envelope.js';
import {
  LOGICAL_SESSION_TIMEOUT_MINUTES,
  MAX_BSON_OBJECT_SIZE,
  MAX_WIRE_VERSION,
  MAX_WRITE_BATCH_SIZE,
  MIN_WIRE_VERSION,
} from '../server/limits.js';
import { speculativeAuthenticate } from './authentication.js';
import type { BuiltInCommands, BuiltInContext } from './built-in-command.js';

function hello(context: BuiltInContext, legacy: boolean): WireDocument {
  const { command, session, server } = context;
  const client = command['client'];
  if (session.clientMetadata === undefined && isDocument(client)) {
    session.clientMetadata = client;
    server.logger.debug({ connectionId: session.connectionId, client }, 'client metadata');
  }
  const reply: WireDocument = {
    helloOk: true,
    // hello answers with the new name, isMaster with the old one; drivers read either.
    [legacy ? 'ismaster' : 'isWritablePrimary']: true,
    maxBsonObjectSize: MAX_BSON_OBJECT_SIZE,
    maxMessageSizeBytes: server.maxMessageSizeBytes,
    maxWriteBatchSize: MAX_WRITE_BATCH_SIZE,
    localTime: new Date(),
    logicalSessionTimeoutMinutes: LOGICAL_SESSION_TIMEOUT_MINUTES,
    connectionId: session.connectionId,
    minWireVersion: MIN_WIRE_VERSION,
    maxWireVersion: MAX_WIRE_VERSION,
    readOnly: false,
  };
  if (server.users !== undefined) {
    // Offered for any name, so the reply does not reveal which users exist.
    if (typeof command['saslSupportedMechs'] === 'string') reply['saslSupportedMechs'] = [SCRAM_SHA_256];
    const speculative = speculativeAuthenticate(context);
    if (speculative !== undefined) reply['speculativeAuthenticate'] = speculative;
  }
  reply['ok'] = 1;
  return reply;
}

/** Names of the handshake command; the only commands accepted over OP_QUERY. */
export const HELLO_COMMAND_NAMES: ReadonlySet<string> = new Set(['hello', 'isMaster', 'ismaster']);

/** `hello`, `isMaster`, `ismaster`. */
export const helloCommands: BuiltInCommands = {
  hello: (context) => hello(context, false),
  isMaster: (context) => hello(context, true),
  ismaster: (context) => hello(context, true),
};
