/**
 * Renders BSON values the way mongod prints them inside error messages
 * (`{_id: 1}`, `a: "x"`, `5.0` for a double), so that clients comparing
 * `errmsg` text see what a real server would say.
 */
import type { Binary, BSONRegExp, Code, Decimal128, Double, Long, ObjectId, Timestamp } from '../values/bson-type.js';
import { bsonTypeOf } from '../values/bson-type.js';
import { documentEntries } from '../values/compare.js';

function formatDouble(d: number): string {
  if (Number.isNaN(d)) return 'nan.0';
  if (!Number.isFinite(d)) return d > 0 ? 'inf.0' : '-inf.0';
  if (Object.is(d, -0)) return '-0.0';
  const abs = Math.abs(d);
  // Like printf's %g: exponent form for very large or very small magnitudes.
  if (abs >= 1e16 || (abs !== 0 && abs < 1e-4)) return d.toExponential();
  return Number.isInteger(d) ? `${d}.0` : String(d);
}

/** Formats one value in mongod's diagnostic notation. */
export function formatValue(v: unknown): string {
  switch (bsonTypeOf(v)) {
    case 'missing':
    case 'undefined':
      return 'undefined';
    case 'null':
      return 'null';
    case 'string':
      return JSON.stringify(v);
    case 'bool':
      return v ? 'true' : 'false';
    case 'int':
      return String(typeof v === 'number' ? v : (v as { value: number }).value);
    case 'double':
      return formatDouble(typeof v === 'number' ? v : (v as Double).value);
    case 'long':
      return typeof v === 'bigint' ? String(v) : (v as Long).toString();
    case 'decimal':
      return `NumberDecimal("${(v as Decimal128).toString()}")`;
    case 'objectId':
      return `ObjectId('${(v as ObjectId).toHexString()}')`;
    case 'date':
      return `new Date(${(v as Date).getTime()})`;
    case 'timestamp': {
      const t = v as Timestamp;
      return `Timestamp(${t.high >>> 0}, ${t.low >>> 0})`;
    }
    case 'regex': {
      if (v instanceof RegExp) return `/${v.source}/${v.flags}`;
      const r = v as BSONRegExp;
      return `/${r.pattern}/${r.options}`;
    }
    case 'binData': {
      const b = v instanceof Uint8Array ? { sub_type: 0, bytes: v } : { sub_type: (v as Binary).sub_type, bytes: (v as Binary).buffer.subarray(0, (v as Binary).position) };
      return `BinData(${b.sub_type}, ${Buffer.from(b.bytes).toString('hex').toUpperCase()})`;
    }
    case 'minKey':
      return 'MinKey';
    case 'maxKey':
      return 'MaxKey';
    case 'array': {
      const items = (v as unknown[]).map(formatValue);
      return items.length === 0 ? '[]' : `[ ${items.join(', ')} ]`;
    }
    case 'object': {
      const entries = documentEntries(v as object).map(([k, x]) => `${k}: ${formatValue(x)}`);
      return entries.length === 0 ? '{}' : `{ ${entries.join(', ')} }`;
    }
    case 'javascript':
    case 'javascriptWithScope':
      return `JavaScript(${JSON.stringify(String((v as Code).code))})`;
    default:
      return String(v);
  }
}

/** Formats a named element, `name: value`, as mongod's `BSONElement::toString` does. */
export function formatElement(name: string, v: unknown): string {
  return `${name}: ${formatValue(v)}`;
}

/** Formats the document's `_id` element for messages such as `{_id: 1}`; `no id` when absent. */
export function formatIdElement(doc: { _id?: unknown }): string {
  return doc._id === undefined ? 'no id' : formatElement('_id', doc._id);
}

/** The type name mongod uses in messages (`int`, `double`, `string`, …). */
export function typeName(v: unknown): string {
  const t = bsonTypeOf(v);
  return t === 'missing' ? 'missing' : t;
}
