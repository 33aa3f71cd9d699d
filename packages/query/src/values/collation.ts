/**
 * Collations: locale-aware string comparison for queries, sorts and grouping,
 * implemented with `Intl.Collator` (ICU, as in mongod).
 *
 * A collation only changes how strings compare (also strings nested in
 * embedded documents and arrays); field names, regexes and every other type
 * keep MongoDB's binary order. The `simple` locale is binary comparison,
 * which is represented by the absence of a collator.
 */
import { BadQueryError } from '../errors.js';
import { isPlainObject, type Document } from './bson-type.js';
import { valueKey } from './id-key.js';

/** A compiled collation. */
export interface Collator {
  /** The full specification, with defaults filled in, as mongod reports it. */
  readonly spec: Readonly<Document>;
  /** Compares two strings under the collation: negative, zero or positive. */
  compare(a: string, b: string): number;
}

/** The fields of a collation document (MongoDB's `Collation` IDL struct). */
const FIELDS: ReadonlySet<string> = new Set([
  'locale', 'caseLevel', 'caseFirst', 'strength', 'numericOrdering', 'alternate', 'maxVariable', 'normalization', 'backwards', 'version',
]);

/** ICU's version as mongod 7.0 reports it in collation specs. */
const ICU_VERSION = '57.1';

/** ICU `@collation=` keywords and their BCP 47 `-u-co-` spellings. */
const COLLATION_KEYWORDS: Readonly<Record<string, string>> = Object.freeze({
  phonebook: 'phonebk', traditional: 'trad', dictionary: 'dict', gb2312han: 'gb2312', big5han: 'big5han', pinyin: 'pinyin',
  stroke: 'stroke', unihan: 'unihan', zhuyin: 'zhuyin', reformed: 'reformed', search: 'search', searchjl: 'searchjl',
  standard: 'standard', eor: 'eor', emoji: 'emoji', compat: 'compat',
});

const cache = new Map<string, Collator>();

function invalid(message: string, code = 9): BadQueryError {
  return new BadQueryError(code, message);
}

function formatSpec(spec: Document): string {
  return `{ ${Object.entries(spec).map(([k, v]) => `${k}: ${JSON.stringify(v)}`).join(', ')} }`;
}

function numberField(spec: Document, field: string): number | undefined {
  const v = spec[field];
  if (v === undefined) return undefined;
  if (typeof v === 'number') return v;
  const tag = (v as { _bsontype?: string } | null)?._bsontype;
  if (tag === 'Int32' || tag === 'Double') return (v as { value: number }).value;
  if (tag === 'Long') return Number(String(v));
  throw invalid(`BSON field 'collation.${field}' is the wrong type, expected a number`, 14);
}

function boolField(spec: Document, field: string): boolean | undefined {
  const v = spec[field];
  if (v === undefined) return undefined;
  if (typeof v !== 'boolean') throw invalid(`BSON field 'collation.${field}' is the wrong type, expected type 'bool'`, 14);
  return v;
}

function enumField(spec: Document, field: string, allowed: readonly string[]): string | undefined {
  const v = spec[field];
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || !allowed.includes(v)) {
    throw invalid(`Field '${field}' must be one of ${allowed.map((a) => `'${a}'`).join(', ')}. Got: ${JSON.stringify(v)}`, 2);
  }
  return v;
}

/** Translates an ICU locale id (`en_US`, `de@collation=phonebook`) into a BCP 47 tag. */
function bcp47(locale: string): string | undefined {
  const [base = '', keywords = ''] = locale.split('@', 2);
  let tag = base === 'root' ? 'und' : base.replace(/_/g, '-');
  const m = /(?:^|;)collation=([a-z0-9]+)/i.exec(keywords);
  if (m) {
    const co = COLLATION_KEYWORDS[m[1]!.toLowerCase()];
    if (co === undefined) return undefined;
    tag += `-u-co-${co}`;
  }
  try {
    const [canonical] = Intl.getCanonicalLocales(tag);
    if (canonical === undefined) return undefined;
    if (tag !== 'und' && Intl.Collator.supportedLocalesOf(canonical).length === 0) return undefined;
    return canonical;
  } catch {
    return undefined;
  }
}

/**
 * Compiles a collation document (`{locale: 'en_US', strength: 2}`) into a
 * collator, or returns `undefined` for binary comparison (no document, an
 * empty one, or `locale: 'simple'`). Invalid documents throw `BadQueryError`
 * with mongod's codes (40414 missing locale, 40415 unknown field, 2 bad
 * locale or option value).
 *
 * Strength 1 compares base letters only, 2 also accents, 3 (the default)
 * also case; `caseLevel` adds case to strength 1 or 2; `numericOrdering`
 * compares digit runs as numbers; `alternate: 'shifted'` ignores
 * punctuation and spaces.
 *
 * @example
 * compileCollation({ locale: 'en', strength: 2 })!.compare('ping', 'PING'); // 0
 */
export function compileCollation(spec: unknown): Collator | undefined {
  if (spec === undefined || spec === null) return undefined;
  if (isCollator(spec)) return spec;
  if (!isPlainObject(spec)) throw invalid(`BSON field 'collation' is the wrong type, expected type 'object'`, 14);
  for (const k of Object.keys(spec)) {
    if (!FIELDS.has(k)) throw new BadQueryError(40415, `BSON field 'collation.${k}' is an unknown field.`);
  }
  const locale = spec.locale;
  if (locale === undefined) throw new BadQueryError(40414, `BSON field 'collation.locale' is missing but a required field`);
  if (typeof locale !== 'string') throw invalid(`BSON field 'collation.locale' is the wrong type, expected type 'string'`, 14);
  if (locale === 'simple') {
    if (Object.keys(spec).length > 1) throw invalid(`If locale is 'simple', no other collation fields may be specified: ${formatSpec(spec)}`, 2);
    return undefined;
  }
  const tag = bcp47(locale);
  if (tag === undefined) throw invalid(`Field 'locale' is invalid in: ${formatSpec(spec)}`, 2);
  const strength = numberField(spec, 'strength') ?? 3;
  if (!Number.isInteger(strength) || strength < 1 || strength > 5) {
    throw invalid(`Field 'strength' must be an integer 1 through 5. Got: ${strength}`, 2);
  }
  const caseLevel = boolField(spec, 'caseLevel') ?? false;
  const caseFirst = enumField(spec, 'caseFirst', ['upper', 'lower', 'off']) ?? 'off';
  const numericOrdering = boolField(spec, 'numericOrdering') ?? false;
  const alternate = enumField(spec, 'alternate', ['non-ignorable', 'shifted']) ?? 'non-ignorable';
  const maxVariable = enumField(spec, 'maxVariable', ['punct', 'space']) ?? 'punct';
  const normalization = boolField(spec, 'normalization') ?? false;
  const backwards = boolField(spec, 'backwards') ?? false;
  const full: Document = { locale, caseLevel, caseFirst, strength, numericOrdering, alternate, maxVariable, normalization, backwards, version: ICU_VERSION };
  const cacheKey = JSON.stringify([tag, full]);
  const cached = cache.get(cacheKey);
  if (cached) return cached;
  const sensitivity: Intl.CollatorOptions['sensitivity'] =
    strength === 1 ? (caseLevel ? 'case' : 'base') : strength === 2 ? (caseLevel ? 'variant' : 'accent') : 'variant';
  const intl = new Intl.Collator(tag, {
    usage: 'sort',
    sensitivity,
    numeric: numericOrdering,
    caseFirst: caseFirst === 'off' ? 'false' : (caseFirst as 'upper' | 'lower'),
    ignorePunctuation: alternate === 'shifted',
  });
  const compareIntl = intl.compare;
  const collator: Collator = Object.freeze({
    spec: Object.freeze(full),
    compare: (a: string, b: string) => (a === b ? 0 : compareIntl(a, b)),
  });
  cache.set(cacheKey, collator);
  return collator;
}

/** True for an already compiled collator. */
export function isCollator(v: unknown): v is Collator {
  return typeof v === 'object' && v !== null && typeof (v as Collator).compare === 'function' && isPlainObject((v as Collator).spec);
}

/**
 * Equality keys under a collation, for grouping and de-duplication
 * (`distinct`, `$group`, `$addToSet`): two values get the same key exactly
 * when they are equal under the collation. Without a collator this is
 * `valueKey`. With one, each string is replaced by the first string seen that
 * is equal to it under the collation (found by binary search), so a key
 * costs O(log n) collator comparisons per string.
 */
export class CollationKeys {
  private readonly representatives: string[] = [];

  constructor(private readonly collator: Collator | undefined) {}

  /** The equality key of a value. */
  key(v: unknown): string {
    return valueKey(this.collator ? this.canonical(v) : v);
  }

  private canonical(v: unknown): unknown {
    if (typeof v === 'string') return this.representative(v);
    if (Array.isArray(v)) return v.map((e) => this.canonical(e));
    if (isPlainObject(v)) {
      const out: Document = {};
      for (const [k, e] of Object.entries(v)) out[k] = this.canonical(e);
      return out;
    }
    return v;
  }

  private representative(s: string): string {
    const reps = this.representatives;
    const compare = this.collator!.compare;
    let lo = 0;
    let hi = reps.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const c = compare(reps[mid]!, s);
      if (c === 0) return reps[mid]!;
      if (c < 0) lo = mid + 1;
      else hi = mid;
    }
    reps.splice(lo, 0, s);
    return s;
  }
}
