/**
 * The unified format's common options (readConcern, readPreference,
 * writeConcern, collection/database options) turned into driver options.
 */
import { ReadPreference, type ReadConcernLike, type ReadPreferenceMode, type WriteConcernSettings } from 'mongodb';
import { isPlainDocument } from './bson-type.js';
import { RunnerError } from './errors.js';
import type { Doc } from './types.js';

/** A `readPreference` common option as a driver ReadPreference. */
export function toReadPreference(value: unknown): ReadPreference {
  if (!isPlainDocument(value) || typeof value.mode !== 'string') throw new RunnerError(`malformed readPreference ${String(value)}`);
  const mode = value.mode.charAt(0).toLowerCase() + value.mode.slice(1);
  const tags = Array.isArray(value.tagSets) ? (value.tagSets as Doc[]) : undefined;
  const extra: { maxStalenessSeconds?: number; hedge?: Doc } = {};
  if (typeof value.maxStalenessSeconds === 'number') extra.maxStalenessSeconds = value.maxStalenessSeconds;
  if (isPlainDocument(value.hedge)) extra.hedge = value.hedge;
  return new ReadPreference(mode as ReadPreferenceMode, tags as never, extra as never);
}

/** A `writeConcern` common option as driver write concern settings. */
export function toWriteConcern(value: unknown): WriteConcernSettings {
  if (!isPlainDocument(value)) throw new RunnerError('malformed writeConcern');
  const out: WriteConcernSettings = {};
  if (value.w !== undefined) out.w = value.w as WriteConcernSettings['w'];
  if (value.journal !== undefined) out.journal = Boolean(value.journal);
  if (value.j !== undefined) out.journal = Boolean(value.j);
  if (value.wtimeoutMS !== undefined) out.wtimeoutMS = Number(value.wtimeoutMS);
  return out;
}

/** A `readConcern` common option as a driver read concern. */
export function toReadConcern(value: unknown): ReadConcernLike {
  if (!isPlainDocument(value)) throw new RunnerError('malformed readConcern');
  return value as ReadConcernLike;
}

/**
 * Converts the common options found at the top level of `options`
 * (readConcern, readPreference, writeConcern) into driver values; other keys
 * are copied unchanged.
 */
export function convertCommonOptions(options: Doc): Doc {
  const out: Doc = {};
  for (const [key, value] of Object.entries(options)) {
    if (key === 'readPreference') out.readPreference = toReadPreference(value);
    else if (key === 'writeConcern') out.writeConcern = toWriteConcern(value);
    else if (key === 'readConcern') out.readConcern = toReadConcern(value);
    else if (key === 'defaultTransactionOptions' && isPlainDocument(value)) out.defaultTransactionOptions = convertCommonOptions(value);
    else out[key] = value;
  }
  return out;
}
