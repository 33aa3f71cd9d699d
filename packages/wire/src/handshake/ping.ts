/** `ping`: the liveness check every driver and mongosh send. */
import type { BuiltInCommands } from './built-in-command.js';

/** `ping` → `{ok: 1}`. */
export const pingCommands: BuiltInCommands = {
  ping: () => ({ ok: 1 }),
};
