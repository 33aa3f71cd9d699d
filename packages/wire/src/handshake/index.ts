/** Every command the wire server answers without the executor, by name. */
import { authenticationCommands } from './authentication.js';
import { buildInfoCommands } from './build-info.js';
import type { BuiltInHandler } from './built-in-command.js';
import { connectionStatusCommands } from './connection-status.js';
import { getLogCommands } from './get-log.js';
import { getParameterCommands } from './get-parameter.js';
import { helloCommands } from './hello.js';
import { hostInfoCommands } from './host-info.js';
import { pingCommands } from './ping.js';
import { serverStatusCommands } from './server-status.js';
import { sessionCommands } from './sessions.js';
import { transactionCommands } from './transactions.js';
import { whatsMyUriCommands } from './whats-my-uri.js';

/** Built-in command handlers by command name. */
export const BUILT_IN_COMMANDS: ReadonlyMap<string, BuiltInHandler> = new Map(
  Object.entries({
    ...helloCommands,
    ...buildInfoCommands,
    ...pingCommands,
    ...getParameterCommands,
    ...getLogCommands,
    ...connectionStatusCommands,
    ...whatsMyUriCommands,
    ...serverStatusCommands,
    ...hostInfoCommands,
    ...sessionCommands,
    ...authenticationCommands,
    ...transactionCommands,
  }),
);

/** Commands allowed before a connection authenticates (when authentication is on). */
export const UNAUTHENTICATED_COMMANDS: ReadonlySet<string> = new Set([
  'hello',
  'isMaster',
  'ismaster',
  'buildInfo',
  'buildinfo',
  'ping',
  'saslStart',
  'saslContinue',
  'endSessions',
  'logout',
]);
