/**
 * `$regex`: MongoDB's PCRE regular expressions run on JavaScript's engine.
 *
 * The translation covers what differs in practice: the `x` (extended) flag,
 * `\A`, `\z`, `\Z`, PCRE's `$` (which also matches before a final newline),
 * `\Q...\E` quoting, `(?P<name>...)` groups, leading inline flags such as
 * `(?i)`, and possessive quantifiers and atomic groups (approximated by their
 * backtracking forms). Patterns are compiled with the `u` flag when they allow
 * it, so that `.` matches a whole code point as PCRE's UTF-8 mode does.
 */
import { BadQueryError } from '../errors.js';
import { bsonTypeOf, type BSONRegExp, type BSONSymbol } from '../values/bson-type.js';
import type { ValueTest } from './types.js';

const VALID_FLAGS = new Set(['i', 'm', 's', 'x', 'u']);

// POSIX bracket expressions ([[:alpha:]]) as JS class members (ASCII, as in PCRE).
const POSIX_CLASSES: ReadonlyMap<string, string> = new Map(Object.entries({
  alpha: 'a-zA-Z',
  digit: '0-9',
  alnum: 'a-zA-Z0-9',
  upper: 'A-Z',
  lower: 'a-z',
  space: '\\t\\n\\v\\f\\r ',
  blank: ' \\t',
  punct: '!-\\/:-@\\[-`{-~',
  xdigit: '0-9A-Fa-f',
  word: '\\w',
  cntrl: '\\x00-\\x1f\\x7f',
  print: ' -~',
  graph: '!-~',
}));

/** A regex operand: its source text and option letters, as MongoDB stores them. */
export interface RegexSpec {
  pattern: string;
  options: string;
}

/** True for a BSON regular expression value (`BSONRegExp` or a JS `RegExp`). */
export function isRegexValue(v: unknown): v is BSONRegExp | RegExp {
  return v instanceof RegExp || (v !== null && typeof v === 'object' && (v as { _bsontype?: string })._bsontype === 'BSONRegExp');
}

/** Pattern and options of a regex value; a JS RegExp's stateful flags are dropped. */
export function regexSpecOf(v: BSONRegExp | RegExp): RegexSpec {
  if (v instanceof RegExp) return { pattern: v.source, options: v.flags.replace(/[gyd]/g, '') };
  return { pattern: v.pattern, options: v.options };
}

/** Compiles a PCRE pattern with MongoDB options into a JS RegExp, or throws MongoDB's errors. */
export function compileRegex(pattern: string, options: string): RegExp {
  if (pattern.includes('\0')) throw new BadQueryError(2, 'Regular expression cannot contain an embedded null byte');
  const flags = new Set<string>();
  for (const f of options) {
    if (!VALID_FLAGS.has(f)) throw new BadQueryError(51108, `invalid flag in regex options: ${f}`);
    flags.add(f);
  }
  let source = pattern;
  // Leading inline option groups such as (?i) or (?ms) apply to the whole pattern.
  for (let m = /^\(\?([imsx]+)\)/.exec(source); m; m = /^\(\?([imsx]+)\)/.exec(source)) {
    for (const f of m[1]!) flags.add(f);
    source = source.slice(m[0].length);
  }
  source = translate(source, flags.has('x'), flags.has('m'));
  const base = [...flags].filter((f) => f !== 'x' && f !== 'u').join('');
  try {
    return new RegExp(source, `${base}u`);
  } catch {
    // Patterns with PCRE's lenient escapes (e.g. `\_`) are invalid in unicode mode.
    try {
      return new RegExp(source, base);
    } catch (e) {
      throw new BadQueryError(51091, `Regular expression is invalid: ${(e as Error).message}`);
    }
  }
}

// Rewrites PCRE-only syntax into its JS equivalent in one left-to-right pass.
function translate(src: string, extended: boolean, multiline: boolean): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < src.length; i++) {
    const c = src[i]!;
    if (c === '\\') {
      const n = src[i + 1];
      if (n === undefined) {
        out += c;
        continue;
      }
      i++;
      if (inClass) {
        out += c + n;
        continue;
      }
      switch (n) {
        case 'A':
          out += '(?<![\\s\\S])';
          break;
        case 'z':
          out += '(?![\\s\\S])';
          break;
        case 'Z':
          out += '(?=\\n?(?![\\s\\S]))';
          break;
        case 'Q': {
          const end = src.indexOf('\\E', i + 1);
          const literal = end < 0 ? src.slice(i + 1) : src.slice(i + 1, end);
          out += literal.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
          i = end < 0 ? src.length : end + 1;
          break;
        }
        case 'E':
          break;
        default:
          out += c + n;
      }
      continue;
    }
    if (inClass) {
      const posix = c === '[' ? /^\[:(\w+):\]/.exec(src.slice(i)) : null;
      const members = posix ? POSIX_CLASSES.get(posix[1]!) : undefined;
      if (posix && members !== undefined) {
        out += members;
        i += posix[0].length - 1;
        continue;
      }
      if (c === ']') inClass = false;
      out += c;
      continue;
    }
    if (c === '[') {
      inClass = true;
      out += c;
      // A ']' right after '[' or '[^' is a literal member in PCRE.
      if (src[i + 1] === '^') {
        out += '^';
        i++;
      }
      if (src[i + 1] === ']') {
        out += '\\]';
        i++;
      }
      continue;
    }
    if (extended && /\s/.test(c)) continue;
    if (extended && c === '#') {
      while (i < src.length && src[i] !== '\n') i++;
      continue;
    }
    if (c === '$' && !multiline) {
      out += '(?=\\n?(?![\\s\\S]))';
      continue;
    }
    if (c === '(' && src[i + 1] === '?') {
      const rest = src.slice(i + 2);
      if (rest.startsWith('P<')) {
        out += '(?<';
        i += 3;
        continue;
      }
      const backref = /^P=(\w+)\)/.exec(rest);
      if (backref) {
        out += `\\k<${backref[1]}>`;
        i += 1 + backref[0].length;
        continue;
      }
      if (rest.startsWith('>')) {
        out += '(?:';
        i += 2;
        continue;
      }
    }
    if (c === '+' && i > 0 && /[*+?}]/.test(src[i - 1]!) && src[i - 2] !== '\\') continue;
    out += c;
  }
  return out;
}

function stringOf(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (v !== null && typeof v === 'object' && bsonTypeOf(v) === 'symbol') return (v as BSONSymbol).value;
  return undefined;
}

/**
 * Builds the `$regex` test: strings and symbols must match the pattern, and
 * a stored regex matches only when its pattern and options are identical.
 */
export function regexTest(spec: RegexSpec): ValueTest {
  const re = compileRegex(spec.pattern, spec.options);
  return (v) => {
    const s = stringOf(v);
    if (s !== undefined) return re.test(s);
    if (isRegexValue(v)) {
      const other = regexSpecOf(v);
      return other.pattern === spec.pattern && other.options === spec.options;
    }
    return false;
  };
}
