import { compileFilter, isPlainObject, normalizeDocument, runPipeline } from '@argon/query';
import { ArgonError, ARGON_CODES, MONGO_CODES } from '../../errors.js';
import { Long } from 'bson';
import { docArray, optBool, optNumber } from '../args.js';
import { collationFor } from '../collation.js';
import { outputStage, writeMerge, writeOut } from './aggregate-output.js';
import { letVariables } from '../let-variables.js';
import { readDocuments, resolveView } from '../views.js';
import { introspectionStage } from './introspection-stages.js';
import type { CommandHandler, Doc } from '../command.js';

/**
 * `aggregate`: runs the pipeline over one snapshot, so `$lookup` reads the
 * same branch and point in time, under the command's (or the collection's)
 * collation. A leading `$match` uses indexes. On a view, the view's
 * pipeline runs first, over the view's source collection.
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
  const variables = letVariables('aggregate', cmd);
  const { snapshot } = await engine.view(dbName);
  const now = new Date();
  let input: Iterable<Doc> = [];
  let stages = pipeline;
  const coll = typeof target === 'string' ? target : undefined;
  const view = coll === undefined ? undefined : resolveView(snapshot, coll);
  const collation = collationFor('aggregate', cmd, coll === undefined ? {} : snapshot.info(coll).options, view, `${dbName}.${coll ?? ''}`);
  const introspection = introspectionStage(stages[0], { snapshot, dbName, coll, view, now });
  if (introspection) {
    input = introspection;
    stages = stages.slice(1);
  } else if (view) {
    input = snapshot.scan(view.source);
    stages = [...view.pipeline, ...stages];
  } else if (coll !== undefined) {
    const first = stages[0];
    if (first && isPlainObject(first.$match) && Object.keys(first).length === 1) {
      input = snapshot.query(coll, compileFilter(first.$match, { collation, variables, now }));
      stages = stages.slice(1);
    } else input = snapshot.scan(coll);
  } else if (!(typeof target === 'number' || (typeof target === 'object' && target !== null))) {
    throw new ArgonError(`Invalid aggregate namespace: 'aggregate' must be a collection name or 1`, { code: MONGO_CODES.InvalidNamespace, argonCode: ARGON_CODES.BAD_INPUT });
  }
  const output = outputStage(stages);
  if (output) stages = stages.slice(0, -1);
  const results = runPipeline(input, stages, {
    now,
    lookup: (c: string) => readDocuments(snapshot, c, now),
    ...(variables ? { variables } : {}),
    ...(collation ? { collation } : {}),
  });
  const ns = `${dbName}.${coll ?? '$cmd.aggregate'}`;
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
