/**
 * Driver model objects (BulkWriteResult, ClientBulkWriteResult, Maps) turned
 * into plain documents for matching and for saving as entities.
 */
import type { BulkWriteResult } from 'mongodb';
import { bsonTag } from '../bson-type.js';

/** The CRUD-spec view of a collection-level BulkWriteResult. */
export function bulkWriteResultDocument(result: BulkWriteResult): Record<string, unknown> {
  return {
    insertedCount: result.insertedCount,
    matchedCount: result.matchedCount,
    modifiedCount: result.modifiedCount,
    deletedCount: result.deletedCount,
    upsertedCount: result.upsertedCount,
    upsertedIds: { ...result.upsertedIds },
    insertedIds: { ...result.insertedIds },
  };
}

/** True for the driver's BulkWriteResult (a class the package does not export at runtime). */
function isBulkWriteResult(value: unknown): value is BulkWriteResult {
  return value !== null && typeof value === 'object' && (value as object).constructor?.name === 'BulkWriteResult';
}

/**
 * Converts a driver result into plain values: BulkWriteResult instances into
 * their documents, Maps into documents keyed by their keys, recursively.
 */
export function toResultDocument(value: unknown): unknown {
  if (isBulkWriteResult(value)) return bulkWriteResultDocument(value);
  if (value instanceof Map) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of value) out[String(k)] = toResultDocument(v);
    return out;
  }
  if (Array.isArray(value)) return value.map(toResultDocument);
  if (value !== null && typeof value === 'object' && bsonTag(value) === undefined && !(value instanceof Date) && !(value instanceof Uint8Array)) {
    const proto: unknown = Object.getPrototypeOf(value);
    if (proto === Object.prototype || proto === null) {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) out[k] = toResultDocument(v);
      return out;
    }
    // Other model objects (e.g. ClientBulkWriteResult): their own enumerable fields.
    if (!(value instanceof RegExp)) {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) out[k] = toResultDocument(v);
      return out;
    }
  }
  return value;
}
