/** `serverStatus`: a minimal document with the fields monitoring tools read first. */
import { hostname } from 'node:os';
import { Long } from 'bson';
import { EMULATED_MONGODB_VERSION } from './build-info.js';
import type { BuiltInCommands, BuiltInContext } from './built-in-command.js';

function serverStatus({ server }: BuiltInContext): Record<string, unknown> {
  const uptimeMillis = Date.now() - server.startedAt;
  const current = server.connectionCount();
  return {
    host: hostname(),
    version: EMULATED_MONGODB_VERSION,
    process: 'argon',
    pid: Long.fromNumber(process.pid),
    uptime: Math.floor(uptimeMillis / 1000),
    uptimeMillis: Long.fromNumber(uptimeMillis),
    uptimeEstimate: Long.fromNumber(Math.floor(uptimeMillis / 1000)),
    localTime: new Date(),
    connections: { current, available: Math.max(0, server.maxConnections - current), totalCreated: server.totalConnectionsCreated() },
    argon: { version: server.argonVersion },
    ok: 1,
  };
}

/** `serverStatus`. */
export const serverStatusCommands: BuiltInCommands = { serverStatus };
