/**
 * Operator-style updates (`{$set: {...}, $inc: {...}}`): every operator's
 * paths go into one update tree, validated once; applying walks the tree
 * over a copy-on-write view of each document.
 */
import { ERROR_CODES, UpdateError } from '../errors.js';
import type { Document } from '../values/bson-type.js';
import { isPlainObject } from '../values/bson-type.js';
import { cloneValue, normalizeValue } from '../values/normalize.js';
import type { ArrayFilters } from './array-filters.js';
import { formatValue, typeName } from './format.js';
import { FIELD_OPERATORS, isUpdateOperator } from './operators.js';
import { parseUpdatePath } from './path.js';
import { compileRename, RENAME_SOURCE_PLACEHOLDER } from './rename.js';
import type { IdentifierScope, ObjectNode } from './tree.js';
import { insertLeaf, newObjectNode } from './tree.js';

/** Operand values as the serializer would send them: wrappers for numbers, `undefined` as null. */
function operandValue(v: unknown): unknown {
  return v === undefined ? null : cloneValue(normalizeValue(v));
}

/**
 * Builds the update tree of an operator-style update. Throws code 9 for an
 * unknown modifier or a non-document operand, code 40 for conflicting paths,
 * the operators' own parse errors, and code 9 for an unused array filter.
 */
export function compileOperatorTree(update: Document, arrayFilters: ArrayFilters): ObjectNode {
  const root = newObjectNode();
  const scope: IdentifierScope = { known: new Set(arrayFilters.keys()), used: new Set() };
  for (const [op, rawOperand] of Object.entries(update)) {
    if (rawOperand === undefined) continue;
    if (!isUpdateOperator(op)) {
      throw new UpdateError(
        ERROR_CODES.FailedToParse,
        `Unknown modifier: ${op}. Expected a valid update modifier or pipeline-style update specified as an array`,
      );
    }
    if (!isPlainObject(rawOperand)) {
      const operand = operandValue(rawOperand);
      throw new UpdateError(
        ERROR_CODES.FailedToParse,
        `Modifiers operate on fields but we found type ${typeName(operand)} instead. For example: {$mod: {<field>: ...}} not {${op}: ${formatValue(operand)}}`,
      );
    }
    for (const [field, raw] of Object.entries(rawOperand)) {
      const value = operandValue(raw);
      if (op === '$rename') {
        const from = parseUpdatePath(field);
        insertLeaf(root, from, RENAME_SOURCE_PLACEHOLDER, scope);
        if (typeof value !== 'string') {
          throw new UpdateError(ERROR_CODES.BadValue, `The 'to' field for $rename must be a string: ${field}: ${formatValue(value)}`);
        }
        const to = parseUpdatePath(value);
        insertLeaf(root, to, compileRename(from, to), scope);
      } else {
        const parts = parseUpdatePath(field);
        insertLeaf(root, parts, FIELD_OPERATORS[op]!(field, value), scope);
      }
    }
  }
  for (const id of scope.known) {
    if (!scope.used.has(id)) {
      throw new UpdateError(
        ERROR_CODES.FailedToParse,
        `The array filter for identifier '${id}' was not used in the update ${formatValue(update)}`,
      );
    }
  }
  return root;
}
