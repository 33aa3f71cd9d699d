import { CLI_CODES, CliError } from '../errors.js';
import type { Session } from '../session.js';
import type { DocumentChannel } from './document-channel.js';
import { LocalChannel } from './local-channel.js';
import { WireChannel } from './wire-channel.js';

/**
 * The channel that reads or writes the documents of a session's Argon: the
 * server's MongoDB wire port when a server holds the data (from server.json,
 * or `--wire`), else the local engine's command layer.
 */
export async function channelFor(session: Session, wire: string | undefined, command: string): Promise<DocumentChannel> {
  if (wire) return WireChannel.connect(wire, 'Argon server');
  if (session.local) return new LocalChannel(session.local.runner, session.description);
  const w = session.server?.wire;
  if (!w) {
    throw new CliError(
      CLI_CODES.USAGE,
      `argon ${command} moves documents over the MongoDB wire protocol, and the wire port of ${session.server?.url ?? 'the server'} is unknown: pass --wire mongodb://<host>:<port>`,
    );
  }
  const host = w.host === '0.0.0.0' || w.host === '::' ? '127.0.0.1' : w.host.includes(':') ? `[${w.host}]` : w.host;
  return WireChannel.connect(`mongodb://${host}:${w.port}/?directConnection=true`, 'Argon server');
}

/** A collection name as a file name: path separators and NUL replaced. */
export function collectionFileName(collection: string): string {
  return `${collection.replace(/[/\\\0]/g, '_')}.json`;
}
