/**
 * `$type`: sets of BSON types given by alias (`'string'`, `'number'`), by
 * numeric code (`2`), or as an array of either.
 */
import { BadQueryError } from '../errors.js';
import { BSON_TYPES, bsonTypeOf, type BsonTypeName } from '../values/bson-type.js';
import { decodeNumber, isIntegral, toBigIntExact } from '../values/numeric.js';
import { formatValue } from './format.js';
import type { ValueTest } from './types.js';

const NUMERIC_TYPES: readonly BsonTypeName[] = ['int', 'long', 'double', 'decimal'];

const NAME_BY_CODE: ReadonlyMap<number, BsonTypeName> = new Map(
  Object.entries(BSON_TYPES).map(([name, code]) => [code, name as BsonTypeName]),
);

function addAlias(set: Set<BsonTypeName>, alias: string): void {
  if (alias === 'number') {
    for (const t of NUMERIC_TYPES) set.add(t);
    return;
  }
  if (!Object.prototype.hasOwnProperty.call(BSON_TYPES, alias)) {
    throw new BadQueryError(2, `Unknown type name alias: ${alias}`);
  }
  set.add(alias as BsonTypeName);
}

function addCode(set: Set<BsonTypeName>, v: unknown): void {
  const n = decodeNumber(v);
  const exact = n && isIntegral(n) ? toBigIntExact(n) : undefined;
  const name = exact !== undefined && exact >= -1n && exact <= 127n ? NAME_BY_CODE.get(Number(exact)) : undefined;
  if (name === undefined) throw new BadQueryError(2, `Invalid numerical type code: ${formatValue(v)}`);
  set.add(name);
}

function addOne(set: Set<BsonTypeName>, v: unknown): void {
  if (typeof v === 'string') addAlias(set, v);
  else if (decodeNumber(v)) addCode(set, v);
  else throw new BadQueryError(2, 'type must be represented as a number or a string');
}

/** Parses a `$type` operand into the set of type names it accepts. */
export function parseTypeSet(path: string, operand: unknown): ReadonlySet<BsonTypeName> {
  const set = new Set<BsonTypeName>();
  if (Array.isArray(operand)) {
    for (const v of operand) addOne(set, v);
    if (set.size === 0) throw new BadQueryError(9, `${path} must match at least one type`);
  } else {
    addOne(set, operand);
  }
  return set;
}

/** Builds the `$type` test; a missing field has no type. */
export function typeTest(types: ReadonlySet<BsonTypeName>): ValueTest {
  return (v) => v !== undefined && types.has(bsonTypeOf(v));
}
