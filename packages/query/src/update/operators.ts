/**
 * The update operators mongod knows, and how each compiles one
 * `<path>: <operand>` entry into a leaf of the update tree. (`$rename` is
 * handled by the operator-update compiler because it places two nodes.)
 */
import { compileAddToSet } from './add-to-set.js';
import { compileArithmetic } from './arithmetic.js';
import { compileBit } from './bit.js';
import { compileCurrentDate } from './current-date.js';
import { compileMinMax } from './min-max.js';
import { compilePop } from './pop.js';
import { compilePull } from './pull.js';
import { compilePullAll } from './pull-all.js';
import { compilePush } from './push.js';
import { compileSet, compileSetOnInsert } from './set.js';
import type { LeafNode } from './tree.js';
import { compileUnset } from './unset.js';

/** Compiles one operand of an operator; `field` is the path as written (for messages). */
export type LeafCompiler = (field: string, operand: unknown) => LeafNode;

/** Every field operator except `$rename`, by name. */
export const FIELD_OPERATORS: Readonly<Record<string, LeafCompiler>> = Object.freeze({
  $set: (_f, v) => compileSet(v),
  $setOnInsert: (_f, v) => compileSetOnInsert(v),
  $unset: () => compileUnset(),
  $inc: (f, v) => compileArithmetic('$inc', f, v),
  $mul: (f, v) => compileArithmetic('$mul', f, v),
  $min: (_f, v) => compileMinMax('$min', v),
  $max: (_f, v) => compileMinMax('$max', v),
  $currentDate: (_f, v) => compileCurrentDate(v),
  $push: (_f, v) => compilePush(v),
  $addToSet: (_f, v) => compileAddToSet(v),
  $pop: (f, v) => compilePop(f, v),
  $pull: (_f, v) => compilePull(v),
  $pullAll: (_f, v) => compilePullAll(v),
  $bit: (_f, v) => compileBit(v),
});

/** True for a name mongod accepts as an update modifier. */
export function isUpdateOperator(name: string): boolean {
  return name === '$rename' || Object.hasOwn(FIELD_OPERATORS, name);
}
