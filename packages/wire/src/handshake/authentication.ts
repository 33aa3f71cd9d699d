/**
 * SASL commands: `saslStart`, `saslContinue`, `logout`, and the speculative
 * `saslStart` that drivers embed in the handshake to save a round trip.
 * Only SCRAM-SHA-256 is offered.
 */
import { Binary } from 'bson';
import { SCRAM_SHA_256, ScramServerConversation } from '../auth/scram-sha-256.js';
import type { UserStore } from '../auth/user-store.js';
import { AuthenticationFailedError, MechanismUnavailableError, WireError } from '../errors.js';
import type { WireDocument } from '../protocol/bson-codec.js';
import { isDocument, isTruthy, numericValue } from '../server/command-envelope.js';
import type { BuiltInCommands, BuiltInContext } from './built-in-command.js';

// One exchange per connection at a time, as in mongod.
const CONVERSATION_ID = 1;

function payloadText(payload: unknown): string {
  if (payload instanceof Binary) return Buffer.from(payload.buffer.subarray(0, payload.position)).toString('utf8');
  if (payload instanceof Uint8Array) return Buffer.from(payload).toString('utf8');
  if (typeof payload === 'string') return payload;
  throw new AuthenticationFailedError('SASL payload must be BinData or a string');
}

function binary(text: string): Binary {
  return new Binary(Buffer.from(text, 'utf8'));
}

function requireUsers({ server }: BuiltInContext): UserStore {
  if (server.users === undefined) throw new AuthenticationFailedError('authentication is not enabled on this server (start it with users to enable it)');
  return server.users;
}

function logFailure(context: BuiltInContext, error: unknown, user: string | undefined): void {
  const reason = error instanceof AuthenticationFailedError ? error.reason : error instanceof Error ? error.message : String(error);
  context.server.logger.info(
    { connectionId: context.session.connectionId, remote: context.session.remoteAddress, user, db: context.dbName, reason },
    'authentication failed',
  );
}

function saslStart(context: BuiltInContext): WireDocument {
  const { command, session } = context;
  try {
    const users = requireUsers(context);
    const mechanism = command['mechanism'];
    if (mechanism !== SCRAM_SHA_256) throw new MechanismUnavailableError(typeof mechanism === 'string' ? mechanism : String(mechanism));
    const conversation = ScramServerConversation.start(payloadText(command['payload']), (user) => users.credentialFor(user));
    const options = command['options'];
    session.sasl = {
      conversationId: CONVERSATION_ID,
      conversation,
      db: context.dbName,
      skipEmptyExchange: isDocument(options) && isTruthy(options['skipEmptyExchange']),
      step: 'proof',
    };
    return { conversationId: CONVERSATION_ID, done: false, payload: binary(conversation.serverFirst), ok: 1 };
  } catch (error) {
    session.sasl = undefined;
    logFailure(context, error, undefined);
    throw error;
  }
}

function saslContinue(context: BuiltInContext): WireDocument {
  const { command, session, server } = context;
  const exchange = session.sasl;
  if (exchange === undefined || numericValue(command['conversationId']) !== exchange.conversationId) {
    throw new WireError('No SASL session state found', 'ProtocolError');
  }
  const user = exchange.conversation.user;
  try {
    const payload = payloadText(command['payload']);
    if (exchange.step === 'proof') {
      const serverFinal = exchange.conversation.finish(payload);
      if (!exchange.skipEmptyExchange) {
        exchange.step = 'empty';
        return { conversationId: exchange.conversationId, done: false, payload: binary(serverFinal), ok: 1 };
      }
      session.sasl = undefined;
      session.authenticated = { user, db: exchange.db };
      server.logger.debug({ connectionId: session.connectionId, user }, 'authenticated');
      return { conversationId: exchange.conversationId, done: true, payload: binary(serverFinal), ok: 1 };
    }
    session.sasl = undefined;
    if (payload !== '') throw new AuthenticationFailedError('expected an empty final SASL message');
    session.authenticated = { user, db: exchange.db };
    server.logger.debug({ connectionId: session.connectionId, user }, 'authenticated');
    return { conversationId: exchange.conversationId, done: true, payload: binary(''), ok: 1 };
  } catch (error) {
    session.sasl = undefined;
    logFailure(context, error, user);
    throw error;
  }
}

/**
 * Answers the `speculativeAuthenticate` document of a handshake: runs its
 * embedded `saslStart` and returns the reply to embed in the hello reply, or
 * undefined (the driver then falls back to an explicit `saslStart`).
 */
export function speculativeAuthenticate(context: BuiltInContext): WireDocument | undefined {
  const request = context.command['speculativeAuthenticate'];
  if (context.server.users === undefined || !isDocument(request) || !('saslStart' in request)) return undefined;
  const dbName = typeof request['db'] === 'string' ? request['db'] : context.dbName;
  try {
    const { ok: _ok, ...reply } = saslStart({ ...context, dbName, command: request });
    return reply;
  } catch {
    return undefined;
  }
}

/** `saslStart`, `saslContinue` and `logout`. */
export const authenticationCommands: BuiltInCommands = {
  saslStart,
  saslContinue,
  logout: ({ session }) => {
    session.authenticated = undefined;
    session.sasl = undefined;
    return { ok: 1 };
  },
};
