import { ObjectId } from 'bson';
import { MongoBulkWriteError, MongoInvalidArgumentError } from 'mongodb';
import type { Doc } from '@argon/core';
import { compact, shape, type ClientContext } from './context.js';

/** One operation of `bulkWrite`, in the driver's shape. */
export type BulkOperation =
  | { insertOne: { document: Doc } }
  | { updateOne: { filter: Doc; update: Doc | Doc[]; upsert?: boolean; arrayFilters?: Doc[]; collation?: Doc; hint?: unknown } }
  | { updateMany: { filter: Doc; update: Doc | Doc[]; upsert?: boolean; arrayFilters?: Doc[]; collation?: Doc; hint?: unknown } }
  | { replaceOne: { filter: Doc; replacement: Doc; upsert?: boolean; collation?: Doc; hint?: unknown } }
  | { deleteOne: { filter: Doc; collation?: Doc; hint?: unknown } }
  | { deleteMany: { filter: Doc; collation?: Doc; hint?: unknown } };

/**
 * One failed operation of a bulk write, with the getters of the driver's
 * `WriteError` (which the driver does not export as a value).
 */
export class WriteError {
  constructor(readonly err: { code: number; index: number; errmsg: string; errInfo?: Doc; op?: Doc; [k: string]: unknown }) {}
  get code(): number {
    return this.err.code;
  }
  get index(): number {
    return this.err.index;
  }
  get errmsg(): string {
    return this.err.errmsg;
  }
  get errInfo(): Doc | undefined {
    return this.err.errInfo;
  }
  getOperation(): Doc | undefined {
    return this.err.op;
  }
  toJSON(): Doc {
    return { code: this.err.code, index: this.err.index, errmsg: this.err.errmsg, op: this.err.op };
  }
  toString(): string {
    return `WriteError(${JSON.stringify(this.toJSON())})`;
  }
}

/** The driver's BulkWriteResult fields. */
export interface BulkResult {
  acknowledged: boolean;
  ok: number;
  insertedCount: number;
  matchedCount: number;
  modifiedCount: number;
  deletedCount: number;
  upsertedCount: number;
  insertedIds: Record<number, unknown>;
  upsertedIds: Record<number, unknown>;
  hasWriteErrors(): boolean;
  getWriteErrors(): WriteError[];
}

type Kind = 'insert' | 'update' | 'delete';

function kindOf(op: BulkOperation): Kind {
  if ('insertOne' in op) return 'insert';
  if ('deleteOne' in op || 'deleteMany' in op) return 'delete';
  return 'update';
}

/** Adds `_id` to a document the way the driver does (mutating it) and returns the id. */
export function ensureId(doc: Doc): unknown {
  if (doc._id === undefined) doc._id = new ObjectId();
  return doc._id;
}

function statement(op: BulkOperation): Doc {
  if ('insertOne' in op) return op.insertOne.document;
  if ('updateOne' in op) return compact({ q: op.updateOne.filter, u: op.updateOne.update, upsert: op.updateOne.upsert, multi: false, arrayFilters: op.updateOne.arrayFilters });
  if ('updateMany' in op) return compact({ q: op.updateMany.filter, u: op.updateMany.update, upsert: op.updateMany.upsert, multi: true, arrayFilters: op.updateMany.arrayFilters });
  if ('replaceOne' in op) return compact({ q: op.replaceOne.filter, u: op.replaceOne.replacement, upsert: op.replaceOne.upsert, multi: false });
  if ('deleteOne' in op) return { q: op.deleteOne.filter, limit: 1 };
  return { q: op.deleteMany.filter, limit: 0 };
}

function validate(op: BulkOperation): void {
  if ('updateOne' in op || 'updateMany' in op) {
    const u = 'updateOne' in op ? op.updateOne.update : op.updateMany.update;
    if (!Array.isArray(u)) {
      const keys = Object.keys(u);
      if (keys.length === 0 || !keys[0]!.startsWith('$')) throw new MongoInvalidArgumentError('Update document requires atomic operators');
    }
  }
  if ('replaceOne' in op) {
    const keys = Object.keys(op.replaceOne.replacement);
    if (keys.length > 0 && keys[0]!.startsWith('$')) throw new MongoInvalidArgumentError('Replacement document must not contain atomic operators');
  }
}

/**
 * Executes a bulk write as the driver does: consecutive operations of one
 * kind go out as one insert/update/delete command; ordered bulks stop at the
 * first error; failures raise MongoBulkWriteError with the partial result.
 */
export async function executeBulk(ctx: ClientContext, dbName: string, collection: string, ops: BulkOperation[], ordered: boolean): Promise<BulkResult> {
  if (!Array.isArray(ops) || ops.length === 0) throw new MongoInvalidArgumentError('Invalid BulkOperation, Batch cannot be empty');
  ops.forEach(validate);
  const errors: WriteError[] = [];
  const result = {
    acknowledged: true,
    ok: 1,
    insertedCount: 0,
    matchedCount: 0,
    modifiedCount: 0,
    deletedCount: 0,
    upsertedCount: 0,
    insertedIds: {} as Record<number, unknown>,
    upsertedIds: {} as Record<number, unknown>,
    hasWriteErrors: () => errors.length > 0,
    getWriteErrors: () => errors,
  };
  for (let i = 0; i < ops.length; i++) if ('insertOne' in ops[i]!) result.insertedIds[i] = ensureId((ops[i] as { insertOne: { document: Doc } }).insertOne.document);
  let i = 0;
  while (i < ops.length) {
    const kind = kindOf(ops[i]!);
    const start = i;
    while (i < ops.length && kindOf(ops[i]!) === kind) i++;
    const group = ops.slice(start, i);
    const stmts = group.map(statement);
    const cmd: Doc =
      kind === 'insert' ? { insert: collection, documents: stmts, ordered } : kind === 'update' ? { update: collection, updates: stmts, ordered } : { delete: collection, deletes: stmts, ordered };
    const reply = await ctx.run(dbName, cmd);
    const n = Number(reply.n ?? 0);
    const writeErrors = (reply.writeErrors as Doc[] | undefined) ?? [];
    if (kind === 'insert') {
      result.insertedCount += n;
      // Inserts that failed, or never ran in an ordered batch, are not inserted.
      const failedAt = writeErrors.map((e) => Number(e.index));
      for (let k = 0; k < group.length; k++) {
        const stopped = ordered && failedAt.length > 0 && k > failedAt[0]!;
        if (failedAt.includes(k) || stopped) delete result.insertedIds[start + k];
      }
    } else if (kind === 'update') {
      const upserted = (reply.upserted as Doc[] | undefined) ?? [];
      result.upsertedCount += upserted.length;
      result.matchedCount += n - upserted.length;
      result.modifiedCount += Number(reply.nModified ?? 0);
      for (const u of upserted) result.upsertedIds[start + Number(u.index)] = shape(u._id, ctx.promote);
    } else result.deletedCount += n;
    for (const e of writeErrors) errors.push(new WriteError({ ...e, index: start + Number(e.index), errmsg: String(e.errmsg), code: Number(e.code), op: group[Number(e.index)] as Doc }));
    if (ordered && writeErrors.length > 0) {
      // Inserts after the failure in later groups never ran.
      for (let k = i; k < ops.length; k++) delete result.insertedIds[k];
      break;
    }
  }
  if (errors.length > 0) {
    const first = errors[0]!;
    const message = errors.length === 1 ? first.errmsg ?? 'write error' : `${first.errmsg} (and ${errors.length - 1} more write errors)`;
    throw new MongoBulkWriteError({ message, code: first.code, writeErrors: errors } as never, result as never);
  }
  return result;
}
