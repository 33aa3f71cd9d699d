/**
 * Schema validation of writes: a collection's `validator` (a query filter,
 * set with `create` or `collMod`), applied as `validationLevel` and
 * `validationAction` say.
 */
import { compileFilter, isPlainObject, type CompiledFilter } from '@argon/query';
import { BadInputError, DocumentValidationError } from '../errors.js';

type Doc = Record<string, unknown>;

/** The validation settings of a collection, compiled. */
export interface Validation {
  readonly validator: Doc;
  readonly filter: CompiledFilter;
  /** `strict` checks every write; `moderate` only updates of documents that were valid. */
  readonly level: 'strict' | 'moderate';
  /** `error` rejects an invalid document; `warn` accepts it. */
  readonly action: 'error' | 'warn';
}

const cache = new WeakMap<Doc, Validation | null>();

/** Throws unless `validationLevel` / `validationAction` hold allowed values (code 2, as mongod). */
export function checkValidationOptions(options: Doc): void {
  const level = options.validationLevel;
  if (level !== undefined && level !== 'off' && level !== 'strict' && level !== 'moderate') {
    throw new BadInputError(`Enumeration value '${String(level)}' for field 'validationLevel' is not a valid value.`, { code: 2 });
  }
  const action = options.validationAction;
  if (action !== undefined && action !== 'error' && action !== 'warn') {
    throw new BadInputError(`Enumeration value '${String(action)}' for field 'validationAction' is not a valid value.`, { code: 2 });
  }
  if (options.validator !== undefined) {
    if (!isPlainObject(options.validator)) throw new BadInputError(`'validator' must be a document`, { code: 14 });
    compileFilter(options.validator);
  }
}

/** The validation a collection's options ask for, or null when none applies. Cached per options object. */
export function validationOf(options: Doc): Validation | null {
  const cached = cache.get(options);
  if (cached !== undefined) return cached;
  const validator = options.validator;
  let v: Validation | null = null;
  if (isPlainObject(validator) && Object.keys(validator).length > 0 && options.validationLevel !== 'off') {
    v = {
      validator,
      filter: compileFilter(validator),
      level: options.validationLevel === 'moderate' ? 'moderate' : 'strict',
      action: options.validationAction === 'warn' ? 'warn' : 'error',
    };
  }
  cache.set(options, v);
  return v;
}

/**
 * Throws `DocumentValidationError` (121) when `doc` fails the collection's
 * validator. `pre` is the document an update replaces (null for inserts):
 * under `moderate`, updates of documents that were already invalid pass.
 */
export function assertValid(options: Doc, doc: Doc, pre: Doc | null): void {
  const v = validationOf(options);
  if (!v || v.action !== 'error') return;
  if (v.filter.test(doc)) return;
  if (v.level === 'moderate' && pre !== null && !v.filter.test(pre)) return;
  throw new DocumentValidationError({ failingDocumentId: doc._id, details: explain(v.validator, doc) });
}

/** Which top-level clauses of the validator the document does not satisfy. */
function explain(validator: Doc, doc: Doc): Doc {
  const clausesNotSatisfied: Doc[] = [];
  Object.entries(validator).forEach(([field, condition], index) => {
    const clause = { [field]: condition };
    if (!compileFilter(clause).test(doc)) {
      clausesNotSatisfied.push({ index, details: { specifiedAs: clause, reason: field.startsWith('$') ? 'expression did not match' : 'field did not match' } });
    }
  });
  return { operatorName: '$and', clausesNotSatisfied };
}
