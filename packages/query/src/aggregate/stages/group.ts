/**
 * `$group`: documents with equal `_id` values (MongoDB equality, so 1, 1.0
 * and NumberLong(1) share a group) are folded by accumulators. Output
 * documents hold `_id` first, then the accumulated fields in spec order;
 * groups come out in order of first appearance.
 */
import { BadQueryError } from '../../errors.js';
import { compileEvaluator } from '../../expression/index.js';
import type { Evaluator } from '../../expression/index.js';
import { formatValue } from '../../expression/failures.js';
import { setOwn } from '../../expression/field-path.js';
import { CollationKeys, isPlainObject } from '../../values/index.js';
import type { Collator } from '../../values/index.js';
import type { Document } from '../../values/index.js';
import { ACCUMULATORS } from '../accumulators/registry.js';
import type { Accumulator } from '../accumulators/types.js';
import { scopeFor } from '../types.js';
import type { CompiledStage, Runtime, StageParser } from '../types.js';

/** A parsed accumulated output field. */
export interface AccumulatedField {
  readonly name: string;
  readonly create: () => Accumulator;
}

/** Parses `{field: {$acc: expr}}` entries (everything but `_id`). */
export function parseAccumulatedFields(spec: Document, skip: readonly string[]): AccumulatedField[] {
  const out: AccumulatedField[] = [];
  for (const [name, acc] of Object.entries(spec)) {
    if (skip.includes(name) || acc === undefined) continue;
    if (name.startsWith('$')) throw new BadQueryError(40236, `The field name '${name}' cannot be an operator name`);
    if (name.includes('.')) throw new BadQueryError(40235, `The field name '${name}' cannot contain '.'`);
    if (!isPlainObject(acc)) {
      throw new BadQueryError(40234, `The field '${name}' must be an accumulator object`);
    }
    const keys = Object.keys(acc);
    if (keys.length !== 1) throw new BadQueryError(40238, `The field '${name}' must specify one accumulator`);
    const op = keys[0]!;
    const parser = Object.prototype.hasOwnProperty.call(ACCUMULATORS, op) ? ACCUMULATORS[op] : undefined;
    if (!parser) throw new BadQueryError(15952, `unknown group operator '${op}'`);
    out.push({ name, create: parser(acc[op], op) });
  }
  return out;
}

interface Group {
  id: unknown;
  accs: Accumulator[];
}

/**
 * Groups `input` by `key` and folds each group through `fields`. Under a
 * collation, string keys equal by the collation share a group (whose `_id`
 * is the first one seen).
 */
export function groupDocuments(
  input: Iterable<Document>,
  rt: Runtime,
  key: Evaluator,
  fields: readonly AccumulatedField[],
  collator?: Collator,
): Group[] {
  const groups = new Map<string, Group>();
  const keys = new CollationKeys(collator);
  for (const doc of input) {
    const scope = scopeFor(doc, rt);
    const id = key(scope) ?? null;
    const k = keys.key(id);
    let g = groups.get(k);
    if (!g) {
      g = { id, accs: fields.map((f) => f.create()) };
      groups.set(k, g);
    }
    for (const a of g.accs) a.add(scope);
  }
  return [...groups.values()];
}

/** Builds a group's output document. */
export function groupOutput(g: Group, fields: readonly AccumulatedField[]): Document {
  const out: Document = { _id: g.id };
  fields.forEach((f, i) => {
    const v = g.accs[i]!.result();
    if (v !== undefined) setOwn(out, f.name, v);
  });
  return out;
}

/** Parses `$group`. */
export const groupStage: StageParser = (spec, ctx): CompiledStage => {
  if (!isPlainObject(spec)) {
    throw new BadQueryError(15947, `a group's fields must be specified in an object, found: ${formatValue(spec)}`);
  }
  if (!Object.prototype.hasOwnProperty.call(spec, '_id') || spec._id === undefined) {
    throw new BadQueryError(15955, 'a group specification must include an _id');
  }
  const key = compileEvaluator(spec._id, ctx.collator);
  const fields = parseAccumulatedFields(spec, ['_id']);
  return function* (input, rt) {
    for (const g of groupDocuments(input, rt, key, fields, ctx.collator)) yield groupOutput(g, fields);
  };
};
