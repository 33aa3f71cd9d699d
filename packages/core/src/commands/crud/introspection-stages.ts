/**
 * Leading aggregation stages that read the server rather than documents:
 * `$collStats`, `$indexStats` and `$listLocalSessions`. They need the
 * snapshot, so the aggregate command runs them and hands their output to
 * the rest of the pipeline. Anywhere else in a pipeline they fail with
 * 40602 (they must come first), as in mongod.
 */
import { calculateObjectSize } from 'bson';
import { isPlainObject, toDouble, decodeNumber } from '@argon/query';
import { hostname } from 'node:os';
import { ArgonError, ARGON_CODES, MONGO_CODES, NotFoundError } from '../../errors.js';
import type { Snapshot } from '../../engine/snapshot.js';
import type { Doc } from '../command.js';
import type { ResolvedView } from '../views.js';

/** What an introspection stage may look at. */
export interface IntrospectionContext {
  readonly snapshot: Snapshot;
  readonly dbName: string;
  /** The aggregated collection (undefined for `aggregate: 1`). */
  readonly coll: string | undefined;
  readonly view: ResolvedView | undefined;
  readonly now: Date;
}

function bad(message: string, code: number = MONGO_CODES.FailedToParse): ArgonError {
  return new ArgonError(message, { code, argonCode: ARGON_CODES.BAD_INPUT });
}

/**
 * The output of `stage` when it is an introspection stage, else undefined.
 * Throws mongod's errors for a malformed specification or a wrong target.
 */
export function introspectionStage(stage: Doc | undefined, ctx: IntrospectionContext): Doc[] | undefined {
  if (!stage) return undefined;
  const name = Object.keys(stage)[0];
  switch (name) {
    case '$collStats':
      return [collStats(stage.$collStats, ctx)];
    case '$indexStats':
      return indexStats(stage.$indexStats, ctx);
    case '$listLocalSessions':
      if (!isPlainObject(stage.$listLocalSessions)) throw bad('$listLocalSessions options must be a document', MONGO_CODES.TypeMismatch);
      if (ctx.coll !== undefined) throw bad('$listLocalSessions must be run against the database with {aggregate: 1}, not a collection', MONGO_CODES.InvalidNamespace);
      // Argon keeps no server-side sessions: logical sessions live in the driver only.
      return [];
    default:
      return undefined;
  }
}

function requireCollection(ctx: IntrospectionContext, stage: string): string {
  if (ctx.coll === undefined) throw bad(`${stage} must be run against a collection, not with {aggregate: 1}`, MONGO_CODES.InvalidNamespace);
  return ctx.coll;
}

function dataSize(docs: Iterable<Doc>): { count: number; size: number } {
  let count = 0;
  let size = 0;
  for (const d of docs) {
    count++;
    size += calculateObjectSize(d);
  }
  return { count, size };
}

/** `$collStats`: `{ns, host, localTime, storageStats?, count?, latencyStats?, queryExecStats?}`. */
function collStats(spec: unknown, ctx: IntrospectionContext): Doc {
  if (!isPlainObject(spec)) throw bad('$collStats must take a nested object but found: ' + JSON.stringify(spec), 5447000);
  const coll = requireCollection(ctx, '$collStats');
  const known = new Set(['latencyStats', 'storageStats', 'count', 'queryExecStats']);
  for (const k of Object.keys(spec)) if (!known.has(k)) throw bad(`BSON field '$collStats.${k}' is an unknown field.`, 40415);
  const ns = `${ctx.dbName}.${coll}`;
  const info = ctx.snapshot.info(coll);
  if (!info.exists && (spec.storageStats !== undefined || spec.count !== undefined)) {
    throw new NotFoundError(`Unable to retrieve storageStats in $collStats stage :: caused by :: Collection [${ns}] not found.`, ARGON_CODES.NAMESPACE_NOT_FOUND);
  }
  const out: Doc = { ns, host: hostname(), localTime: ctx.now };
  if (spec.latencyStats !== undefined) {
    const zero = { latency: 0, ops: 0 };
    out.latencyStats = { reads: zero, writes: zero, commands: zero, transactions: zero };
  }
  if (spec.storageStats !== undefined || spec.count !== undefined) {
    if (ctx.view) throw bad(`Namespace ${ns} is a view, not a collection`, MONGO_CODES.CommandNotSupportedOnView);
    const s = dataSize(ctx.snapshot.scan(coll));
    if (spec.storageStats !== undefined) {
      const opts = isPlainObject(spec.storageStats) ? spec.storageStats : {};
      const scaleRaw = decodeNumber(opts.scale) ? toDouble(opts.scale) : 1;
      const scale = scaleRaw >= 1 ? Math.trunc(scaleRaw) : 1;
      const indexSizes: Doc = {};
      for (const i of info.indexes) indexSizes[i.name] = 0;
      const capped = info.options.capped === true;
      out.storageStats = {
        size: Math.trunc(s.size / scale),
        count: s.count,
        avgObjSize: s.count ? Math.trunc(s.size / s.count) : 0,
        numOrphanDocs: 0,
        storageSize: Math.trunc(s.size / scale),
        freeStorageSize: 0,
        capped,
        ...(capped && info.options.max !== undefined ? { max: info.options.max } : {}),
        ...(capped && info.options.size !== undefined ? { maxSize: Math.trunc(toDouble(info.options.size) / scale) } : {}),
        nindexes: info.indexes.length,
        indexBuilds: [],
        totalIndexSize: 0,
        totalSize: Math.trunc(s.size / scale),
        indexSizes,
        scaleFactor: scale,
      };
    }
    if (spec.count !== undefined) out.count = s.count;
  }
  if (spec.queryExecStats !== undefined) out.queryExecStats = { collectionScans: { total: 0, nonTailable: 0 } };
  return out;
}

/** `$indexStats`: one document per index of the collection (Argon counts no accesses). */
function indexStats(spec: unknown, ctx: IntrospectionContext): Doc[] {
  if (!isPlainObject(spec) || Object.keys(spec).length > 0) throw bad('The $indexStats stage specification must be an empty object', 28803);
  const coll = requireCollection(ctx, '$indexStats');
  if (ctx.view) throw bad(`Namespace ${ctx.dbName}.${coll} is a view, not a collection`, MONGO_CODES.CommandNotSupportedOnView);
  const host = hostname();
  return ctx.snapshot.info(coll).indexes.map((s) => ({
    name: s.name,
    key: s.key,
    host,
    accesses: { ops: 0, since: ctx.now },
    spec: { v: 2, ...s },
  }));
}
