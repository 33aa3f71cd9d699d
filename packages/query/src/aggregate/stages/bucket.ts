/**
 * `$bucket` (explicit boundaries) and `$bucketAuto` (a number of buckets of
 * roughly equal size). Both default to a `count` output field.
 */
import { BadQueryError, ExpressionError } from '../../errors.js';
import { compileEvaluator } from '../../expression/index.js';
import type { Evaluator } from '../../expression/index.js';
import { formatValue, typeName } from '../../expression/failures.js';
import { toInt32Exact } from '../../expression/number-ops.js';
import { canonicalRank, compareValues, isPlainObject, normalizeValue } from '../../values/index.js';
import type { Document } from '../../values/index.js';
import type { Accumulator } from '../accumulators/types.js';
import { parseAccumulatedFields } from './group.js';
import type { AccumulatedField } from './group.js';
import { scopeFor } from '../types.js';
import type { StageParser } from '../types.js';
import { setOwn } from '../../expression/field-path.js';

function isGroupByExpression(v: unknown): boolean {
  if (typeof v === 'string') return v.startsWith('$');
  return isPlainObject(v) && Object.keys(v).length === 1 && Object.keys(v)[0]!.startsWith('$');
}

function outputFields(spec: unknown): AccumulatedField[] {
  if (spec === undefined) return parseAccumulatedFields({ count: { $sum: 1 } }, []);
  if (!isPlainObject(spec)) throw new BadQueryError(40196, `The $bucket 'output' field must be an object, but found type: ${typeName(spec)}.`);
  return parseAccumulatedFields(spec, []);
}

function finish(id: unknown, accs: Accumulator[], fields: readonly AccumulatedField[]): Document {
  const out: Document = { _id: id };
  fields.forEach((f, i) => {
    const v = accs[i]!.result();
    if (v !== undefined) setOwn(out, f.name, v);
  });
  return out;
}

/** Parses `$bucket`. */
export const bucketStage: StageParser = (spec) => {
  if (!isPlainObject(spec)) throw new BadQueryError(40201, `Argument to $bucket stage must be an object, but found type: ${typeName(spec)}.`);
  for (const k of Object.keys(spec)) {
    if (!['groupBy', 'boundaries', 'default', 'output'].includes(k)) throw new BadQueryError(40197, `Unrecognized option to $bucket: ${k}.`);
  }
  if (spec.groupBy === undefined || spec.boundaries === undefined) {
    throw new BadQueryError(40198, "$bucket requires 'groupBy' and 'boundaries' to be specified.");
  }
  if (!isGroupByExpression(spec.groupBy)) {
    throw new BadQueryError(40202, `The $bucket 'groupBy' field must be defined as a $-prefixed path or an expression, but found: ${formatValue(spec.groupBy)}.`);
  }
  if (!Array.isArray(spec.boundaries)) {
    throw new BadQueryError(40200, `The $bucket 'boundaries' field must be an array, but found type: ${typeName(spec.boundaries)}.`);
  }
  const bounds = spec.boundaries.map((b) => normalizeValue(b));
  if (bounds.length < 2) {
    throw new BadQueryError(40192, `The $bucket 'boundaries' field must have at least 2 values, but found ${bounds.length} value(s).`);
  }
  for (let i = 1; i < bounds.length; i++) {
    const a = bounds[i - 1];
    const b = bounds[i];
    if (canonicalRank(a) !== canonicalRank(b)) {
      throw new BadQueryError(40193, `All values in the the 'boundaries' option to $bucket must have the same type. Found conflicting types ${typeName(a)} and ${typeName(b)}.`);
    }
    if (compareValues(a, b) >= 0) {
      throw new BadQueryError(40194, `The 'boundaries' option to $bucket must be sorted in ascending order, but elements ${i - 1} and ${i} are not in ascending order (${formatValue(a)} is not less than ${formatValue(b)}).`);
    }
  }
  const hasDefault = spec.default !== undefined;
  const dflt = hasDefault ? normalizeValue(spec.default) : undefined;
  if (hasDefault && canonicalRank(dflt) === canonicalRank(bounds[0]) && compareValues(dflt, bounds[0]) >= 0 && compareValues(dflt, bounds[bounds.length - 1]) < 0) {
    throw new BadQueryError(40199, "The $bucket 'default' field must be less than the lowest boundary or greater than or equal to the highest boundary.");
  }
  const groupBy = compileEvaluator(spec.groupBy);
  const fields = outputFields(spec.output);
  return function* (input, rt) {
    const buckets = new Map<number, Accumulator[]>();
    for (const doc of input) {
      const scope = scopeFor(doc, rt);
      const v = groupBy(scope) ?? null;
      let slot = -1;
      if (canonicalRank(v) === canonicalRank(bounds[0]) && compareValues(v, bounds[0]) >= 0 && compareValues(v, bounds[bounds.length - 1]) < 0) {
        let lo = 0;
        let hi = bounds.length - 1;
        // Binary search for the bucket whose [lower, upper) holds v.
        while (hi - lo > 1) {
          const mid = (lo + hi) >> 1;
          if (compareValues(v, bounds[mid]) >= 0) lo = mid;
          else hi = mid;
        }
        slot = lo;
      } else if (!hasDefault) {
        throw new ExpressionError(40066, `$switch could not find a matching branch for an input, and no default was specified.`);
      }
      let accs = buckets.get(slot);
      if (!accs) {
        accs = fields.map((f) => f.create());
        buckets.set(slot, accs);
      }
      for (const a of accs) a.add(scope);
    }
    const out = [...buckets.entries()].map(([slot, accs]) => finish(slot < 0 ? dflt : bounds[slot], accs, fields));
    yield* out.sort((a, b) => compareValues(a._id, b._id));
  };
};

/** Parses `$bucketAuto` (without `granularity`). */
export const bucketAutoStage: StageParser = (spec) => {
  if (!isPlainObject(spec)) throw new BadQueryError(40240, `The argument to $bucketAuto must be an object, but found type: ${typeName(spec)}.`);
  for (const k of Object.keys(spec)) {
    if (!['groupBy', 'buckets', 'output', 'granularity'].includes(k)) throw new BadQueryError(40245, `Unrecognized option to $bucketAuto: ${k}.`);
  }
  if (spec.groupBy === undefined || spec.buckets === undefined) {
    throw new BadQueryError(40246, "$bucketAuto requires 'groupBy' and 'buckets' to be specified");
  }
  if (!isGroupByExpression(spec.groupBy)) {
    throw new BadQueryError(40239, `The $bucketAuto 'groupBy' field must be defined as a $-prefixed path or an expression object, but found: ${formatValue(spec.groupBy)}`);
  }
  const n = toInt32Exact(spec.buckets);
  if (n === undefined) throw new BadQueryError(40241, `The $bucketAuto 'buckets' field must be a numeric value, but found type: ${typeName(spec.buckets)}`);
  if (n <= 0) throw new BadQueryError(40243, `The $bucketAuto 'buckets' field must be greater than 0, but found: ${n}`);
  if (spec.granularity !== undefined) throw new BadQueryError(20, "$bucketAuto 'granularity' is not supported by Argon");
  const groupBy: Evaluator = compileEvaluator(spec.groupBy);
  const fields = outputFields(spec.output);
  return function* (input, rt) {
    const entries = Array.from(input, (doc) => {
      const scope = scopeFor(doc, rt);
      return { key: groupBy(scope) ?? null, scope };
    }).sort((a, b) => compareValues(a.key, b.key));
    if (entries.length === 0) return;
    const size = Math.round(entries.length / n) || 1;
    const buckets: { min: unknown; max: unknown; accs: Accumulator[] }[] = [];
    let i = 0;
    while (i < entries.length) {
      const accs = fields.map((f) => f.create());
      const min = entries[i]!.key;
      let count = 0;
      let last: unknown = min;
      // Fill to the target size, then keep equal keys together.
      while (i < entries.length && (count < size || buckets.length === n - 1 || compareValues(entries[i]!.key, last) === 0)) {
        for (const a of accs) a.add(entries[i]!.scope);
        last = entries[i]!.key;
        count++;
        i++;
      }
      buckets.push({ min, max: last, accs });
    }
    for (let b = 0; b < buckets.length; b++) {
      const bucket = buckets[b]!;
      const max = b + 1 < buckets.length ? buckets[b + 1]!.min : bucket.max;
      yield finish({ min: bucket.min, max }, bucket.accs, fields);
    }
  };
};
