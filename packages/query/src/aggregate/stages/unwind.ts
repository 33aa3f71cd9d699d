/**
 * `$unwind`: one output document per array element. Non-array values pass as
 * a single element; null, missing and empty arrays drop the document unless
 * `preserveNullAndEmptyArrays` (an empty array then loses the field).
 */
import { BadQueryError } from '../../errors.js';
import { Long } from 'bson';
import { isPlainObject } from '../../values/index.js';
import { typeName } from '../../expression/failures.js';
import { splitFieldPath } from '../../expression/field-path.js';
import { getPath, setPath } from '../document-path.js';
import type { StageParser } from '../types.js';

/** Parses `$unwind`. */
export const unwindStage: StageParser = (spec) => {
  let path: unknown;
  let preserve = false;
  let indexField: string[] | undefined;
  if (typeof spec === 'string') {
    path = spec;
  } else if (isPlainObject(spec)) {
    for (const [k, v] of Object.entries(spec)) {
      if (k === 'path') {
        if (typeof v !== 'string') throw new BadQueryError(28808, `expected a string as the path for $unwind stage, got ${typeName(v)}`);
        path = v;
      } else if (k === 'preserveNullAndEmptyArrays') {
        if (typeof v !== 'boolean') {
          throw new BadQueryError(28809, `expected a boolean for the preserveNullAndEmptyArrays option to $unwind stage, got ${typeName(v)}`);
        }
        preserve = v;
      } else if (k === 'includeArrayIndex') {
        if (typeof v !== 'string' || v === '') {
          throw new BadQueryError(28810, `expected a non-empty string for the includeArrayIndex option to $unwind stage, got ${typeName(v)}`);
        }
        if (v.startsWith('$')) {
          throw new BadQueryError(28822, `includeArrayIndex option to $unwind stage should not be prefixed with a '$': ${v}`);
        }
        indexField = splitFieldPath(v, v);
      } else {
        throw new BadQueryError(28811, `unrecognized option to $unwind stage: ${k}`);
      }
    }
    if (path === undefined) throw new BadQueryError(28812, 'no path specified to $unwind stage');
  } else {
    throw new BadQueryError(15981, `expected either a string or an object as specification for $unwind stage, got ${typeName(spec)}`);
  }
  const p = path as string;
  if (!p.startsWith('$')) throw new BadQueryError(28818, `path option to $unwind stage should be prefixed with a '$': ${p}`);
  const parts = splitFieldPath(p.slice(1), p);
  return function* (input) {
    for (const doc of input) {
      const v = getPath(doc, parts);
      if (Array.isArray(v)) {
        if (v.length === 0) {
          if (preserve) {
            const out = setPath(doc, parts, undefined);
            yield indexField ? setPath(out, indexField, null) : out;
          }
          continue;
        }
        for (let i = 0; i < v.length; i++) {
          const out = setPath(doc, parts, v[i]);
          yield indexField ? setPath(out, indexField, Long.fromNumber(i)) : out;
        }
      } else if (v === null || v === undefined) {
        if (preserve) yield indexField ? setPath(doc, indexField, null) : doc;
      } else {
        yield indexField ? setPath(doc, indexField, null) : doc;
      }
    }
  };
};
