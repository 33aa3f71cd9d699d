import { compileFilter, compileUpdate, isPlainObject, valueKey, valuesEqual, type Document } from '@argon/query';
import { ArgonError, ARGON_CODES, DuplicateKeyError, MONGO_CODES } from '../../errors.js';
import type { ArgonEngine } from '../../engine/engine.js';
import { assertNotView, ensureCollection, insertOne, withId } from '../../engine/write-ops.js';
import { parseDbName, formatDbName } from '../../naming/names.js';
import type { Doc } from '../command.js';

/** Where a `$out` or `$merge` stage writes. */
interface OutputTarget {
  readonly dbName: string;
  readonly coll: string;
}

function bad(message: string, code: number = MONGO_CODES.FailedToParse): ArgonError {
  return new ArgonError(message, { code, argonCode: ARGON_CODES.BAD_INPUT });
}

function targetOf(spec: unknown, dbName: string, stage: string): OutputTarget {
  if (typeof spec === 'string') return { dbName: writableDb(dbName), coll: spec };
  if (isPlainObject(spec) && typeof spec.coll === 'string') {
    return { dbName: typeof spec.db === 'string' ? spec.db : writableDb(dbName), coll: spec.coll };
  }
  throw bad(`${stage} needs a collection name or {db, coll}`);
}

/** A time-travel view's output goes to the branch head unless another db is named. */
function writableDb(dbName: string): string {
  const t = parseDbName(dbName);
  return formatDbName(t.project, t.branch);
}

/** True when the pipeline ends with a stage that writes its results. */
export function outputStage(pipeline: Doc[]): { kind: '$out' | '$merge'; spec: unknown } | undefined {
  const last = pipeline.at(-1);
  if (!last) return undefined;
  if ('$out' in last) return { kind: '$out', spec: last.$out };
  if ('$merge' in last) return { kind: '$merge', spec: last.$merge };
  return undefined;
}

/**
 * `$out`: replaces the target collection with the results, keeping its
 * indexes. The results are checked for duplicate `_id`s before anything is
 * written, so a failing `$out` leaves the target unchanged.
 */
export async function writeOut(engine: ArgonEngine, dbName: string, spec: unknown, results: Doc[], actor: string | undefined): Promise<void> {
  const target = targetOf(spec, dbName, '$out');
  const docs = results.map((d) => withId(d));
  const seen = new Set<string>();
  for (const d of docs) {
    const k = valueKey(d._id);
    if (seen.has(k)) throw new DuplicateKeyError(`${target.dbName}.${target.coll}`, '_id_', { _id: 1 }, { _id: d._id }, `{ _id: ${JSON.stringify(d._id)} }`);
    seen.add(k);
  }
  await engine.write(target.dbName, actor, async (batch) => {
    assertNotView(batch, target.coll);
    const info = batch.snapshot().info(target.coll);
    const indexes = info.exists ? info.indexes.filter((i) => i.name !== '_id_') : [];
    if (info.exists) await batch.emit({ kind: 'dropCollection', collection: target.coll });
    await ensureCollection(batch, target.coll, info.exists ? info.options : {});
    for (const spec of indexes) await batch.emit({ kind: 'createIndex', collection: target.coll, spec });
    await batch.reserve(docs.length);
    for (const d of docs) await insertOne(batch, target.coll, d);
  });
}

/** `$merge`: upserts each result into the target by the `on` fields. */
export async function writeMerge(engine: ArgonEngine, dbName: string, spec: unknown, results: Doc[], actor: string | undefined): Promise<void> {
  const s: Doc = typeof spec === 'string' ? { into: spec } : isPlainObject(spec) ? spec : {};
  if (s.into === undefined) throw bad('$merge needs an `into` collection');
  const target = targetOf(s.into, dbName, '$merge');
  const on = s.on === undefined ? ['_id'] : Array.isArray(s.on) ? s.on.map(String) : [String(s.on)];
  const whenMatched = s.whenMatched ?? 'merge';
  const whenNotMatched = s.whenNotMatched ?? 'insert';
  const matchedUpdate = Array.isArray(whenMatched) ? compileUpdate(whenMatched as Document[]) : undefined;
  await engine.write(target.dbName, actor, async (batch) => {
    await ensureCollection(batch, target.coll);
    for (const raw of results) {
      const doc = on.includes('_id') ? withId(raw) : raw;
      for (const f of on) {
        if (doc[f] === undefined) throw bad(`$merge write error: 'on' field '${f}' cannot be missing, null, undefined or an array`, 51132);
      }
      const filter: Doc = {};
      for (const f of on) filter[f] = doc[f];
      const existing = [...batch.snapshot().query(target.coll, compileFilter(filter))];
      if (existing.length > 1) throw bad(`$merge found more than one document matching the 'on' fields ${JSON.stringify(on)}`, 51132);
      const current = existing[0];
      if (!current) {
        if (whenNotMatched === 'discard') continue;
        if (whenNotMatched === 'fail') throw new ArgonError(`$merge could not find a matching document in the target collection for ${JSON.stringify(filter)}`, { code: 13113, argonCode: ARGON_CODES.BAD_INPUT });
        await insertOne(batch, target.coll, withId(doc));
        continue;
      }
      let next: Doc;
      if (whenMatched === 'keepExisting') continue;
      if (whenMatched === 'fail') throw new DuplicateKeyError(`${target.dbName}.${target.coll}`, '_id_', { _id: 1 }, { _id: current._id }, `{ _id: ${JSON.stringify(current._id)} }`);
      if (whenMatched === 'replace') next = { ...doc, _id: current._id };
      else if (matchedUpdate) next = matchedUpdate.apply(current, { isInsert: false, now: new Date(batch.ts) });
      else next = { ...current, ...doc, _id: current._id };
      if (valuesEqual(next, current)) continue;
      await batch.emit({ kind: 'put', collection: target.coll, id: current._id, post: next, pre: current, op: { type: 'update' } });
    }
  });
}
