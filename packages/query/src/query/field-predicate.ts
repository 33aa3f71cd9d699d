/**
 * Field-level predicates: `{path: value}`, `{path: /re/}` and operator
 * documents such as `{path: {$gt: 1, $lt: 5}}`.
 */
import { BadQueryError } from '../errors.js';
import { splitPath } from '../path/field-path.js';
import { WALK_MODES } from '../path/traverse.js';
import { isPlainObject, type Document } from '../values/bson-type.js';
import { isDocumentLike } from '../values/compare.js';
import { COMPARISON_OPS, comparisonTest, inTest } from './comparison.js';
import { andNode, leafNode, NEVER_NODE, notNode } from './nodes.js';
import { BIT_OPS, bitTest, modTest, parseSize } from './numeric-operators.js';
import { isPathlessOperator, parseFilterDocument } from './parse-filter.js';
import { isRegexValue, regexSpecOf, regexTest, type RegexSpec } from './regex.js';
import { parseTypeSet, typeTest } from './type-set.js';
import type { DocMatcher, FilterContext, OperatorNode, ValueTest } from './types.js';

/** Operators accepted after a field path (MongoDB's path-accepting keywords). */
const FIELD_OPERATORS: ReadonlySet<string> = new Set([
  '$eq', '$ne', '$gt', '$gte', '$lt', '$lte', '$in', '$nin', '$not', '$exists', '$type', '$mod',
  '$regex', '$options', '$size', '$all', '$elemMatch', '$bitsAllSet', '$bitsAnySet', '$bitsAllClear',
  '$bitsAnyClear', '$near', '$nearSphere', '$geoWithin', '$within', '$geoIntersects',
]);

const GEO_OPERATORS: ReadonlySet<string> = new Set(['$near', '$nearSphere', '$geoWithin', '$within', '$geoIntersects']);

/** Undefined operands are read as null, as the driver serializes them by default. */
function operandOf(v: unknown): unknown {
  return v === undefined ? null : v;
}

function firstKey(doc: Document): string | undefined {
  for (const k in doc) if (Object.prototype.hasOwnProperty.call(doc, k)) return k;
  return undefined;
}

/** True for `{$ref, $id}` documents (or, when incomplete ones are allowed, any of `$ref`/`$id`/`$db`). */
function isDBRefDocument(doc: Document, allowIncomplete: boolean): boolean {
  const hasRef = '$ref' in doc;
  const hasId = '$id' in doc;
  return allowIncomplete ? hasRef || hasId || '$db' in doc : hasRef && hasId;
}

/**
 * True when a value is an operator document: a non-empty embedded document
 * whose first field starts with `$` and that is not a DBRef.
 */
export function isOperatorDocument(v: unknown, allowIncompleteDBRef = false): v is Document {
  if (!isPlainObject(v)) return false;
  const k = firstKey(v);
  return k !== undefined && k.startsWith('$') && !isDBRefDocument(v, allowIncompleteDBRef);
}

/** Compiles `{path: value}` into a document matcher. */
export function parseFieldPredicate(path: string, value: unknown, ctx: FilterContext): DocMatcher {
  return fieldNode(path, operandOf(value), ctx).atPath(splitPath(path));
}

function fieldNode(path: string, value: unknown, ctx: FilterContext): OperatorNode {
  if (isOperatorDocument(value)) return parseOperatorDocument(path, value, ctx);
  if (isRegexValue(value)) return leafNode(regexTest(regexSpecOf(value)));
  return leafNode(comparisonTest('eq', value, ctx.collator));
}

/** Compiles every operator of `{$op: operand, ...}` into one node. */
export function parseOperatorDocument(path: string, doc: Document, ctx: FilterContext): OperatorNode {
  const nodes: OperatorNode[] = [];
  for (const op of Object.keys(doc)) {
    const node = parseOperator(path, op, operandOf(doc[op]), doc, ctx);
    if (node) nodes.push(node);
  }
  return andNode(nodes);
}

function parseOperator(path: string, op: string, operand: unknown, context: Document, ctx: FilterContext): OperatorNode | null {
  const collator = ctx.collator;
  switch (op) {
    case '$eq':
      return leafNode(comparisonTest('eq', operand, collator));
    case '$lt':
    case '$lte':
    case '$gt':
    case '$gte':
      if (isRegexValue(operand)) throw new BadQueryError(2, `Can't have RegEx as arg to predicate over field '${path}'.`);
      return leafNode(comparisonTest(COMPARISON_OPS[op], operand, collator));
    case '$ne':
      if (isRegexValue(operand)) throw new BadQueryError(2, "Can't have regex as arg to $ne.");
      return notNode(leafNode(comparisonTest('eq', operand, collator)));
    case '$in':
      if (!Array.isArray(operand)) throw new BadQueryError(2, '$in needs an array');
      return leafNode(parseIn(operand, ctx));
    case '$nin':
      if (!Array.isArray(operand)) throw new BadQueryError(2, '$nin needs an array');
      return notNode(leafNode(parseIn(operand, ctx)));
    case '$exists': {
      const exists = leafNode((v) => v !== undefined);
      return trueValue(operand) ? exists : notNode(exists);
    }
    case '$type':
      return leafNode(typeTest(parseTypeSet(path, operand)));
    case '$mod':
      return leafNode(modTest(operand));
    case '$regex':
      return leafNode(regexTest(parseRegexDocument(context)));
    case '$options':
      if ('$regex' in context) return null;
      throw new BadQueryError(2, '$options needs a $regex');
    case '$size': {
      const n = parseSize(operand);
      return leafNode((v) => Array.isArray(v) && v.length === n, WALK_MODES.queryArrays);
    }
    case '$elemMatch':
      return parseElemMatch(path, operand, ctx);
    case '$all':
      return parseAll(path, operand, ctx);
    case '$not':
      return notNode(parseNot(path, operand, ctx));
    case '$bitsAllSet':
    case '$bitsAnySet':
    case '$bitsAllClear':
    case '$bitsAnyClear':
      return leafNode(bitTest(op as keyof typeof BIT_OPS, operand));
    case '$where':
      throw new BadQueryError(2, '$where cannot be applied to a field');
    default:
      if (GEO_OPERATORS.has(op)) {
        throw new BadQueryError(2, `geospatial operator ${op} on field '${path}' is not supported by Argon`);
      }
      throw new BadQueryError(2, `unknown operator: ${op}`);
  }
}

/** BSON truthiness of an operand (`$exists: 0` is false, `$exists: "no"` is true). */
function trueValue(v: unknown): boolean {
  if (v === null || v === undefined || v === false) return false;
  if (typeof v === 'number') return v !== 0;
  if (typeof v === 'bigint') return v !== 0n;
  if (typeof v === 'object') {
    const tag = (v as { _bsontype?: string })._bsontype;
    if (tag === 'Int32' || tag === 'Double') return (v as { value: number }).value !== 0;
    if (tag === 'Long') return !(v as { isZero(): boolean }).isZero();
    if (tag === 'Decimal128') return !/^[-+]?0*(\.0*)?(E[-+]?\d+)?$/i.test(String(v));
  }
  return true;
}

function parseIn(values: readonly unknown[], ctx: FilterContext): ValueTest {
  const equalities: unknown[] = [];
  const regexes: ValueTest[] = [];
  for (const raw of values) {
    const v = operandOf(raw);
    if (isOperatorDocument(v)) throw new BadQueryError(2, 'cannot nest $ under $in');
    if (isRegexValue(v)) regexes.push(regexTest(regexSpecOf(v)));
    else equalities.push(v);
  }
  return inTest(equalities, regexes, ctx.collator);
}

/** Reads `$regex` and `$options` from the operator document that holds them. */
function parseRegexDocument(doc: Document): RegexSpec {
  let pattern = '';
  let options = '';
  for (const k of Object.keys(doc)) {
    const v = doc[k];
    if (k === '$regex') {
      if (typeof v === 'string') {
        pattern = v;
      } else if (isRegexValue(v)) {
        const spec = regexSpecOf(v);
        pattern = spec.pattern;
        if (spec.options !== '') {
          if (options !== '') throw new BadQueryError(51074, 'options set in both $regex and $options');
          options = spec.options;
        }
      } else {
        throw new BadQueryError(2, '$regex has to be a string');
      }
    } else if (k === '$options') {
      if (typeof v !== 'string') throw new BadQueryError(2, '$options has to be a string');
      if (options !== '') throw new BadQueryError(51075, 'options set in both $regex and $options');
      options = v;
    }
  }
  return { pattern, options };
}

function parseNot(path: string, operand: unknown, ctx: FilterContext): OperatorNode {
  if (isRegexValue(operand)) return leafNode(regexTest(regexSpecOf(operand)));
  if (!isPlainObject(operand)) throw new BadQueryError(2, '$not needs a regex or a document');
  if (firstKey(operand) === undefined) throw new BadQueryError(2, '$not cannot be empty');
  return parseOperatorDocument(path, operand, ctx);
}

function parseElemMatch(path: string, operand: unknown, ctx: FilterContext): OperatorNode {
  if (!isPlainObject(operand)) throw new BadQueryError(2, '$elemMatch needs an Object');
  const first = firstKey(operand);
  if (isOperatorDocument(operand, true) && first !== undefined && !isPathlessOperator(first)) {
    // Value form: every operator applies to the array element itself.
    const node = parseOperatorDocument(path, operand, ctx);
    return leafNode((v, details) => {
      if (!Array.isArray(v)) return false;
      for (let k = 0; k < v.length; k++) {
        if (node.single(v[k], undefined)) {
          if (details) details.arrayIndex = k;
          return true;
        }
      }
      return false;
    }, WALK_MODES.queryArrays);
  }
  // Object form: a whole filter applied to each element that is a document or an array.
  const sub = parseFilterDocument(operand, 'sub', ctx);
  return leafNode((v, details) => {
    if (!Array.isArray(v)) return false;
    for (let k = 0; k < v.length; k++) {
      const elt: unknown = v[k];
      if ((isDocumentLike(elt) || Array.isArray(elt)) && sub(elt as Document, undefined)) {
        if (details) details.arrayIndex = k;
        return true;
      }
    }
    return false;
  }, WALK_MODES.queryArrays);
}

function parseAll(path: string, operand: unknown, ctx: FilterContext): OperatorNode {
  if (!Array.isArray(operand)) throw new BadQueryError(2, '$all needs an array');
  if (operand.length === 0) return NEVER_NODE;
  const head: unknown = operand[0];
  if (isPlainObject(head) && firstKey(head) === '$elemMatch') {
    return andNode(
      operand.map((e: unknown) => {
        if (!isPlainObject(e) || firstKey(e) !== '$elemMatch') {
          throw new BadQueryError(2, '$all/$elemMatch has to be consistent');
        }
        return parseElemMatch(path, e.$elemMatch, ctx);
      }),
    );
  }
  return andNode(
    operand.map((raw: unknown) => {
      const e = operandOf(raw);
      if (isRegexValue(e)) return leafNode(regexTest(regexSpecOf(e)));
      if (isPlainObject(e)) {
        const k = firstKey(e);
        if (k !== undefined && FIELD_OPERATORS.has(k)) throw new BadQueryError(2, 'no $ expressions in $all');
      }
      return leafNode(comparisonTest('eq', e, ctx.collator));
    }),
  );
}
