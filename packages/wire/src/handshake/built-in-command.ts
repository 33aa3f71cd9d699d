/**
 * The shape of a command the server answers itself, and what such a command
 * may know about the server.
 */
import type { UserStore } from '../auth/user-store.js';
import type { WireDocument } from '../protocol/bson-codec.js';
import type { ConnectionSession } from '../server/connection-session.js';
import type { WireLogger } from '../server/logger.js';

/** Read-only facts about the running server. */
export interface ServerInfo {
  /** Argon's own version, reported next to the MongoDB version it emulates. */
  readonly argonVersion: string;
  /** `Date.now()` when the server started. */
  readonly startedAt: number;
  readonly maxConnections: number;
  readonly maxMessageSizeBytes: number;
  /** Present when authentication is enabled. */
  readonly users: UserStore | undefined;
  readonly logger: WireLogger;
  /** Open connections. */
  connectionCount(): number;
  /** Connections accepted since start. */
  totalConnectionsCreated(): number;
}

/** Everything a built-in command receives. */
export interface BuiltInContext {
  readonly dbName: string;
  readonly command: WireDocument;
  readonly session: ConnectionSession;
  readonly server: ServerInfo;
}

/** Answers one built-in command; throws a WireError to fail it. */
export type BuiltInHandler = (context: BuiltInContext) => WireDocument | Promise<WireDocument>;

/** Built-in handlers by command name. */
export type BuiltInCommands = Readonly<Record<string, BuiltInHandler>>;
