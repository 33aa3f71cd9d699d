/**
 * The TCP listener: accepts connections up to a limit, gives each a
 * {@link Connection}, and shuts down cleanly.
 */
import { createServer, type Server, type Socket } from 'node:net';
import type { UserStore } from '../auth/user-store.js';
import { ConfigurationError } from '../errors.js';
import type { ServerInfo } from '../handshake/built-in-command.js';
import { MessageEncoder } from '../protocol/message-encoder.js';
import { MESSAGE_HEADER_SIZE } from '../protocol/message-header.js';
import { CommandDispatcher } from './command-dispatcher.js';
import type { CommandExecutor } from './command-executor.js';
import { Connection } from './connection.js';
import { formatAddress } from './connection-session.js';
import { DEFAULT_HOST, DEFAULT_MAX_CONNECTIONS, DEFAULT_MAX_MESSAGE_SIZE_BYTES, DEFAULT_PORT } from './limits.js';
import { SILENT_LOGGER, type WireLogger } from './logger.js';

/** Options of {@link startWireServer}. */
export interface WireServerOptions {
  /** Runs every command the server does not answer itself. */
  readonly executor: CommandExecutor;
  /** Listen address; default `127.0.0.1`. */
  readonly host?: string;
  /** Listen port; default 27018; 0 picks a free port (see {@link WireServer.address}). */
  readonly port?: number;
  /** A pino-compatible logger; default silent. */
  readonly logger?: WireLogger;
  /** Connections beyond this are accepted and closed at once; default 1000. */
  readonly maxConnections?: number;
  /** Largest accepted message, also advertised in `hello`; default 48,000,000. */
  readonly maxMessageSizeBytes?: number;
  /** Enables SCRAM-SHA-256 authentication: every command but the handshake then needs a user. */
  readonly auth?: { readonly users: UserStore };
  /** Argon's own version, reported as `argon.version` in `buildInfo` and `serverStatus`. */
  readonly serverVersion?: string;
}

/** A running wire server. */
export interface WireServer {
  /** The address actually bound (the real port when 0 was requested). */
  readonly address: { readonly host: string; readonly port: number };
  /** Connections open right now (including ones finishing their last requests). */
  connectionCount(): number;
  /** Stops listening, closes every connection and waits until all of them are finished. Idempotent. */
  close(): Promise<void>;
}

const DEFAULT_ARGON_VERSION = '0.1.0';
// bson cannot serialize more than 2 GiB, and the header's length is an int32.
const MAX_MESSAGE_SIZE_LIMIT = 2 ** 31 - 1;

/**
 * Starts a MongoDB wire-protocol server.
 *
 * @example
 * ```ts
 * const server = await startWireServer({ executor, port: 0 });
 * const client = await MongoClient.connect(`mongodb://127.0.0.1:${server.address.port}`);
 * // ...
 * await server.close();
 * ```
 * @throws ConfigurationError for invalid options; the listen error (e.g. EADDRINUSE) if binding fails.
 */
export async function startWireServer(options: WireServerOptions): Promise<WireServer> {
  const server = new ListeningWireServer(options);
  await server.listen(options.host ?? DEFAULT_HOST, options.port ?? DEFAULT_PORT);
  return server;
}

function validate(options: WireServerOptions): { maxConnections: number; maxMessageSizeBytes: number } {
  const maxConnections = options.maxConnections ?? DEFAULT_MAX_CONNECTIONS;
  const maxMessageSizeBytes = options.maxMessageSizeBytes ?? DEFAULT_MAX_MESSAGE_SIZE_BYTES;
  if (!Number.isInteger(maxConnections) || maxConnections < 1) throw new ConfigurationError(`maxConnections must be a positive integer, got ${maxConnections}`);
  if (!Number.isInteger(maxMessageSizeBytes) || maxMessageSizeBytes < MESSAGE_HEADER_SIZE || maxMessageSizeBytes > MAX_MESSAGE_SIZE_LIMIT) {
    throw new ConfigurationError(`maxMessageSizeBytes must be an integer between ${MESSAGE_HEADER_SIZE} and ${MAX_MESSAGE_SIZE_LIMIT}, got ${maxMessageSizeBytes}`);
  }
  const port = options.port ?? DEFAULT_PORT;
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new ConfigurationError(`port must be an integer between 0 and 65535, got ${port}`);
  return { maxConnections, maxMessageSizeBytes };
}

class ListeningWireServer implements WireServer {
  private readonly net: Server;
  private readonly logger: WireLogger;
  private readonly dispatcher: CommandDispatcher;
  private readonly encoder = new MessageEncoder();
  private readonly connections = new Set<Connection>();
  private readonly maxConnections: number;
  private readonly maxMessageSizeBytes: number;
  private readonly authEnabled: boolean;
  private nextConnectionId = 1;
  private totalCreated = 0;
  private requestId = 0;
  private closing: Promise<void> | undefined;
  private bound: { host: string; port: number } = { host: '', port: 0 };

  constructor(options: WireServerOptions) {
    const { maxConnections, maxMessageSizeBytes } = validate(options);
    this.maxConnections = maxConnections;
    this.maxMessageSizeBytes = maxMessageSizeBytes;
    this.logger = options.logger ?? SILENT_LOGGER;
    this.authEnabled = options.auth !== undefined;
    const info: ServerInfo = {
      argonVersion: options.serverVersion ?? DEFAULT_ARGON_VERSION,
      startedAt: Date.now(),
      maxConnections,
      maxMessageSizeBytes,
      users: options.auth?.users,
      logger: this.logger,
      connectionCount: () => this.connections.size,
      totalConnectionsCreated: () => this.totalCreated,
    };
    this.dispatcher = new CommandDispatcher(options.executor, info);
    // allowHalfOpen: a client that shuts down its sending side still gets its replies.
    this.net = createServer({ allowHalfOpen: true, noDelay: true, keepAlive: true, keepAliveInitialDelay: 120_000 });
    this.net.on('connection', (socket) => this.accept(socket));
  }

  get address(): { readonly host: string; readonly port: number } {
    return this.bound;
  }

  async listen(host: string, port: number): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.net.once('error', reject);
      this.net.listen({ host, port }, () => {
        this.net.off('error', reject);
        resolve();
      });
    });
    this.net.on('error', (error) => this.logger.error({ err: error }, 'wire server error'));
    const address = this.net.address();
    this.bound = { host, port: typeof address === 'object' && address !== null ? address.port : port };
    this.logger.info({ host, port: this.bound.port, auth: this.authEnabled }, 'wire server listening');
  }

  connectionCount(): number {
    return this.connections.size;
  }

  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  private async shutdown(): Promise<void> {
    const stopped = new Promise<void>((resolve) => this.net.close(() => resolve()));
    const connections = [...this.connections];
    for (const connection of connections) connection.destroy();
    await Promise.all([stopped, ...connections.map((connection) => connection.finished)]);
    this.logger.info({ port: this.bound.port }, 'wire server closed');
  }

  private accept(socket: Socket): void {
    const remote = formatAddress(socket.remoteAddress, socket.remotePort);
    if (this.closing !== undefined) {
      socket.destroy();
      return;
    }
    if (this.connections.size >= this.maxConnections) {
      this.logger.warn({ remote, maxConnections: this.maxConnections }, 'connection refused: maxConnections reached');
      socket.destroy();
      return;
    }
    this.totalCreated++;
    const connection = new Connection({
      id: this.nextConnectionId++,
      socket,
      dispatcher: this.dispatcher,
      logger: this.logger,
      maxMessageSizeBytes: this.maxMessageSizeBytes,
      nextRequestId: () => (this.requestId = (this.requestId + 1) & 0x7fffffff),
      encoder: this.encoder,
      onFinished: (finished) => {
        this.connections.delete(finished);
        this.dispatcher.connectionClosed(finished.id);
      },
    });
    this.connections.add(connection);
    this.logger.debug({ connectionId: connection.id, remote, connections: this.connections.size }, 'connection accepted');
  }
}
