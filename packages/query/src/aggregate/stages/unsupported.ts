/** Stages Argon recognizes but does not run (writes and server-introspection stages). */
import { BadQueryError } from '../../errors.js';
import type { StageParser } from '../types.js';

/** `$out` / `$merge`: writing from a pipeline would bypass the write-ahead log. */
export const writeStage: StageParser = (_spec, _ctx, name) => {
  throw new BadQueryError(
    20,
    `${name} is not supported by Argon; run the aggregation and write its results with insert or update commands instead, so that the writes are recorded in the branch history`,
  );
};

/**
 * `$collStats`, `$indexStats`, `$listLocalSessions`: they read the server,
 * so the aggregate command runs them when they open a pipeline. Anywhere
 * else they fail as in mongod.
 */
export const firstStageOnly: StageParser = (_spec, _ctx, name) => {
  throw new BadQueryError(40602, `${name} is only valid as the first stage in a pipeline`);
};

/** Stages that depend on server internals (indexes, sessions, search, ...). */
export const unavailableStage: StageParser = (_spec, _ctx, name) => {
  throw new BadQueryError(20, `${name} is not supported by Argon`);
};
