/**
 * What the server remembers about one client connection between commands:
 * who it is, whom it authenticated as, and an unfinished SASL exchange.
 */
import type { ScramServerConversation } from '../auth/scram-sha-256.js';
import type { WireDocument } from '../protocol/bson-codec.js';

/** A user who completed SCRAM on this connection. */
export interface AuthenticatedUser {
  readonly user: string;
  /** The database the client authenticated against (its `authSource`). */
  readonly db: string;
}

/** A SASL exchange between `saslStart` and its last `saslContinue`. */
export interface SaslExchange {
  readonly conversationId: number;
  readonly conversation: ScramServerConversation;
  readonly db: string;
  /** The client asked to skip the final empty round trip. */
  readonly skipEmptyExchange: boolean;
  /** `proof`: waiting for the client-final-message; `empty`: waiting for the empty closing message. */
  step: 'proof' | 'empty';
}

/** Mutable per-connection state. */
export interface ConnectionSession {
  readonly connectionId: number;
  /** `ip:port` of the client, as `whatsmyuri` reports it. */
  readonly remoteAddress: string;
  authenticated: AuthenticatedUser | undefined;
  sasl: SaslExchange | undefined;
  /** The `client` document of the first handshake (driver name, version, platform). */
  clientMetadata: WireDocument | undefined;
}

/** Formats an address for `whatsmyuri` and logs: IPv6 in brackets. */
export function formatAddress(address: string | undefined, port: number | undefined): string {
  const host = address ?? 'unknown';
  return `${host.includes(':') ? `[${host}]` : host}:${port ?? 0}`;
}
