/**
 * Routes one command: authentication gate, transaction refusal, built-in
 * handlers, then the executor. Never throws: every failure becomes an error
 * reply.
 */
import { TransactionsNotSupportedError, UnauthorizedError } from '../errors.js';
import { BUILT_IN_COMMANDS, UNAUTHENTICATED_COMMANDS } from '../handshake/index.js';
import type { ServerInfo } from '../handshake/built-in-command.js';
import { isTransactionRequest } from '../handshake/transactions.js';
import type { WireDocument } from '../protocol/bson-codec.js';
import { assertSupportedReadConcern, commandName, stripEnvelope } from './command-envelope.js';
import type { CommandContext, CommandExecutor } from './command-executor.js';
import type { ConnectionSession } from './connection-session.js';
import { errorReply } from './error-reply.js';

/** Runs commands for all connections of one server. */
export class CommandDispatcher {
  constructor(
    private readonly executor: CommandExecutor,
    private readonly server: ServerInfo,
  ) {}

  /** Runs `command` against `dbName` for `session` and returns the reply document. */
  dispatch(dbName: string, command: WireDocument, session: ConnectionSession): Promise<WireDocument> {
    let name: string | undefined;
    try {
      name = commandName(command);
      if (this.server.users !== undefined && session.authenticated === undefined && !UNAUTHENTICATED_COMMANDS.has(name)) {
        throw new UnauthorizedError(name);
      }
      if (isTransactionRequest(command)) throw new TransactionsNotSupportedError();
      const builtIn = BUILT_IN_COMMANDS.get(name);
      const reply =
        builtIn !== undefined
          ? builtIn({ dbName, command, session, server: this.server })
          : this.execute(dbName, command, session);
      // Not an async function: one promise per command instead of one per layer.
      return Promise.resolve(reply).catch((error: unknown) => this.failure(error, session, dbName, name));
    } catch (error) {
      return Promise.resolve(this.failure(error, session, dbName, name));
    }
  }

  private execute(dbName: string, command: WireDocument, session: ConnectionSession): Promise<WireDocument> {
    const context: CommandContext =
      session.authenticated === undefined
        ? { connectionId: session.connectionId, remoteAddress: session.remoteAddress }
        : { connectionId: session.connectionId, remoteAddress: session.remoteAddress, user: session.authenticated.user };
    assertSupportedReadConcern(command);
    return this.executor.execute(dbName, stripEnvelope(command), context);
  }

  private failure(error: unknown, session: ConnectionSession, dbName: string, command: string | undefined): WireDocument {
    return errorReply(error, this.server.logger, { connectionId: session.connectionId, db: dbName, command });
  }

  /** Tells the executor that a connection is gone; its failures are logged, not thrown. */
  connectionClosed(connectionId: number): void {
    try {
      this.executor.connectionClosed?.(connectionId);
    } catch (error) {
      this.server.logger.error({ connectionId, err: error }, 'executor.connectionClosed failed');
    }
  }
}
