/**
 * `$regexMatch`, `$regexFind` and `$regexFindAll`. Patterns use the same
 * PCRE-to-JavaScript translation as the `$regex` query operator; match
 * positions are reported in code points.
 */
import { Int32 } from 'bson';
import { isPlainObject } from '../../values/index.js';
import { compileRegex, isRegexValue, regexSpecOf } from '../../query/regex.js';
import { isNullish } from '../args.js';
import { constantOf } from '../constant.js';
import { evalError, parseError, typeName } from '../failures.js';
import type { Evaluator, OperatorParser, OperatorTable, Scope } from '../types.js';

interface RegexArgs {
  input: Evaluator;
  regex: Evaluator;
  options: Evaluator | undefined;
}

function parseRegexArgs(name: string, args: unknown, compile: (e: unknown) => Evaluator): RegexArgs {
  if (!isPlainObject(args)) throw parseError(51103, `${name} expects an object of named arguments but found: ${typeName(args)}`);
  for (const k of Object.keys(args)) {
    if (k !== 'input' && k !== 'regex' && k !== 'options') throw parseError(31024, `${name} found an unknown argument: ${k}`);
  }
  if (args.input === undefined) throw parseError(31022, `${name} requires 'input' parameter`);
  if (args.regex === undefined) throw parseError(31023, `${name} requires 'regex' parameter`);
  return {
    input: compile(args.input),
    regex: compile(args.regex),
    options: args.options === undefined ? undefined : compile(args.options),
  };
}

/** Resolves the regex for one evaluation; `null` when input or regex is null/missing. */
function resolve(name: string, a: RegexArgs, s: Scope, cache: Map<string, RegExp>): { input: string; re: RegExp } | null {
  const input = a.input(s);
  const regex = a.regex(s);
  const options = a.options ? a.options(s) : undefined;
  if (!isNullish(input) && typeof input !== 'string') {
    throw evalError(51104, `${name} needs 'input' to be of type string`);
  }
  if (!isNullish(options) && typeof options !== 'string') {
    throw evalError(51106, `${name} needs 'options' to be of type string`);
  }
  let pattern: string;
  let flags = typeof options === 'string' ? options : '';
  if (isNullish(regex)) return null;
  if (typeof regex === 'string') {
    pattern = regex;
  } else if (isRegexValue(regex)) {
    const spec = regexSpecOf(regex);
    pattern = spec.pattern;
    if (spec.options !== '' && flags !== '') {
      throw evalError(51107, `${name}: found regex option(s) specified in both 'regex' and 'option' fields`);
    }
    if (spec.options !== '') flags = spec.options;
  } else {
    throw evalError(51105, `${name} needs 'regex' to be of type string or regex`);
  }
  if (isNullish(input)) return null;
  const key = `${flags}/${pattern}`;
  let re = cache.get(key);
  if (!re) {
    re = compileChecked(name, pattern, flags);
    re = new RegExp(re.source, `${re.flags.replace('g', '')}g`);
    if (cache.size > 64) cache.clear();
    cache.set(key, re);
  }
  return { input, re };
}

/** Compiles a pattern; invalid patterns report code 51111 as `$regexMatch` & co. do. */
function compileChecked(name: string, pattern: string, flags: string): RegExp {
  if (pattern.includes('\0')) throw evalError(51109, `${name}: regular expression cannot contain an embedded null byte`);
  try {
    return compileRegex(pattern, flags);
  } catch (e) {
    if ((e as { code?: number }).code === 51091) throw evalError(51111, `Invalid Regex in ${name}: ${(e as Error).message}`);
    throw e;
  }
}

function codePointIndex(s: string, utf16Index: number): number {
  let n = 0;
  for (let i = 0; i < utf16Index; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) i++;
    n++;
  }
  return n;
}

function matchDocument(input: string, m: RegExpExecArray): Record<string, unknown> {
  return {
    match: m[0],
    idx: new Int32(codePointIndex(input, m.index)),
    captures: m.slice(1).map((c) => c ?? null),
  };
}

function regexOp(kind: 'match' | 'find' | 'findAll'): OperatorParser {
  return (args, ctx, name) => {
    const a = parseRegexArgs(name, args, (e) => ctx.compile(e));
    // A constant pattern is validated at parse time, as the server does.
    const rc = constantOf(a.regex);
    if (rc && typeof rc.value === 'string') {
      const oc = a.options ? constantOf(a.options) : { value: '' };
      if (oc && (typeof oc.value === 'string' || oc.value === undefined)) compileChecked(name, rc.value, (oc.value as string) ?? '');
    }
    const cache = new Map<string, RegExp>();
    return (s) => {
      const r = resolve(name, a, s, cache);
      if (!r) return kind === 'match' ? false : kind === 'find' ? null : [];
      const { input, re } = r;
      re.lastIndex = 0;
      if (kind === 'match') return re.test(input);
      if (kind === 'find') {
        const m = re.exec(input);
        return m ? matchDocument(input, m) : null;
      }
      const out: Record<string, unknown>[] = [];
      for (let m = re.exec(input); m; m = re.exec(input)) {
        out.push(matchDocument(input, m));
        if (m[0] === '') {
          // Step past an empty match by one code point.
          const c = input.codePointAt(re.lastIndex);
          re.lastIndex += c !== undefined && c > 0xffff ? 2 : 1;
          if (re.lastIndex > input.length) break;
        }
      }
      return out;
    };
  };
}

/** The regular-expression operator family. */
export const regexOperators: OperatorTable = {
  $regexMatch: regexOp('match'),
  $regexFind: regexOp('find'),
  $regexFindAll: regexOp('findAll'),
};
