/**
 * `collMod`: changes a collection's validation options, a view's definition,
 * or one index's options. Every change is one `collMod` catalog entry of the
 * branch, so it has history, shows in time travel and stays on its branch.
 */
import { CollationKeys, isPlainObject, valueKey, valuesEqual, compileCollation } from '@argon/query';
import { ArgonError, ARGON_CODES, CannotConvertIndexToUniqueError, MONGO_CODES, NotFoundError } from '../../errors.js';
import type { Snapshot } from '../../engine/snapshot.js';
import { indexKeyTuples } from '../../engine/unique-keys.js';
import { checkValidationOptions } from '../../engine/validation.js';
import type { IndexSpec } from '../../model/wal-entry.js';
import { collectionArg, optBool, toNumber, typeMismatch } from '../args.js';
import type { CommandHandler, Doc } from '../command.js';
import { viewDefinition } from '../views.js';
import { checkViewGraph, checkViewPipeline } from './collection-options.js';

/** Fields of the collMod command (MongoDB 7.0). */
const FIELDS: ReadonlySet<string> = new Set([
  'collMod', 'index', 'validator', 'validationLevel', 'validationAction', 'viewOn', 'pipeline', 'changeStreamPreAndPostImages',
  'expireAfterSeconds', 'timeseries', 'cappedSize', 'cappedMax', 'dryRun', 'comment', 'maxTimeMS', 'recordPreImages',
]);

/** Options that only collections (not views) have. */
const COLLECTION_ONLY = ['index', 'validator', 'validationLevel', 'validationAction', 'changeStreamPreAndPostImages', 'expireAfterSeconds', 'timeseries', 'cappedSize', 'cappedMax', 'recordPreImages'];

/** Index fields collMod can change. */
const INDEX_FIELDS: ReadonlySet<string> = new Set(['keyPattern', 'name', 'hidden', 'prepareUnique', 'unique', 'expireAfterSeconds']);

function invalid(message: string, code: number = MONGO_CODES.InvalidOptions): ArgonError {
  return new ArgonError(message, { code, argonCode: ARGON_CODES.BAD_INPUT });
}

/** `collMod`: see the module comment. Replies with the old and new values of changed index options. */
export const collMod: CommandHandler = async ({ engine, dbName, cmd, ctx }) => {
  const coll = collectionArg('collMod', cmd);
  for (const k of Object.keys(cmd)) {
    if (!FIELDS.has(k)) throw new ArgonError(`BSON field 'collMod.${k}' is an unknown field.`, { code: 40415, codeName: 'Location40415', argonCode: ARGON_CODES.BAD_INPUT });
  }
  const ns = `${dbName}.${coll}`;
  const dryRun = optBool('collMod', cmd, 'dryRun') ?? false;
  return engine.write(dbName, ctx.user, async (batch) => {
    const snap = batch.snapshot();
    const info = snap.info(coll);
    if (!info.exists) throw new NotFoundError(`ns does not exist: ${ns}`, ARGON_CODES.NAMESPACE_NOT_FOUND, MONGO_CODES.NamespaceNotFound);
    const options: Doc = {};
    let reply: Doc = {};
    let index: IndexSpec | undefined;
    if (viewDefinition(info.options)) {
      for (const k of COLLECTION_ONLY) if (cmd[k] !== undefined) throw invalid(`option not supported on a view: ${k}`);
      if ((cmd.viewOn === undefined) !== (cmd.pipeline === undefined)) {
        throw invalid(`must specify both 'viewOn' and 'pipeline' when applying collMod to a view`);
      }
      if (cmd.viewOn !== undefined) {
        if (typeof cmd.viewOn !== 'string' || cmd.viewOn === '') throw typeMismatch('collMod', 'viewOn', cmd.viewOn, 'string');
        options.pipeline = checkViewPipeline('collMod', cmd.pipeline);
        options.viewOn = cmd.viewOn;
        checkViewGraph(snap, coll, cmd.viewOn);
      }
    } else {
      for (const k of ['viewOn', 'pipeline']) if (cmd[k] !== undefined) throw invalid(`option only supported on a view: ${k}`);
      for (const k of ['validator', 'validationLevel', 'validationAction', 'changeStreamPreAndPostImages', 'expireAfterSeconds', 'timeseries']) {
        if (cmd[k] !== undefined) options[k] = cmd[k];
      }
      if (isPlainObject(options.changeStreamPreAndPostImages) === false && options.changeStreamPreAndPostImages !== undefined) {
        throw typeMismatch('collMod', 'changeStreamPreAndPostImages', options.changeStreamPreAndPostImages, 'object');
      }
      checkValidationOptions(options);
      if (cmd.cappedSize !== undefined || cmd.cappedMax !== undefined) {
        if (info.options.capped !== true) throw invalid(`Cannot change the size limits of a non-capped collection`);
        if (cmd.cappedSize !== undefined) options.size = cmd.cappedSize;
        if (cmd.cappedMax !== undefined) options.max = cmd.cappedMax;
      }
      if (cmd.index !== undefined) ({ index, reply } = modifyIndex(snap, coll, ns, cmd.index));
    }
    if (!dryRun && (Object.keys(options).length > 0 || index)) {
      await batch.emit({ kind: 'collMod', collection: coll, ...(Object.keys(options).length > 0 ? { options } : {}), ...(index ? { index } : {}) });
    }
    return { ...reply, ok: 1 };
  });
};

/** Works out the new spec of the index `cmd.index` names, and collMod's reply fields. */
function modifyIndex(snap: Snapshot, coll: string, ns: string, arg: unknown): { index: IndexSpec | undefined; reply: Doc } {
  if (!isPlainObject(arg)) throw typeMismatch('collMod', 'index', arg, 'object');
  for (const k of Object.keys(arg)) {
    if (!INDEX_FIELDS.has(k)) throw new ArgonError(`BSON field 'collMod.index.${k}' is an unknown field.`, { code: 40415, codeName: 'Location40415', argonCode: ARGON_CODES.BAD_INPUT });
  }
  const { keyPattern, name } = arg;
  if (keyPattern !== undefined && name !== undefined) throw invalid('Cannot specify both key pattern and name.');
  if (keyPattern === undefined && name === undefined) throw invalid('Must specify either index name or key pattern.');
  const indexes = snap.info(coll).indexes;
  const old = name !== undefined ? indexes.find((s) => s.name === name) : indexes.find((s) => valuesEqual(s.key, keyPattern));
  if (!old) {
    const what = name !== undefined ? `name ${String(name)}` : JSON.stringify(keyPattern);
    throw new ArgonError(`cannot find index ${what} for ns ${ns}`, { code: MONGO_CODES.IndexNotFound, codeName: 'IndexNotFound', argonCode: ARGON_CODES.NAMESPACE_NOT_FOUND });
  }
  if (arg.hidden === undefined && arg.prepareUnique === undefined && arg.unique === undefined && arg.expireAfterSeconds === undefined) {
    throw invalid('no expireAfterSeconds, hidden, unique, or prepareUnique field');
  }
  const next: Record<string, unknown> = { ...old };
  const reply: Doc = {};
  if (arg.hidden !== undefined) {
    const hidden = optBool('collMod.index', arg, 'hidden')!;
    if (old.name === '_id_' || old.clustered) throw invalid(`can't hide _id index`, MONGO_CODES.BadValue);
    reply.hidden_old = old.hidden === true;
    reply.hidden_new = hidden;
    if (hidden) next.hidden = true;
    else delete next.hidden;
  }
  if (arg.expireAfterSeconds !== undefined) {
    const seconds = toNumber(arg.expireAfterSeconds);
    if (seconds === undefined) throw typeMismatch('collMod.index', 'expireAfterSeconds', arg.expireAfterSeconds, 'long');
    if (old.expireAfterSeconds === undefined) throw invalid('no expireAfterSeconds field to update');
    if (!Number.isInteger(seconds) || seconds < 0) throw invalid(`TTL index 'expireAfterSeconds' option must be within an acceptable range, try a lower number`);
    reply.expireAfterSeconds_old = old.expireAfterSeconds;
    reply.expireAfterSeconds_new = arg.expireAfterSeconds;
    next.expireAfterSeconds = arg.expireAfterSeconds;
  }
  if (arg.prepareUnique !== undefined) {
    const prepare = optBool('collMod.index', arg, 'prepareUnique')!;
    if (old.unique) throw invalid(`Cannot set 'prepareUnique' on an index that is already unique`);
    reply.prepareUnique_old = old.prepareUnique === true;
    reply.prepareUnique_new = prepare;
    if (prepare) next.prepareUnique = true;
    else delete next.prepareUnique;
  }
  if (arg.unique !== undefined) {
    const unique = optBool('collMod.index', arg, 'unique')!;
    if (!unique) throw invalid(`The field 'unique' can only be set to true`, MONGO_CODES.BadValue);
    if (!old.unique) {
      if (next.prepareUnique !== true) throw invalid(`Cannot make index unique with 'unique: true' before setting 'prepareUnique: true'`);
      const violations = uniqueViolations(snap, coll, old);
      if (violations.length > 0) throw new CannotConvertIndexToUniqueError(violations);
      reply.unique_new = true;
      next.unique = true;
      delete next.prepareUnique;
    }
  }
  return { index: valuesEqual(next, old as Record<string, unknown>) ? undefined : (next as IndexSpec), reply };
}

/** Groups of `_id`s of documents that share a key of the index (what a unique conversion would reject). */
function uniqueViolations(snap: Snapshot, coll: string, spec: IndexSpec): Array<{ ids: unknown[] }> {
  const keys = new CollationKeys(compileCollation(spec.collation));
  const owners = new Map<string, Map<string, unknown>>();
  for (const d of snap.scan(coll)) {
    const tuples = indexKeyTuples(d, spec);
    if (!tuples) continue;
    for (const t of tuples) {
      const k = keys.key(t);
      let ids = owners.get(k);
      if (!ids) owners.set(k, (ids = new Map()));
      ids.set(valueKey(d._id), d._id);
    }
  }
  const out: Array<{ ids: unknown[] }> = [];
  for (const ids of owners.values()) if (ids.size > 1) out.push({ ids: [...ids.values()] });
  return out;
}
