/**
 * Operation dispatch: which operations exist for which entity kind, argument
 * preparation (session resolution, common options), and the pre-scan that
 * lets a test skip before it touches the server.
 */
import { isPlainDocument } from '../bson-type.js';
import type { Entity, EntityKind, EntityMap } from '../entities.js';
import { RunnerError, SkipTest } from '../errors.js';
import { convertCommonOptions } from '../options.js';
import type { Doc, EntityDescription, OperationDescription, TestDescription, TestFile } from '../types.js';
import { bucketOperations } from './bucket.js';
import { clientOperations } from './client.js';
import { collectionOperations } from './collection.js';
import { cursorOperations } from './cursor.js';
import { databaseOperations } from './database.js';
import { sessionOperations } from './session.js';
import type { OperationContext, OperationSpec, OperationTable } from './support.js';
import { SKIPPED_SPECIAL_OPERATIONS, specialOperations } from './test-runner.js';

export type { OperationContext, OperationSpec } from './support.js';
export { specialOperations } from './test-runner.js';

const TABLES: Readonly<Partial<Record<EntityKind, OperationTable<never>>>> = {
  client: clientOperations as OperationTable<never>,
  database: databaseOperations as OperationTable<never>,
  collection: collectionOperations as OperationTable<never>,
  session: sessionOperations as OperationTable<never>,
  bucket: bucketOperations as OperationTable<never>,
  cursor: cursorOperations as OperationTable<never>,
};

/** The operation `name` on an entity of `kind`, if supported. */
export function findOperation(kind: EntityKind, name: string): OperationSpec<Entity> | undefined {
  const table = TABLES[kind];
  if (!table || !Object.prototype.hasOwnProperty.call(table, name)) return undefined;
  return table[name] as OperationSpec<Entity>;
}

/**
 * Resolves the `session` argument to its ClientSession and converts the
 * top-level common options (readConcern, readPreference, writeConcern).
 */
export function prepareArguments(args: Doc | undefined, entities: EntityMap): Doc {
  if (!args) return {};
  const out = convertCommonOptions(args);
  if (typeof args.session === 'string') out.session = entities.get(args.session, 'session').session;
  return out;
}

/** The entity kind of results saved from these operations. */
const SAVED_KINDS: Readonly<Record<string, string>> = { createFindCursor: 'cursor', createCommandCursor: 'cursor', createCollection: 'collection' };

/** The entity kind each createEntities description will produce, by id. */
function describedKinds(descriptions: readonly EntityDescription[] | undefined, into: Map<string, string>): void {
  for (const d of descriptions ?? []) {
    const type = Object.keys(d)[0];
    const spec = type !== undefined ? d[type] : undefined;
    if (type !== undefined && isPlainDocument(spec) && typeof spec.id === 'string') into.set(spec.id, type);
  }
}

/**
 * Checks, before running, that every operation of a test (including nested
 * ones) is supported; throws {@link SkipTest} naming the first that is not.
 */
export function assertTestSupported(file: TestFile, test: TestDescription): void {
  const kinds = new Map<string, string>();
  describedKinds(file.createEntities, kinds);
  const visit = (ops: readonly OperationDescription[]) => {
    for (const op of ops) {
      if (op.object === 'testRunner') {
        const skip = SKIPPED_SPECIAL_OPERATIONS[op.name];
        if (skip !== undefined) throw new SkipTest(skip);
        if (!Object.prototype.hasOwnProperty.call(specialOperations, op.name)) throw new SkipTest(`unsupported operation ${op.name}`);
        if (op.name === 'createEntities') describedKinds((op.arguments?.entities ?? []) as EntityDescription[], kinds);
        if (op.name === 'runOnThread' && isPlainDocument(op.arguments?.operation)) visit([op.arguments.operation as unknown as OperationDescription]);
        continue;
      }
      const kind = kinds.get(op.object);
      const supported =
        kind !== undefined
          ? findOperation(kind as EntityKind, op.name) !== undefined
          : Object.keys(TABLES).some((k) => findOperation(k as EntityKind, op.name) !== undefined);
      if (!supported) throw new SkipTest(`unsupported operation ${op.name}`);
      if (op.saveResultAsEntity !== undefined && !kinds.has(op.saveResultAsEntity)) {
        kinds.set(op.saveResultAsEntity, SAVED_KINDS[op.name] ?? 'value');
      }
      if (op.name === 'withTransaction' && Array.isArray(op.arguments?.callback)) visit(op.arguments.callback as OperationDescription[]);
    }
  };
  visit(test.operations);
}

/** Runs an entity operation and returns its raw result (errors propagate). */
export async function invokeEntityOperation(op: OperationDescription, entities: EntityMap, ctx: OperationContext): Promise<{ result: unknown; spec: OperationSpec<Entity> }> {
  const target = entities.get(op.object);
  const spec = findOperation(target.kind, op.name);
  if (!spec) throw new RunnerError(`operation ${op.name} is not defined for ${target.kind} entities`);
  const args = prepareArguments(op.arguments, entities);
  return { result: await spec.run(target, args, ctx), spec };
}
