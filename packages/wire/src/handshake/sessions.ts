/**
 * Logical-session commands. Argon keeps no server-side session state, so they
 * succeed without effect. The Node driver sends `endSessions` with moreToCome
 * (the connection layer then sends nothing); pymongo expects `{ok: 1}`.
 */
import type { BuiltInCommands } from './built-in-command.js';

const acknowledge = (): Record<string, unknown> => ({ ok: 1 });

/** `endSessions`, `killSessions`, `killAllSessions`, `killAllSessionsByPattern`, `refreshSessions`. */
export const sessionCommands: BuiltInCommands = {
  endSessions: acknowledge,
  killSessions: acknowledge,
  killAllSessions: acknowledge,
  killAllSessionsByPattern: acknowledge,
  refreshSessions: acknowledge,
};
