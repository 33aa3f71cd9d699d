/** Miscellaneous operators: `$rand $bsonSize $binarySize`, and server-side JavaScript (unsupported). */
import { Binary, calculateObjectSize, Double, Int32 } from 'bson';
import { bsonTypeOf, isPlainObject } from '../../values/index.js';
import type { Document } from '../../values/index.js';
import { fixedArity, isNullish } from '../args.js';
import { evalError, parseError, typeName } from '../failures.js';
import type { Evaluator, OperatorParser, OperatorTable } from '../types.js';

const parseRand: OperatorParser = (args) => {
  if (!isPlainObject(args) || Object.keys(args).length !== 0) throw parseError(3040500, '$rand does not currently accept arguments');
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

const javascript: OperatorParser = (_args, _ctx, name) => {
  throw parseError(31264, `${name} is not supported by Argon: server-side JavaScript is not available`);
};

/** The miscellaneous operator family. */
export const miscOperators: OperatorTable = {
  $rand: parseRand,
  $bsonSize: parseBsonSize,
  $binarySize: parseBinarySize,
  $function: javascript,
  $accumulator: javascript,
};
