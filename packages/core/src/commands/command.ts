import type { ArgonEngine } from '../engine/engine.js';
import type { CursorRegistry } from './cursor-registry.js';

/** A BSON document in the engine's representation. */
export type Doc = Record<string, unknown>;

/** Who is running a command. */
export interface CommandContext {
  /** Wire connection id, for cursor ownership. */
  readonly connectionId?: number;
  /** Authenticated user, recorded as the actor of writes. */
  readonly user?: string;
  /**
   * The command's values are already normalized (as `normalizeValue` makes
   * them: ArgonClient hands the engine such a copy), so handlers need not
   * normalize its documents again.
   */
  readonly normalized?: boolean;
}

/** Everything a command handler needs. */
export interface Invocation {
  readonly engine: ArgonEngine;
  readonly cursors: CursorRegistry;
  /** The database name as sent (`shop`, `shop@feature`, `shop@main@1200`). */
  readonly dbName: string;
  /** The command's canonical name (its first field). */
  readonly name: string;
  readonly cmd: Doc;
  readonly ctx: CommandContext;
}

/** One command implementation: returns the reply (with `ok: 1`) or throws an error with a MongoDB code. */
export type CommandHandler = (inv: Invocation) => Promise<Doc>;
