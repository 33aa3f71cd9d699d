/**
 * What every operation family shares: the operation context, the handler
 * shape and argument helpers.
 */
import type { MongoClient } from 'mongodb';
import type { Entity, EntityMap } from '../entities.js';
import { RunnerError } from '../errors.js';
import type { Doc, OperationDescription } from '../types.js';

/** What an operation may use besides its target entity. */
export interface OperationContext {
  readonly entities: EntityMap;
  /** The runner's internal client (for testRunner assertions). */
  readonly internal: MongoClient;
  /** Executes nested operations with the usual expectation handling (withTransaction, runOnThread). */
  runOperation(op: OperationDescription): Promise<void>;
}

/** One supported operation on one entity kind. */
export interface OperationSpec<E extends Entity = Entity> {
  /** Runs the operation; the result is converted to a document before matching. */
  run(target: E, args: Doc, ctx: OperationContext): Promise<unknown>;
  /** The result is an iterable of documents: each element is matched as a root-level document. */
  readonly iterable?: boolean;
}

/** A family of operations keyed by operation name. */
export type OperationTable<E extends Entity> = Readonly<Record<string, OperationSpec<E>>>;

/**
 * Splits `args` into the named required/optional parameters and the rest
 * (passed to the driver as options).
 */
export function take<K extends string>(args: Doc, ...names: K[]): [Record<K, unknown>, Doc] {
  const picked = {} as Record<K, unknown>;
  const rest: Doc = {};
  for (const [key, value] of Object.entries(args)) {
    if ((names as string[]).includes(key)) picked[key as K] = value;
    else rest[key] = value;
  }
  return [picked, rest];
}

/** A required argument; a missing one is a malformed test. */
export function required<T = unknown>(value: unknown, name: string): T {
  if (value === undefined) throw new RunnerError(`missing required argument ${name}`);
  return value as T;
}

/** A required document argument. */
export function requiredDoc(value: unknown, name: string): Doc {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new RunnerError(`argument ${name} must be a document`);
  return value as Doc;
}

/** A required string argument. */
export function requiredString(value: unknown, name: string): string {
  if (typeof value !== 'string') throw new RunnerError(`argument ${name} must be a string`);
  return value;
}
