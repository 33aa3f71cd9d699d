/** `whatsmyuri`: the client's own address as the server sees it. */
import type { BuiltInCommands } from './built-in-command.js';

/** `whatsmyuri` → `{you: 'ip:port'}`. */
export const whatsMyUriCommands: BuiltInCommands = {
  whatsmyuri: ({ session }) => ({ you: session.remoteAddress, ok: 1 }),
};
