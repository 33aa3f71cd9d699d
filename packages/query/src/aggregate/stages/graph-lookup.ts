/**
 * `$graphLookup`: a breadth-first search over another collection, following
 * `connectFromField` values to documents whose `connectToField` matches.
 */
import { BadQueryError } from '../../errors.js';
import { Long } from 'bson';
import { compileEvaluator } from '../../expression/index.js';
import { typeName } from '../../expression/failures.js';
import { splitFieldPath } from '../../expression/field-path.js';
import { toInt64Exact } from '../../expression/number-ops.js';
import { collectPathValues, compileFilter } from '../../query/index.js';
import type { CompiledFilter } from '../../query/index.js';
import { decodeNumber, isPlainObject, valueKey } from '../../values/index.js';
import { setPath } from '../document-path.js';
import { foreignDocuments } from './lookup.js';
import { scopeFor } from '../types.js';
import type { StageParser } from '../types.js';

/** Parses `$graphLookup`. */
export const graphLookupStage: StageParser = (spec) => {
  if (!isPlainObject(spec)) throw new BadQueryError(40327, `the $graphLookup stage specification must be an object, but found ${typeName(spec)}`);
  const strings: Record<string, string> = {};
  let maxDepth: number | undefined;
  let filter: CompiledFilter | undefined;
  for (const [k, v] of Object.entries(spec)) {
    switch (k) {
      case 'from':
      case 'as':
      case 'connectFromField':
      case 'connectToField':
      case 'depthField':
        if (typeof v !== 'string') throw new BadQueryError(40103, `expected string as argument for ${k}, found: ${typeName(v)}`);
        strings[k] = v;
        break;
      case 'startWith':
        break;
      case 'maxDepth': {
        if (!decodeNumber(v)) throw new BadQueryError(40100, `maxDepth must be numeric, found type: ${typeName(v)}`);
        const n = toInt64Exact(v);
        if (n === undefined || n < 0n) throw new BadQueryError(40101, 'maxDepth requires a nonnegative argument, found: ' + String(v));
        maxDepth = Number(n);
        break;
      }
      case 'restrictSearchWithMatch':
        if (!isPlainObject(v)) throw new BadQueryError(40185, `restrictSearchWithMatch must be an object, found ${typeName(v)}`);
        filter = compileFilter(v);
        break;
      default:
        throw new BadQueryError(40104, `Unknown argument to $graphLookup: ${k}`);
    }
  }
  for (const f of ['from', 'as', 'connectFromField', 'connectToField']) {
    if (strings[f] === undefined) throw new BadQueryError(40105, `${f} was not specified`);
  }
  if (spec.startWith === undefined) throw new BadQueryError(40105, 'startWith was not specified');
  const startWith = compileEvaluator(spec.startWith);
  const asPath = splitFieldPath(strings.as!, strings.as!);
  const from = strings.from!;
  const connectFrom = strings.connectFromField!;
  const connectTo = strings.connectToField!;
  const depthPath = strings.depthField === undefined ? undefined : splitFieldPath(strings.depthField, strings.depthField);
  return function* (input, rt) {
    const foreign = foreignDocuments(rt, from, '$graphLookup').filter((d) => !filter || filter.test(d));
    const index = new Map<string, number[]>();
    foreign.forEach((doc, i) => {
      const values = collectPathValues(doc, connectTo, { includeArrays: true });
      const keys = new Set(values.length === 0 ? [valueKey(null)] : values.map(valueKey));
      for (const k of keys) {
        const list = index.get(k);
        if (list) list.push(i);
        else index.set(k, [i]);
      }
    });
    for (const doc of input) {
      const start = startWith(scopeFor(doc, rt));
      let frontier = (Array.isArray(start) ? start : [start]).map((v) => valueKey(v ?? null));
      const seenKeys = new Set<string>();
      const found = new Map<number, number>();
      for (let depth = 0; frontier.length > 0 && (maxDepth === undefined || depth <= maxDepth); depth++) {
        const next: string[] = [];
        for (const k of frontier) {
          if (seenKeys.has(k)) continue;
          seenKeys.add(k);
          for (const i of index.get(k) ?? []) {
            if (found.has(i)) continue;
            found.set(i, depth);
            const from = foreign[i]!;
            const vals = collectPathValues(from, connectFrom);
            for (const v of vals) next.push(valueKey(v));
          }
        }
        frontier = next;
      }
      const results = [...found.entries()].map(([i, depth]) =>
        depthPath ? setPath(foreign[i]!, depthPath, Long.fromNumber(depth)) : foreign[i]!,
      );
      yield setPath(doc, asPath, results);
    }
  };
};
