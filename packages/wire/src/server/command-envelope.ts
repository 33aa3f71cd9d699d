/**
 * Reading a command document: its name, the generic fields every driver adds
 * (the "envelope"), and the BSON numeric wrappers that promoteValues:false
 * leaves in place.
 */
import type { WireDocument } from '../protocol/bson-codec.js';
import { MessageFormatError } from '../errors.js';

/**
 * Fields that drivers attach to any command and that Argon accepts and
 * ignores. They are removed before a command reaches the executor, so the
 * engine sees only the command's own arguments.
 */
export const ENVELOPE_FIELDS: ReadonlySet<string> = new Set([
  '$db',
  'lsid',
  '$clusterTime',
  '$readPreference',
  'readConcern',
  'writeConcern',
  'apiVersion',
  'apiStrict',
  'apiDeprecationErrors',
  // A txnNumber without autocommit marks a retryable write; Argon executes each write once.
  'txnNumber',
]);

/** `readConcern` levels a standalone server cannot serve, and why. */
const UNSUPPORTED_READ_CONCERN: Readonly<Record<string, string>> = Object.freeze({
  snapshot: `node needs to be a replica set member to use readConcern: snapshot (Argon runs as a standalone server; for a fixed point in time, read a time-travel database such as 'db@main@<lsn>' instead)`,
});

/** Refusal of a `readConcern` level, with mongod's standalone code 123 NotAReplicaSet. */
export class ReadConcernNotSupportedError extends Error {
  readonly code = 123;
  readonly codeName = 'NotAReplicaSet';
  override get name(): string {
    return 'ReadConcernNotSupportedError';
  }
}

/**
 * Throws when the command asks for a `readConcern` level this standalone
 * server cannot honour (`snapshot`), before the envelope is stripped: a
 * read must never silently run weaker than requested.
 */
export function assertSupportedReadConcern(command: WireDocument): void {
  const rc = command['readConcern'];
  if (!isDocument(rc)) return;
  const level = rc['level'];
  if (typeof level === 'string' && Object.hasOwn(UNSUPPORTED_READ_CONCERN, level)) {
    throw new ReadConcernNotSupportedError(UNSUPPORTED_READ_CONCERN[level]!);
  }
}

/** The command name: the first field of the document. @throws MessageFormatError if there is none. */
export function commandName(command: WireDocument): string {
  for (const key in command) return key;
  throw new MessageFormatError('empty command document: the first field must name the command');
}

/** A copy of `command` without {@link ENVELOPE_FIELDS}. */
export function stripEnvelope(command: WireDocument): WireDocument {
  const stripped: WireDocument = {};
  // for...in rather than Object.entries: no array of pairs per command.
  for (const key in command) {
    if (!Object.hasOwn(command, key) || ENVELOPE_FIELDS.has(key)) continue;
    // A client-sent `__proto__` field stays a field: assigning it would set the object's prototype.
    if (key === '__proto__') Object.defineProperty(stripped, key, { value: command[key], writable: true, enumerable: true, configurable: true });
    else stripped[key] = command[key];
  }
  return stripped;
}

/** A plain object (BSON document), not an array or BSON value wrapper. */
export function isDocument(value: unknown): value is WireDocument {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  return !('_bsontype' in value) && !(value instanceof Date) && !(value instanceof Uint8Array);
}

/** The number behind a JS number or a BSON Int32, Double, Long or Decimal128; undefined for anything else. */
export function numericValue(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value !== 'object' || value === null || !('_bsontype' in value)) return undefined;
  // Duck-typed on _bsontype so that values from another copy of bson are recognised too.
  const wrapper = value as { _bsontype: unknown; valueOf(): unknown; toNumber?: () => number };
  switch (wrapper._bsontype) {
    case 'Int32':
    case 'Double':
      return Number(wrapper.valueOf());
    case 'Long':
      return wrapper.toNumber?.();
    case 'Decimal128':
      return Number(String(value));
    default:
      return undefined;
  }
}

/** MongoDB truthiness of a flag argument: booleans as is, numbers (wrapped or not) non-zero, missing/null false. */
export function isTruthy(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value === 'boolean') return value;
  const number = numericValue(value);
  return number === undefined ? true : number !== 0;
}
