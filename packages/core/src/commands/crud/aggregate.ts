import { compileFilter, isPlainObject, normalizeDocument, runPipeline } from '@argon/query';
import { ArgonError, ARGON_CODES, MONGO_CODES } from '../../errors.js';
import { Long } from 'bson';
import { docArray, optBool, optNumber } from '../args.js';
import { outputStage, writeMerge, writeOut } from './aggregate-output.js';
import { bindFilter, letVariables } from '../let-variables.js';
import type { CommandHandler, Doc } from '../command.js';

/**
 * `aggregate`: runs the pipeline over one snapshot, so `$lookup` reads the
 * same branch and point in time. A leading `$match` uses indexes.
 */
export const aggregate: CommandHandler = async ({ engine, cursors, dbName, cmd, ctx }) => {
  const target = cmd.aggregate;
  const pipeline = docArray('aggregate', cmd, 'pipeline').map((s) => normalizeDocument(s));
  if (optBool('aggregate', cmd, 'explain')) {
    throw new ArgonError('explain is not supported by Argon', { code: MONGO_CODES.IllegalOperation, argonCode: ARGON_CODES.BAD_INPUT });
  }
  const cursorOpt = cmd.cursor;
  if (!isPlainObject(cursorOpt)) {
    throw new ArgonError(`The 'cursor' option is required, except for aggregate with the explain argument`, { code: MONGO_CODES.FailedToParse, argonCode: ARGON_CODES.BAD_INPUT });
  }
  const batchSize = optNumber('aggregate.cursor', cursorOpt, 'batchSize');
  const vars = letVariables('aggregate', cmd);
  const { snapshot } = await engine.view(dbName);
  let input: Iterable<Doc> = [];
  let stages = pipeline;
  if (typeof target === 'string') {
    const first = stages[0];
    if (first && isPlainObject(first.$match) && Object.keys(first).length === 1) {
      input = snapshot.query(target, compileFilter(bindFilter(first.$match, vars)));
      stages = stages.slice(1);
    } else input = snapshot.scan(target);
  } else if (!(typeof target === 'number' || (typeof target === 'object' && target !== null))) {
    throw new ArgonError(`Invalid aggregate namespace: 'aggregate' must be a collection name or 1`, { code: MONGO_CODES.InvalidNamespace, argonCode: ARGON_CODES.BAD_INPUT });
  }
  const output = outputStage(stages);
  if (output) stages = stages.slice(0, -1);
  const results = runPipeline(input, stages, { now: new Date(), lookup: (c: string) => snapshot.scan(c), ...(vars ? { variables: vars } : {}) });
  const ns = `${dbName}.${typeof target === 'string' ? target : '$cmd.aggregate'}`;
  if (output) {
    if (output.kind === '$out') await writeOut(engine, dbName, output.spec, results, ctx.user);
    else await writeMerge(engine, dbName, output.spec, results, ctx.user);
    return { cursor: { firstBatch: [], id: Long.fromNumber(0), ns }, ok: 1 };
  }
  return {
    cursor: cursors.open(ns, results, { ...(batchSize !== undefined ? { batchSize } : {}), ...(ctx.connectionId !== undefined ? { connectionId: ctx.connectionId } : {}) }),
    ok: 1,
  };
};
