import { asArgonError, CommandNotFoundError } from '../errors.js';
import type { ArgonEngine } from '../engine/engine.js';
import * as admin from './admin/branch-commands.js';
import type { CommandContext, CommandHandler, Doc } from './command.js';
import { aggregate } from './crud/aggregate.js';
import { count, distinct } from './crud/count.js';
import { del } from './crud/delete.js';
import { find } from './crud/find.js';
import { findAndModify } from './crud/find-and-modify.js';
import { getMore, killCursors } from './crud/get-more.js';
import { insert } from './crud/insert.js';
import { update } from './crud/update.js';
import { CursorRegistry } from './cursor-registry.js';
import { collStats, create, dbStats, drop, dropDatabase, listCollections, listDatabases } from './namespace/collections.js';
import { createIndexes, dropIndexes, listIndexes } from './namespace/indexes.js';
import { collMod } from './namespace/coll-mod.js';

/** Every database command the engine serves, by name (lower-case aliases included). */
export const COMMANDS: Readonly<Record<string, CommandHandler>> = Object.freeze({
  insert,
  update,
  delete: del,
  find,
  getMore,
  killCursors,
  count,
  distinct,
  aggregate,
  findAndModify,
  findandmodify: findAndModify,
  create,
  drop,
  dropDatabase,
  listCollections,
  listDatabases,
  createIndexes,
  collMod,
  listIndexes,
  dropIndexes,
  deleteIndexes: dropIndexes,
  dbStats,
  dbstats: dbStats,
  collStats,
  collstats: collStats,
  argonCreateBranch: admin.argonCreateBranch,
  argonListBranches: admin.argonListBranches,
  argonDeleteBranch: admin.argonDeleteBranch,
  argonResetBranch: admin.argonResetBranch,
  argonStatus: admin.argonStatus,
  argonHistory: admin.argonHistory,
  argonDiff: admin.argonDiff,
});

/**
 * The single code path for database commands: the wire server and
 * `ArgonClient` both send command documents here, so a command behaves the
 * same whichever way it arrives.
 */
export class CommandRunner {
  readonly cursors: CursorRegistry;

  constructor(readonly engine: ArgonEngine) {
    this.cursors = new CursorRegistry();
  }

  /** True when `name` is a command this runner serves. */
  has(name: string): boolean {
    return Object.hasOwn(COMMANDS, name);
  }

  /**
   * Runs one command against a database name. Returns the reply (`ok: 1`);
   * failures throw an `ArgonError` carrying MongoDB's `code` and `codeName`.
   */
  async execute(dbName: string, cmd: Doc, ctx: CommandContext = {}): Promise<Doc> {
    const name = Object.keys(cmd)[0];
    if (name === undefined) throw new CommandNotFoundError('');
    const handler = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
    if (!handler) throw new CommandNotFoundError(name);
    try {
      return await handler({ engine: this.engine, cursors: this.cursors, dbName, name, cmd, ctx });
    } catch (err) {
      throw asArgonError(err);
    }
  }

  /** Releases cursors of a closed connection. */
  connectionClosed(connectionId: number): void {
    this.cursors.closeConnection(connectionId);
  }

  /** Stops background timers. */
  close(): void {
    this.cursors.close();
  }
}
