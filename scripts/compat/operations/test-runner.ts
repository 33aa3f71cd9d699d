/**
 * Special test operations (`object: testRunner`): assertions through the
 * internal client, session and event assertions, entity creation, threads.
 * Fail points are not supported (the server has none): tests using them are
 * skipped before they start.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { EntityDescription, Doc, OperationDescription } from '../types.js';
import { AssertionFailure, RunnerError, SkipTest, check } from '../errors.js';
import { eventMismatch, type ObservedEvent } from '../events.js';
import { isPlainDocument } from '../bson-type.js';
import { show } from '../match.js';
import type { OperationContext } from './support.js';
import { required, requiredString } from './support.js';
import type { ClientEntity } from '../entities.js';

/** A special operation: runs with the test's context and its raw arguments. */
export type SpecialOperation = (args: Doc, ctx: OperationContext) => Promise<void>;

/** Operations that make a test skip with a fixed reason. */
export const SKIPPED_SPECIAL_OPERATIONS: Readonly<Record<string, string>> = {
  failPoint: 'failPoint unsupported',
  targetedFailPoint: 'failPoint unsupported',
};

async function collectionNames(ctx: OperationContext, dbName: string): Promise<string[]> {
  const colls = await ctx.internal.db(dbName).listCollections({}, { nameOnly: true }).toArray();
  return colls.map((c) => c.name);
}

async function indexNames(ctx: OperationContext, dbName: string, collName: string): Promise<string[]> {
  try {
    const ixs = await ctx.internal.db(dbName).collection(collName).listIndexes().toArray();
    return ixs.map((ix) => String(ix.name));
  } catch (err) {
    if ((err as { code?: unknown }).code === 26) return [];
    throw err;
  }
}

function lastTwoLsids(client: ClientEntity): [unknown, unknown] {
  const started = client.recorder.startedCommands;
  const a = started[started.length - 2];
  const b = started[started.length - 1];
  if (!a || !b) throw new AssertionFailure(`fewer than two commands observed on ${client.id}`);
  const lsid = (e: Record<string, unknown>) => (e.command as Doc | undefined)?.lsid;
  return [lsid(a), lsid(b)];
}

function sameLsid(a: unknown, b: unknown): boolean {
  return show(a) === show(b) && a !== undefined;
}

function matchingEvents(client: ClientEntity, expected: unknown, ctx: OperationContext): number {
  if (!isPlainDocument(expected)) throw new RunnerError('event must be a document');
  const all: readonly ObservedEvent[] = [...client.recorder.eventsOf('command'), ...client.recorder.eventsOf('cmap')];
  return all.filter((e) => eventMismatch(expected as Record<string, Doc>, e, ctx.entities) === undefined).length;
}

const TRANSACTION_STATES: Readonly<Record<string, string>> = {
  NO_TRANSACTION: 'none',
  STARTING_TRANSACTION: 'starting',
  TRANSACTION_IN_PROGRESS: 'in_progress',
  TRANSACTION_COMMITTED: 'committed',
  TRANSACTION_COMMITTED_EMPTY: 'committed',
  TRANSACTION_ABORTED: 'aborted',
};

/** The supported special operations, by name. */
export const specialOperations: Readonly<Record<string, SpecialOperation>> = {
  async assertCollectionExists(args, ctx) {
    const db = requiredString(args.databaseName, 'databaseName');
    const coll = requiredString(args.collectionName, 'collectionName');
    check((await collectionNames(ctx, db)).includes(coll), `collection ${db}.${coll} does not exist`);
  },
  async assertCollectionNotExists(args, ctx) {
    const db = requiredString(args.databaseName, 'databaseName');
    const coll = requiredString(args.collectionName, 'collectionName');
    check(!(await collectionNames(ctx, db)).includes(coll), `collection ${db}.${coll} exists`);
  },
  async assertIndexExists(args, ctx) {
    const names = await indexNames(ctx, requiredString(args.databaseName, 'databaseName'), requiredString(args.collectionName, 'collectionName'));
    check(names.includes(requiredString(args.indexName, 'indexName')), () => `index ${String(args.indexName)} does not exist (have ${names.join(', ')})`);
  },
  async assertIndexNotExists(args, ctx) {
    const names = await indexNames(ctx, requiredString(args.databaseName, 'databaseName'), requiredString(args.collectionName, 'collectionName'));
    check(!names.includes(requiredString(args.indexName, 'indexName')), `index ${String(args.indexName)} exists`);
  },
  async createEntities(args, ctx) {
    await ctx.entities.create(required<EntityDescription[]>(args.entities, 'entities'));
  },
  async assertSessionDirty(args, ctx) {
    const s = ctx.entities.get(requiredString(args.session, 'session'), 'session');
    check(s.session.serverSession?.isDirty === true, `session ${s.id} is not dirty`);
  },
  async assertSessionNotDirty(args, ctx) {
    const s = ctx.entities.get(requiredString(args.session, 'session'), 'session');
    check(s.session.serverSession?.isDirty !== true, `session ${s.id} is dirty`);
  },
  async assertSameLsidOnLastTwoCommands(args, ctx) {
    const [a, b] = lastTwoLsids(ctx.entities.get(requiredString(args.client, 'client'), 'client'));
    check(sameLsid(a, b), () => `last two commands have different lsids: ${show(a)} vs ${show(b)}`);
  },
  async assertDifferentLsidOnLastTwoCommands(args, ctx) {
    const [a, b] = lastTwoLsids(ctx.entities.get(requiredString(args.client, 'client'), 'client'));
    check(!sameLsid(a, b), () => `last two commands have the same lsid ${show(a)}`);
  },
  async assertSessionTransactionState(args, ctx) {
    const s = ctx.entities.get(requiredString(args.session, 'session'), 'session');
    const state = TRANSACTION_STATES[String((s.session as unknown as { transaction?: { state?: string } }).transaction?.state)] ?? 'unknown';
    check(state === args.state, `session ${s.id} transaction state is ${state}, expected ${String(args.state)}`);
  },
  async assertSessionPinned(args, ctx) {
    const s = ctx.entities.get(requiredString(args.session, 'session'), 'session');
    check((s.session as unknown as { isPinned?: boolean }).isPinned === true, `session ${s.id} is not pinned`);
  },
  async assertSessionUnpinned(args, ctx) {
    const s = ctx.entities.get(requiredString(args.session, 'session'), 'session');
    check((s.session as unknown as { isPinned?: boolean }).isPinned !== true, `session ${s.id} is pinned`);
  },
  async assertNumberConnectionsCheckedOut(args, ctx) {
    const c = ctx.entities.get(requiredString(args.client, 'client'), 'client');
    const want = Number(args.connections);
    check(c.recorder.connectionsCheckedOut === want, `${c.id} has ${c.recorder.connectionsCheckedOut} connection(s) checked out, expected ${want}`);
  },
  async waitForEvent(args, ctx) {
    const c = ctx.entities.get(requiredString(args.client, 'client'), 'client');
    const want = Number(args.count);
    const deadline = Date.now() + 10_000;
    while (matchingEvents(c, args.event, ctx) < want) {
      if (Date.now() > deadline) throw new AssertionFailure(`timed out waiting for ${want} ${show(args.event)} event(s) on ${c.id}`);
      await sleep(20);
    }
  },
  async assertEventCount(args, ctx) {
    const c = ctx.entities.get(requiredString(args.client, 'client'), 'client');
    const got = matchingEvents(c, args.event, ctx);
    check(got === Number(args.count), `${c.id} observed ${got} ${show(args.event)} event(s), expected ${String(args.count)}`);
  },
  async runOnThread(args, ctx) {
    const thread = ctx.entities.get(requiredString(args.thread, 'thread'), 'thread');
    const op = required<OperationDescription>(args.operation, 'operation');
    thread.queue = thread.queue.then(async () => {
      if (thread.error !== undefined) return;
      try {
        await ctx.runOperation(op);
      } catch (err) {
        thread.error = err;
      }
    });
  },
  async waitForThread(args, ctx) {
    const thread = ctx.entities.get(requiredString(args.thread, 'thread'), 'thread');
    await thread.queue;
    if (thread.error !== undefined) {
      const err = thread.error;
      thread.error = undefined;
      if (err instanceof SkipTest || err instanceof AssertionFailure) throw err;
      throw new AssertionFailure(`thread ${thread.id}: ${String(err)}`);
    }
  },
  async wait(args) {
    await sleep(Number(args.ms ?? 0));
  },
};
