/** `connectionStatus`: who this connection is authenticated as. */
import { isDocument, isTruthy } from '../server/command-envelope.js';
import type { BuiltInCommands, BuiltInContext } from './built-in-command.js';

// Argon has no role model: an authenticated user may do everything.
const ROLES_OF_AUTHENTICATED_USERS = [{ role: 'root', db: 'admin' }] as const;

function connectionStatus({ command, session }: BuiltInContext): Record<string, unknown> {
  const user = session.authenticated;
  const authInfo: Record<string, unknown> = {
    authenticatedUsers: user === undefined ? [] : [{ user: user.user, db: user.db }],
    authenticatedUserRoles: user === undefined ? [] : ROLES_OF_AUTHENTICATED_USERS.map((role) => ({ ...role })),
  };
  const showPrivileges = isTruthy(command['showPrivileges']) || (isDocument(command['connectionStatus']) && isTruthy(command['connectionStatus']['showPrivileges']));
  if (showPrivileges) authInfo['authenticatedUserPrivileges'] = [];
  return { authInfo, ok: 1 };
}

/** `connectionStatus`. */
export const connectionStatusCommands: BuiltInCommands = { connectionStatus };
