/**
 * Field paths (`$a.b`) and variable references (`$$x.a`, `$$ROOT`).
 *
 * Aggregation paths differ from query paths: numeric components are plain
 * field names, and walking into an array maps the rest of the path over the
 * array's documents (non-documents are skipped), so `$a.b` over
 * `{a: [{b: 1}, {c: 2}, 3]}` is `[1]`.
 */
import { Timestamp } from 'bson';
import { bsonTypeOf, documentEntries, isPlainObject } from '../values/index.js';
import type { Evaluator } from './types.js';
import { evalError, parseError } from './failures.js';

const hasOwn = Object.prototype.hasOwnProperty;

/** True for values that behave as embedded documents (plain objects and DBRefs). */
export function isDocLike(v: unknown): v is object {
  return isPlainObject(v) || (v !== null && typeof v === 'object' && bsonTypeOf(v) === 'object');
}

/** Reads one field of a document (own properties only; DBRef fields by name). */
export function fieldOf(doc: object, key: string): unknown {
  if (isPlainObject(doc)) return hasOwn.call(doc, key) ? doc[key] : undefined;
  for (const [k, v] of documentEntries(doc)) if (k === key) return v;
  return undefined;
}

/** Walks `parts[i..]` from `v` with aggregation array semantics. */
export function walkPath(v: unknown, parts: readonly string[], i: number): unknown {
  if (i === parts.length) return v;
  if (Array.isArray(v)) {
    const out: unknown[] = [];
    for (const e of v) {
      if (!isDocLike(e)) continue;
      const r = walkPath(e, parts, i);
      if (r !== undefined) out.push(r);
    }
    return out;
  }
  if (isDocLike(v)) return walkPath(fieldOf(v, parts[i]!), parts, i + 1);
  return undefined;
}

/** Splits and validates the field-name part of a path (after the `$` or variable). */
export function splitFieldPath(path: string, original: string): string[] {
  const parts = path.split('.');
  for (const p of parts) {
    if (p === '') throw parseError(15998, `FieldPath field names may not be empty strings.`);
    // DBRef's fields are the only $-prefixed names a path may use.
    if (p.startsWith('$') && p !== '$id' && p !== '$ref' && p !== '$db') {
      throw parseError(
        16410,
        `FieldPath field names may not start with '$'. Consider using $getField or $setField. (in '${original}')`,
      );
    }
    if (p.includes('\0')) throw parseError(16411, `FieldPath field names may not contain '\\0'.`);
  }
  return parts;
}

/** System variables that may be read; user variables use lowercase first letters. */
const SYSTEM_VARIABLES = new Set(['ROOT', 'CURRENT', 'REMOVE', 'NOW', 'CLUSTER_TIME', 'DESCEND', 'PRUNE', 'KEEP']);

/** Validates a user variable name as MongoDB does when it is defined (`$let`, `as`, `let`). */
export function validateVariableName(name: string): void {
  if (name === '') throw parseError(16866, 'empty variable names are not allowed');
  const first = name.codePointAt(0)!;
  const lowerOrNonAscii = (first >= 0x61 && first <= 0x7a) || first > 0x7f;
  if (!lowerOrNonAscii) {
    // `CURRENT` may be rebound; no other uppercase names may be defined.
    if (name !== 'CURRENT') {
      throw parseError(16867, `'${name}' starts with an invalid character for a user variable name`);
    }
  }
  for (const ch of name) {
    const c = ch.codePointAt(0)!;
    const ok = c > 0x7f || ch === '_' || (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
    if (!ok) throw parseError(16868, `'${name}' contains an invalid character for a variable name: '${ch}'`);
  }
}

function validateVariableRead(name: string, original: string): void {
  if (name === '') throw parseError(16869, `empty variable names are not allowed (in '${original}')`);
  if (SYSTEM_VARIABLES.has(name)) return;
  const first = name.codePointAt(0)!;
  const ok = (first >= 0x61 && first <= 0x7a) || first > 0x7f || first === 0x5f;
  if (!ok) throw parseError(16870, `'${name}' starts with an invalid character for a user variable name`);
  for (const ch of name) {
    const c = ch.codePointAt(0)!;
    const valid = c > 0x7f || ch === '_' || (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
    if (!valid) throw parseError(16871, `'${name}' contains an invalid character for a variable name: '${ch}'`);
  }
}

/** Reads a user variable or throws MongoDB's "undefined variable" error. */
export function readVariable(vars: Readonly<Record<string, unknown>>, name: string): unknown {
  if (!hasOwn.call(vars, name)) throw evalError(17276, `Use of undefined variable: ${name}`);
  return vars[name];
}

/** Compiles a `$path` or `$$variable.path` string into an evaluator. */
export function compileFieldPath(expr: string): Evaluator {
  if (expr === '$') throw parseError(16872, `'$' by itself is not a valid FieldPath`);
  if (!expr.startsWith('$$')) {
    const parts = splitFieldPath(expr.slice(1), expr);
    if (parts.length === 1) {
      const key = parts[0]!;
      return (s) => {
        const c = s.current;
        if (isDocLike(c)) return fieldOf(c, key);
        return Array.isArray(c) ? walkPath(c, parts, 0) : undefined;
      };
    }
    return (s) => walkPath(s.current, parts, 0);
  }
  const body = expr.slice(2);
  const dot = body.indexOf('.');
  const name = dot < 0 ? body : body.slice(0, dot);
  validateVariableRead(name, expr);
  const parts = dot < 0 ? [] : splitFieldPath(body.slice(dot + 1), expr);
  const tail = (v: unknown): unknown => (parts.length === 0 ? v : walkPath(v, parts, 0));
  switch (name) {
    case 'ROOT':
      return (s) => tail(s.root);
    case 'CURRENT':
      return (s) => tail(s.current);
    case 'REMOVE':
      return () => undefined;
    case 'NOW':
      return (s) => tail(s.now);
    case 'CLUSTER_TIME':
      return (s) => tail(new Timestamp({ t: Math.floor(s.now.getTime() / 1000), i: 1 }));
    default:
      return (s) => tail(readVariable(s.vars, name));
  }
}

/** Sets a field on a fresh document; `__proto__` is defined as data, not a prototype. */
export function setOwn(doc: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(doc, key, { value, enumerable: true, writable: true, configurable: true });
  } else {
    doc[key] = value;
  }
}
