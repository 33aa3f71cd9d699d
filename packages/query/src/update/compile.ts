/**
 * `compileUpdate`: classifies an update (operators, replacement, pipeline),
 * validates it once and returns an applier.
 */
import { ERROR_CODES, UpdateError } from '../errors.js';
import type { Document } from '../values/bson-type.js';
import { isPlainObject } from '../values/bson-type.js';
import { compileArrayFilters } from './array-filters.js';
import { formatValue, typeName } from './format.js';
import { compileOperatorTree } from './operator-update.js';
import { compileUpdatePipeline } from './pipeline.js';
import { prepareReplacement, replaceDocument } from './replacement.js';
import { applyNode } from './tree.js';
import type { CompiledUpdate, CompileUpdateOptions, UpdateContext } from './types.js';
import { UpdateWorkspace } from './workspace.js';

const now = (ctx: UpdateContext) => ctx.now ?? new Date();

/**
 * Parses and validates an update once; the result applies it to any number
 * of documents.
 *
 * - An array is a pipeline-style update.
 * - A document whose first field starts with `$` is an operator update;
 *   every other field must then be a known operator too (code 9 otherwise).
 * - Any other document (including `{}`) is a replacement, which may not have
 *   `$`-prefixed top-level fields (code 52).
 *
 * @example
 * ```ts
 * const u = compileUpdate({ $inc: { n: 1 }, $set: { 'tags.$[t]': 'x' } }, { arrayFilters: [{ t: 'old' }] });
 * const after = u.apply(before, { isInsert: false });
 * const modified = after !== before; // apply returns its input when nothing changed
 * ```
 */
export function compileUpdate(update: Document | Document[], opts: CompileUpdateOptions = {}): CompiledUpdate {
  const arrayFilters = compileArrayFilters(opts.arrayFilters);
  if (Array.isArray(update)) {
    if (arrayFilters.size > 0) {
      throw new UpdateError(ERROR_CODES.FailedToParse, 'arrayFilters may not be specified for pipeline-style updates');
    }
    const pipeline = compileUpdatePipeline(update, opts.variables);
    return { kind: 'pipeline', apply: (doc, ctx) => pipeline(doc, now(ctx)) };
  }
  if (!isPlainObject(update)) {
    throw new UpdateError(
      ERROR_CODES.FailedToParse,
      `Update argument must be either an object or an array, found ${typeName(update)}`,
    );
  }
  const first = Object.keys(update).find((k) => update[k] !== undefined);
  if (first === undefined || !first.startsWith('$')) {
    const [unused] = arrayFilters.keys();
    if (unused !== undefined) {
      throw new UpdateError(
        ERROR_CODES.FailedToParse,
        `The array filter for identifier '${unused}' was not used in the update ${formatValue(update)}`,
      );
    }
    const replacement = prepareReplacement(update);
    return {
      kind: 'replacement',
      apply: (doc, ctx) => replaceDocument(doc, replacement, { now: now(ctx), fillTimestamps: true }),
    };
  }
  const root = compileOperatorTree(update, arrayFilters);
  return {
    kind: 'operators',
    apply(doc, ctx) {
      const ws = new UpdateWorkspace(doc, {
        isInsert: ctx.isInsert,
        position: ctx.position,
        now: now(ctx),
        arrayFilters,
      });
      applyNode(root, [], ws);
      return ws.result();
    },
  };
}
