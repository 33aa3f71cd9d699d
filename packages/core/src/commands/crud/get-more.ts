import { Long } from 'bson';
import { ArgonError, ARGON_CODES, MONGO_CODES } from '../../errors.js';
import { optNumber, typeMismatch } from '../args.js';
import type { CommandHandler } from '../command.js';

function cursorId(v: unknown): bigint {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number' && Number.isInteger(v)) return BigInt(v);
  const tag = (v as { _bsontype?: string } | null)?._bsontype;
  if (tag === 'Long') return (v as { toBigInt(): bigint }).toBigInt();
  if (tag === 'Int32' || tag === 'Double') return BigInt((v as { value: number }).value);
  throw typeMismatch('getMore', 'getMore', v, 'long');
}

/** `getMore`: the next batch of an open cursor. */
export const getMore: CommandHandler = async ({ cursors, dbName, cmd }) => {
  const id = cursorId(cmd.getMore);
  const coll = cmd.collection;
  if (typeof coll !== 'string') throw typeMismatch('getMore', 'collection', coll, 'string');
  const batchSize = optNumber('getMore', cmd, 'batchSize');
  if (batchSize !== undefined && batchSize < 0) throw new ArgonError(`BatchSize value must be non-negative, but received: ${batchSize}`, { code: MONGO_CODES.BadValue, argonCode: ARGON_CODES.BAD_INPUT });
  return { cursor: cursors.getMore(id, `${dbName}.${coll}`, batchSize), ok: 1 };
};

/** `killCursors`: closes cursors by id. */
export const killCursors: CommandHandler = async ({ cursors, cmd }) => {
  const ids = cmd.cursors;
  if (!Array.isArray(ids)) throw typeMismatch('killCursors', 'cursors', ids, 'array');
  const { killed, notFound } = cursors.kill(ids.map(cursorId));
  return {
    cursorsKilled: killed.map((i) => Long.fromBigInt(i)),
    cursorsNotFound: notFound.map((i) => Long.fromBigInt(i)),
    cursorsAlive: [],
    cursorsUnknown: [],
    ok: 1,
  };
};
