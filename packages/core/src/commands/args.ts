import { bsonTypeOf, isPlainObject } from '@argon/query';
import { ArgonError, ARGON_CODES, MONGO_CODES } from '../errors.js';

type Doc = Record<string, unknown>;

/** A command argument of the wrong BSON type (code 14, as mongod reports it). */
export function typeMismatch(command: string, field: string, value: unknown, expected: string): ArgonError {
  return new ArgonError(`BSON field '${command}.${field}' is the wrong type '${bsonTypeOf(value)}', expected type '${expected}'`, {
    code: MONGO_CODES.TypeMismatch,
    argonCode: ARGON_CODES.BAD_INPUT,
    details: { field },
  });
}

/** A required argument that is missing (code 40414 in mongod's IDL). */
export function missingField(command: string, field: string): ArgonError {
  return new ArgonError(`BSON field '${command}.${field}' is missing but a required field`, { code: 40414, codeName: 'Location40414', argonCode: ARGON_CODES.BAD_INPUT, details: { field } });
}

/** Reads a numeric argument (int, long, double or JS number) as a JS number. */
export function toNumber(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (v !== null && typeof v === 'object') {
    const tag = (v as { _bsontype?: string })._bsontype;
    if (tag === 'Int32' || tag === 'Double') return (v as { value: number }).value;
    if (tag === 'Long') return Number((v as { toBigInt(): bigint }).toBigInt());
    if (tag === 'Decimal128') return Number((v as { toString(): string }).toString());
  }
  return undefined;
}

/** Optional numeric argument. */
export function optNumber(command: string, cmd: Doc, field: string): number | undefined {
  const v = cmd[field];
  if (v === undefined || v === null) return undefined;
  const n = toNumber(v);
  if (n === undefined) throw typeMismatch(command, field, v, 'long');
  return n;
}

/** Optional document argument. */
export function optDoc(command: string, cmd: Doc, field: string): Doc | undefined {
  const v = cmd[field];
  if (v === undefined || v === null) return undefined;
  if (!isPlainObject(v)) throw typeMismatch(command, field, v, 'object');
  return v;
}

/** Optional boolean argument (numbers are accepted as MongoDB does). */
export function optBool(command: string, cmd: Doc, field: string): boolean | undefined {
  const v = cmd[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'boolean') return v;
  const n = toNumber(v);
  if (n !== undefined) return n !== 0;
  throw typeMismatch(command, field, v, 'bool');
}

/** The collection name a command targets (its first field's value). */
export function collectionArg(command: string, cmd: Doc): string {
  const v = cmd[command];
  if (typeof v !== 'string') throw typeMismatch(command, command, v, 'string');
  if (v.length === 0 || v.includes('\0') || v.startsWith('$')) {
    throw new ArgonError(`Invalid namespace specified '${v}'`, { code: MONGO_CODES.InvalidNamespace, argonCode: ARGON_CODES.BAD_INPUT });
  }
  return v;
}

/** Optional array-of-documents argument. */
export function docArray(command: string, cmd: Doc, field: string, required = true): Doc[] {
  const v = cmd[field];
  if (v === undefined) {
    if (required) throw missingField(command, field);
    return [];
  }
  if (!Array.isArray(v)) throw typeMismatch(command, field, v, 'array');
  v.forEach((d, i) => {
    if (!isPlainObject(d)) throw typeMismatch(command, `${field}.${i}`, d, 'object');
  });
  return v as Doc[];
}

/** Rejects fields MongoDB 7.0 does not know in a sub-document (IDL error 40415). */
export function assertKnownFields(context: string, doc: Doc, known: ReadonlySet<string>): void {
  for (const k of Object.keys(doc)) {
    if (!known.has(k)) {
      throw new ArgonError(`BSON field '${context}.${k}' is an unknown field.`, { code: 40415, codeName: 'Location40415', argonCode: ARGON_CODES.BAD_INPUT, details: { field: k } });
    }
  }
}
