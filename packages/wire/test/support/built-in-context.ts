/** Builds the context a built-in command or the dispatcher needs, without a socket. */
import type { UserStore } from '../../src/auth/user-store.js';
import type { BuiltInContext, ServerInfo } from '../../src/handshake/built-in-command.js';
import type { ConnectionSession } from '../../src/server/connection-session.js';
import type { WireLogger } from '../../src/server/logger.js';
import { RecordingLogger } from './recording-logger.js';

export function testServerInfo(options: { users?: UserStore; logger?: WireLogger } = {}): ServerInfo {
  return {
    argonVersion: '9.9.9-test',
    startedAt: Date.now() - 5000,
    maxConnections: 100,
    maxMessageSizeBytes: 48_000_000,
    users: options.users,
    logger: options.logger ?? new RecordingLogger(),
    connectionCount: () => 3,
    totalConnectionsCreated: () => 7,
  };
}

export function testSession(connectionId = 1): ConnectionSession {
  return { connectionId, remoteAddress: '127.0.0.1:50000', authenticated: undefined, sasl: undefined, clientMetadata: undefined };
}

export function testContext(command: Record<string, unknown>, overrides: Partial<BuiltInContext> = {}): BuiltInContext {
  return { dbName: 'admin', command, session: testSession(), server: testServerInfo(), ...overrides };
}
