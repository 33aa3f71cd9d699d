/**
 * String operators: `$concat $substr $substrBytes $substrCP $toUpper
 * $toLower $strLenCP $strLenBytes $split $trim $ltrim $rtrim $indexOfCP
 * $indexOfBytes $strcasecmp $replaceOne $replaceAll`. Case mapping is
 * ASCII-only and lengths count UTF-8 bytes or code points, as on the server.
 */
import { Int32 } from 'bson';
import { decodeNumber } from '../../values/index.js';
import { compileOperands, fixedArity, isNullish, rangeArity } from '../args.js';
import { coerceToString } from '../coerce.js';
import { evalError, formatValue, parseError, typeName } from '../failures.js';
import { isPlainObject } from '../../values/index.js';
import { toDouble } from '../../values/index.js';
import { toInt32Exact } from '../number-ops.js';
import type { Evaluator, OperatorParser, OperatorTable } from '../types.js';

const parseConcat: OperatorParser = (args, ctx) => {
  const evs = compileOperands(args, ctx);
  return (s) => {
    let out = '';
    for (const e of evs) {
      const v = e(s);
      if (isNullish(v)) return null;
      if (typeof v !== 'string') throw evalError(16702, `$concat only supports strings, not ${typeName(v)}`);
      out += v;
    }
    return out;
  };
};

function asciiCase(str: string, upper: boolean): string {
  return upper ? str.replace(/[a-z]+/g, (m) => m.toUpperCase()) : str.replace(/[A-Z]+/g, (m) => m.toLowerCase());
}

function caseOp(upper: boolean): OperatorParser {
  return (args, ctx, name) => {
    const [e] = fixedArity(name, args, ctx, 1) as [Evaluator];
    return (s) => asciiCase(coerceToString(e(s)), upper);
  };
}

const parseSubstrBytes: OperatorParser = (args, ctx, name) => {
  const [es, ei, el] = fixedArity(name, args, ctx, 3) as [Evaluator, Evaluator, Evaluator];
  return (s) => {
    const str = coerceToString(es(s));
    const iv = ei(s);
    const lv = el(s);
    if (!decodeNumber(iv)) throw evalError(16034, `$substrBytes:  starting index must be a numeric type (is BSON type ${typeName(iv)})`);
    if (!decodeNumber(lv)) throw evalError(16035, `$substrBytes:  length must be a numeric type (is BSON type ${typeName(lv)})`);
    const bytes = Buffer.from(str, 'utf8');
    const start = Math.trunc(toDouble(iv));
    if (start < 0) throw evalError(50752, `$substrBytes:  starting index must be non-negative (got: ${start})`);
    const lenD = Math.trunc(toDouble(lv));
    // A negative length means "the rest of the string".
    const end = lenD < 0 ? bytes.length : Math.min(bytes.length, start + lenD);
    const isContinuation = (b: number | undefined): boolean => b !== undefined && (b & 0xc0) === 0x80;
    if (start < bytes.length && isContinuation(bytes[start])) {
      throw evalError(28656, `$substrBytes:  Invalid range, starting index is a UTF-8 continuation byte.`);
    }
    if (end < bytes.length && isContinuation(bytes[end])) {
      throw evalError(28657, `$substrBytes:  Invalid range, ending index is in the middle of a UTF-8 character.`);
    }
    if (start >= bytes.length) return '';
    return bytes.subarray(start, end).toString('utf8');
  };
};

const parseSubstrCP: OperatorParser = (args, ctx, name) => {
  const [es, ei, el] = fixedArity(name, args, ctx, 3) as [Evaluator, Evaluator, Evaluator];
  return (s) => {
    const str = coerceToString(es(s));
    const iv = ei(s);
    const lv = el(s);
    if (!decodeNumber(iv)) throw evalError(34450, `$substrCP: starting index must be a numeric type (is BSON type ${typeName(iv)})`);
    const start = toInt32Exact(iv);
    if (start === undefined) {
      throw evalError(34451, `$substrCP: starting index cannot be represented as a 32-bit integral value: ${formatValue(iv)}`);
    }
    if (!decodeNumber(lv)) throw evalError(34452, `$substrCP: length must be a numeric type (is BSON type ${typeName(lv)})`);
    const len = toInt32Exact(lv);
    if (len === undefined) {
      throw evalError(34453, `$substrCP: length cannot be represented as a 32-bit integral value: ${formatValue(lv)}`);
    }
    if (len < 0) throw evalError(34454, '$substrCP: length must be a nonnegative integer.');
    if (start < 0) throw evalError(34455, '$substrCP: the starting index must be nonnegative integer.');
    return Array.from(str).slice(start, start + len).join('');
  };
};

function strLen(code: number, count: (s: string) => number): OperatorParser {
  return (args, ctx, name) => {
    const [e] = fixedArity(name, args, ctx, 1) as [Evaluator];
    return (s) => {
      const v = e(s);
      if (typeof v !== 'string') throw evalError(code, `${name} requires a string argument, found: ${typeName(v)}`);
      return new Int32(count(v));
    };
  };
}

function codePointLength(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

const parseSplit: OperatorParser = (args, ctx, name) => {
  const [es, ed] = fixedArity(name, args, ctx, 2) as [Evaluator, Evaluator];
  return (s) => {
    const str = es(s);
    const sep = ed(s);
    if (isNullish(str) || isNullish(sep)) return null;
    if (typeof str !== 'string') {
      throw evalError(40085, `$split requires an expression that evaluates to a string as a first argument, found: ${typeName(str)}`);
    }
    if (typeof sep !== 'string') {
      throw evalError(40086, `$split requires an expression that evaluates to a string as a second argument, found: ${typeName(sep)}`);
    }
    if (sep === '') throw evalError(40087, '$split requires a non-empty separator');
    return str.split(sep);
  };
};

/** The default characters `$trim` removes: NUL, ASCII whitespace and the Unicode spaces the server lists. */
const DEFAULT_TRIM = new Set(
  [0x00, 0x20, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0xa0, 0x1680]
    .concat(Array.from({ length: 11 }, (_, i) => 0x2000 + i))
    .map((c) => String.fromCodePoint(c)),
);

function trimOp(left: boolean, right: boolean): OperatorParser {
  return (args, ctx, name) => {
    if (!isPlainObject(args)) throw parseError(50696, `${name} only supports an object as an argument, found: ${typeName(args)}`);
    for (const k of Object.keys(args)) {
      if (k !== 'input' && k !== 'chars') throw parseError(50694, `${name} found an unknown argument: ${k}`);
    }
    if (args.input === undefined) throw parseError(50695, `${name} requires an 'input' field`);
    const ei = ctx.compile(args.input);
    const ec = args.chars === undefined ? undefined : ctx.compile(args.chars);
    return (s) => {
      const input = ei(s);
      if (isNullish(input)) return null;
      if (typeof input !== 'string') {
        throw evalError(50699, `${name} requires its input to be a string, got ${formatValue(input, 1)} (of type ${typeName(input)}) instead.`);
      }
      let set = DEFAULT_TRIM;
      if (ec) {
        const chars = ec(s);
        if (isNullish(chars)) return null;
        if (typeof chars !== 'string') {
          throw evalError(50700, `${name} requires 'chars' to be a string, got ${formatValue(chars, 1)} (of type ${typeName(chars)}) instead.`);
        }
        set = new Set(Array.from(chars));
      }
      const cps = Array.from(input);
      let a = 0;
      let b = cps.length;
      if (left) while (a < b && set.has(cps[a]!)) a++;
      if (right) while (b > a && set.has(cps[b - 1]!)) b--;
      return cps.slice(a, b).join('');
    };
  };
}

function indexOfOp(bytes: boolean): OperatorParser {
  return (args, ctx, name) => {
    const [es, et, eStart, eEnd] = rangeArity(name, args, ctx, 2, 4) as [Evaluator, Evaluator, Evaluator?, Evaluator?];
    return (s) => {
      const str = es(s);
      if (isNullish(str)) return null;
      if (typeof str !== 'string') throw evalError(bytes ? 40091 : 40093, `${name} requires a string as the first argument, found: ${typeName(str)}`);
      const token = et(s);
      if (typeof token !== 'string') throw evalError(bytes ? 40092 : 40094, `${name} requires a string as the second argument, found: ${typeName(token)}`);
      const units: string[] | Buffer = bytes ? Buffer.from(str, 'utf8') : Array.from(str);
      const length = units.length;
      const bound = (ev: Evaluator | undefined, which: string, dflt: number): number => {
        if (!ev) return dflt;
        const v = ev(s);
        const n = toInt32Exact(v);
        if (n === undefined) {
          throw evalError(40096, `${name} requires an integral ${which} index, found a value of type: ${typeName(v)}, with value: ${formatValue(v, 1)}`);
        }
        if (n < 0) throw evalError(40097, `${name} requires a nonnegative ${which} index, found: ${n}`);
        return n;
      };
      const start = bound(eStart, 'starting', 0);
      const end = Math.min(bound(eEnd, 'ending', length), length);
      if (start > length || start > end) return new Int32(-1);
      if (bytes) {
        const buf = units as Buffer;
        const needle = Buffer.from(token, 'utf8');
        const i = buf.subarray(0, end).indexOf(needle, start);
        return new Int32(i);
      }
      const cps = units as string[];
      const needle = Array.from(token);
      for (let i = start; i + needle.length <= end; i++) {
        let ok = true;
        for (let j = 0; j < needle.length; j++) {
          if (cps[i + j] !== needle[j]) {
            ok = false;
            break;
          }
        }
        if (ok) return new Int32(i);
      }
      return new Int32(-1);
    };
  };
}

const parseStrcasecmp: OperatorParser = (args, ctx, name) => {
  const [ea, eb] = fixedArity(name, args, ctx, 2) as [Evaluator, Evaluator];
  return (s) => {
    const a = asciiCase(coerceToString(ea(s)), true);
    const b = asciiCase(coerceToString(eb(s)), true);
    const ba = Buffer.from(a, 'utf8');
    const bb = Buffer.from(b, 'utf8');
    const c = Buffer.compare(ba, bb);
    return new Int32(c < 0 ? -1 : c > 0 ? 1 : 0);
  };
};

function replaceOp(all: boolean): OperatorParser {
  return (args, ctx, name) => {
    if (!isPlainObject(args)) throw parseError(51751, `${name} requires an object as an argument, found: ${typeName(args)}`);
    for (const k of Object.keys(args)) {
      if (k !== 'input' && k !== 'find' && k !== 'replacement') throw parseError(51750, `${name} found an unknown argument: ${k}`);
    }
    if (args.input === undefined) throw parseError(51749, `${name} requires 'input' to be specified`);
    if (args.find === undefined) throw parseError(51748, `${name} requires 'find' to be specified`);
    if (args.replacement === undefined) throw parseError(51747, `${name} requires 'replacement' to be specified`);
    const parts: [string, Evaluator, number][] = [
      ['input', ctx.compile(args.input), 51746],
      ['find', ctx.compile(args.find), 51745],
      ['replacement', ctx.compile(args.replacement), 51744],
    ];
    return (s) => {
      const vals: string[] = [];
      let sawNull = false;
      for (const [field, e, code] of parts) {
        const v = e(s);
        if (isNullish(v)) {
          sawNull = true;
          continue;
        }
        if (typeof v !== 'string') throw evalError(code, `${name} requires that '${field}' be a string, found: ${formatValue(v, 1)}`);
        vals.push(v);
      }
      if (sawNull) return null;
      const [input, find, rep] = vals as [string, string, string];
      if (!all) {
        const i = input.indexOf(find);
        return i < 0 ? input : input.slice(0, i) + rep + input.slice(i + find.length);
      }
      if (find === '') return input === '' ? rep : rep + Array.from(input).join(rep) + rep;
      return input.split(find).join(rep);
    };
  };
}

/** The string operator family. */
export const stringOperators: OperatorTable = {
  $concat: parseConcat,
  $toUpper: caseOp(true),
  $toLower: caseOp(false),
  $substr: parseSubstrBytes,
  $substrBytes: parseSubstrBytes,
  $substrCP: parseSubstrCP,
  $strLenCP: strLen(34471, codePointLength),
  $strLenBytes: strLen(34473, (s) => Buffer.byteLength(s, 'utf8')),
  $split: parseSplit,
  $trim: trimOp(true, true),
  $ltrim: trimOp(true, false),
  $rtrim: trimOp(false, true),
  $indexOfCP: indexOfOp(false),
  $indexOfBytes: indexOfOp(true),
  $strcasecmp: parseStrcasecmp,
  $replaceOne: replaceOp(false),
  $replaceAll: replaceOp(true),
};
