/**
 * The boundary between the wire server and the database engine. The server
 * answers handshake, diagnostic and authentication commands itself and hands
 * every other command to a {@link CommandExecutor}.
 */

/** Who is asking. */
export interface CommandContext {
  readonly connectionId: number;
  /** The authenticated user, when authentication is enabled. */
  readonly user?: string;
  /** The client's `ip:port`. */
  readonly remoteAddress: string;
}

/** Runs database commands for the wire server. */
export interface CommandExecutor {
  /** Runs a database command. `command` is the kind-0 body with kind-1 sections merged in, deserialized with promoteValues:false. Returns the reply document (with ok). Throws errors that carry numeric `code`, string `codeName` and `message` for command failures; the server turns those into {ok:0, errmsg, code, codeName}. */
  execute(dbName: string, command: Record<string, unknown>, ctx: CommandContext): Promise<Record<string, unknown>>;
  /** Called when a connection closes, so its cursors can be released. */
  connectionClosed?(connectionId: number): void;
}
