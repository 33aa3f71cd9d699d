/**
 * Short renderings of values for error messages, in the style MongoDB uses
 * (`a: "x"`, `{ b: 1 }`).
 */
import { bsonTypeOf } from '../values/bson-type.js';
import type { Binary, BSONRegExp, ObjectId } from '../values/bson-type.js';
import { documentEntries } from '../values/compare.js';
import { toDouble } from '../values/numeric.js';

/** Renders a value compactly, truncating deep or long structures. */
export function formatValue(v: unknown, depth = 0): string {
  if (depth > 3) return '...';
  switch (bsonTypeOf(v)) {
    case 'missing':
      return 'undefined';
    case 'null':
      return 'null';
    case 'string':
      return JSON.stringify(v);
    case 'bool':
      return String(v);
    case 'int':
    case 'double':
    case 'long':
      return typeof v === 'bigint' ? v.toString() : String(typeof v === 'number' ? v : toDouble(v));
    case 'decimal':
      return `NumberDecimal("${String(v)}")`;
    case 'date':
      return `new Date(${(v as Date).getTime()})`;
    case 'objectId':
      return `ObjectId('${(v as ObjectId).toHexString()}')`;
    case 'regex': {
      const r = v as BSONRegExp | RegExp;
      return r instanceof RegExp ? `/${r.source}/${r.flags}` : `/${r.pattern}/${r.options}`;
    }
    case 'binData': {
      const b = v as Binary;
      return `BinData(${b.sub_type ?? 0}, ${b.buffer ? Buffer.from(b.buffer).toString('hex') : ''})`;
    }
    case 'array': {
      const a = v as unknown[];
      const items = a.slice(0, 10).map((x) => formatValue(x, depth + 1));
      if (a.length > 10) items.push('...');
      return `[ ${items.join(', ')} ]`;
    }
    case 'object': {
      const entries = documentEntries(v as object);
      const items = entries.slice(0, 10).map(([k, x]) => `${k}: ${formatValue(x, depth + 1)}`);
      if (entries.length > 10) items.push('...');
      return items.length === 0 ? '{}' : `{ ${items.join(', ')} }`;
    }
    default:
      return String(v);
  }
}

/** Renders a field and its value as MongoDB prints a BSON element (`a: 1`). */
export function formatElement(name: string, v: unknown): string {
  return `${name}: ${formatValue(v)}`;
}
