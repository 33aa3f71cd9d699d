/** Miscellaneous operators: `$rand $bsonSize $binarySize`, and server-side JavaScript (unsupported). */
import { calculateObjectSize, Double, Int32, Long } from 'bson';
import type { Binary, Timestamp } from 'bson';
import { bsonTypeOf, isPlainObject } from '../../values/index.js';
import type { Document } from '../../values/index.js';
import { fixedArity, isNullish } from '../args.js';
import { evalError, parseError, typeName } from '../failures.js';
import type { Evaluator, OperatorParser, OperatorTable } from '../types.js';

const parseRand: OperatorParser = (args) => {
  if (!isPlainObject(args) || Object.keys(args).length !== 0) throw parseError(3040501, '$rand does not currently accept arguments');
  return () => new Double(Math.random());
};

const parseBsonSize: OperatorParser = (args, ctx, name) => {
  const [e] = fixedArity(name, args, ctx, 1) as [Evaluator];
  return (s) => {
    const v = e(s);
    if (isNullish(v)) return null;
    if (!isPlainObject(v)) throw evalError(31393, `$bsonSize requires a document input, found: ${typeName(v)}`);
    return new Int32(calculateObjectSize(v as Document));
  };
};

const parseBinarySize: OperatorParser = (args, ctx, name) => {
  const [e] = fixedArity(name, args, ctx, 1) as [Evaluator];
  return (s) => {
    const v = e(s);
    if (isNullish(v)) return null;
    if (typeof v === 'string') return new Int32(Buffer.byteLength(v, 'utf8'));
    if (bsonTypeOf(v) === 'binData') return new Int32(v instanceof Uint8Array ? v.length : (v as Binary).position);
    throw evalError(51276, `$binarySize requires a string or BinData argument, found: ${typeName(v)}`);
  };
};

/** Metadata names `$meta` accepts; Argon keeps no such metadata, so they evaluate to missing. */
const META_NAMES = new Set([
  'textScore', 'randVal', 'searchScore', 'searchHighlights', 'geoNearDistance', 'geoNearPoint',
  'recordId', 'indexKey', 'sortKey', 'searchScoreDetails', 'timeseriesBucketMinTime', 'timeseriesBucketMaxTime',
]);

const parseMeta: OperatorParser = (args) => {
  if (typeof args !== 'string') throw parseError(17307, '$meta only supports string arguments');
  if (!META_NAMES.has(args)) throw parseError(17308, `Unsupported argument to $meta: ${args}`);
  return () => undefined;
};

function timestampPart(part: 'high' | 'low', code: number): OperatorParser {
  return (args, ctx, name) => {
    const [e] = fixedArity(name, args, ctx, 1) as [Evaluator];
    return (s) => {
      const v = e(s);
      if (isNullish(v)) return null;
      if (bsonTypeOf(v) !== 'timestamp') throw evalError(code, ` Argument to ${name} must be a timestamp, but is ${typeName(v)}`);
      return Long.fromNumber((v as Timestamp)[part] >>> 0);
    };
  };
}

const javascript: OperatorParser = (_args, _ctx, name) => {
  throw parseError(31264, `${name} is not supported by Argon: server-side JavaScript is not available`);
};

/** The miscellaneous operator family. */
export const miscOperators: OperatorTable = {
  $rand: parseRand,
  $bsonSize: parseBsonSize,
  $binarySize: parseBinarySize,
  $meta: parseMeta,
  $tsSecond: timestampPart('high', 5687301),
  $tsIncrement: timestampPart('low', 5687302),
  $function: javascript,
  $accumulator: javascript,
};
