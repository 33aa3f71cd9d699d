/**
 * MongoDB wire-protocol opcodes. Argon speaks OP_MSG, answers the OP_QUERY
 * handshake with OP_REPLY, and rejects everything else.
 */

/** Reply to an OP_QUERY. */
export const OP_REPLY = 1;
/** Legacy update (removed in MongoDB 6.0). */
export const OP_UPDATE = 2001;
/** Legacy insert (removed in MongoDB 6.0). */
export const OP_INSERT = 2002;
/** Formerly OP_GET_BY_OID; never used. */
export const OP_RESERVED = 2003;
/** Legacy query; still used by drivers for the initial handshake. */
export const OP_QUERY = 2004;
/** Legacy getMore (removed in MongoDB 6.0). */
export const OP_GET_MORE = 2005;
/** Legacy delete (removed in MongoDB 6.0). */
export const OP_DELETE = 2006;
/** Legacy killCursors (removed in MongoDB 6.0). */
export const OP_KILL_CURSORS = 2007;
/** A compressed wrapper around another message. */
export const OP_COMPRESSED = 2012;
/** The extensible message format used for every command since MongoDB 3.6. */
export const OP_MSG = 2013;

/** Opcodes that MongoDB removed; a client sending them is too old to serve. */
export const LEGACY_OPCODES: ReadonlySet<number> = new Set([OP_UPDATE, OP_INSERT, OP_RESERVED, OP_GET_MORE, OP_DELETE, OP_KILL_CURSORS]);

const NAMES = new Map<number, string>([
  [OP_REPLY, 'OP_REPLY'],
  [OP_UPDATE, 'OP_UPDATE'],
  [OP_INSERT, 'OP_INSERT'],
  [OP_RESERVED, 'OP_RESERVED'],
  [OP_QUERY, 'OP_QUERY'],
  [OP_GET_MORE, 'OP_GET_MORE'],
  [OP_DELETE, 'OP_DELETE'],
  [OP_KILL_CURSORS, 'OP_KILL_CURSORS'],
  [OP_COMPRESSED, 'OP_COMPRESSED'],
  [OP_MSG, 'OP_MSG'],
]);

/** A readable name for log lines, e.g. `OP_INSERT (2002)` or `unknown opcode 42`. */
export function opcodeName(opCode: number): string {
  const name = NAMES.get(opCode);
  return name === undefined ? `unknown opcode ${opCode}` : `${name} (${opCode})`;
}
