/**
 * The unified-format test runner: runs spec test files against a server
 * through the official Node driver and reports per-test outcomes.
 *
 * {@link runCompat} is the programmatic entry (used by the CLI and by the
 * vitest suite). Without a URI it starts an embedded Argon server on a
 * temporary data directory.
 */
import { AbstractCursor, Collection, MongoClient } from 'mongodb';
import { knownDeviation } from './known-deviations.js';
import { EntityMap } from './entities.js';
import { AssertionFailure, RunnerError, SkipTest, describeError } from './errors.js';
import { assertEventsForClient, type TracedCommand } from './events.js';
import { assertExpectedError } from './expect-error.js';
import { findTestFiles, loadTestFile, parseSchemaVersion, type FoundFile } from './load.js';
import { assertEqualDocuments, assertMatches, show } from './match.js';
import { assertTestSupported, invokeEntityOperation, specialOperations, type OperationContext } from './operations/index.js';
import { toResultDocument } from './operations/results.js';
import { detectServer, unmetRequirements, type ServerFacts } from './requirements.js';
import { startEmbeddedArgon } from './server.js';
import type { CollectionData, OperationDescription, TestDescription, TestFile } from './types.js';

/** The newest schema version this runner implements (files up to this minor of major 1 run). */
export const SUPPORTED_SCHEMA_VERSION: readonly [number, number] = [1, 23];

/** Outcome of one test. */
export interface TestResult {
  readonly description: string;
  readonly status: 'passed' | 'failed' | 'skipped';
  /** Failure or skip reason. */
  readonly reason?: string;
  /** For failures: the last command the test's clients sent and the reply (or error) it got. */
  readonly lastCommand?: string;
}

/** Outcome of one file. */
export interface FileResult {
  /** `<folder>/<file>.json`. */
  readonly file: string;
  readonly path: string;
  readonly folder: string;
  readonly passed: number;
  readonly failed: number;
  readonly skipped: number;
  /** Set when the file as a whole was skipped or could not be read. */
  readonly note?: string;
  readonly tests: readonly TestResult[];
}

/** Totals over a run, with the per-file results. */
export interface CompatSummary {
  readonly passed: number;
  readonly failed: number;
  readonly skipped: number;
  readonly files: readonly FileResult[];
  /** The server the run measured (`embedded Argon` or the given URI without credentials). */
  readonly target: string;
}

/** Options of {@link runCompat}. */
export interface RunCompatOptions {
  /** Server to test; without it an embedded Argon server is started. */
  readonly uri?: string;
  /** Called after each file (the CLI prints progressively). */
  readonly onFile?: (result: FileResult) => void;
  /** Per-test time limit in milliseconds (default 30 s). */
  readonly testTimeoutMs?: number;
}

interface RunEnv {
  readonly uri: string;
  readonly internal: MongoClient;
  readonly facts: ServerFacts;
  readonly testTimeoutMs: number;
}

/** Runs the test files under `paths` (files or directories) and returns the results. */
export async function runCompat(paths: readonly string[], opts: RunCompatOptions = {}): Promise<CompatSummary> {
  const files = findTestFiles(paths);
  const embedded = opts.uri === undefined ? await startEmbeddedArgon() : undefined;
  const uri = opts.uri ?? embedded?.uri;
  if (uri === undefined) throw new RunnerError('no server URI');
  const internal = new MongoClient(uri, { serverSelectionTimeoutMS: 10_000 });
  const results: FileResult[] = [];
  try {
    await internal.connect();
    const facts = await detectServer(internal, uri);
    const env: RunEnv = { uri, internal, facts, testTimeoutMs: opts.testTimeoutMs ?? 30_000 };
    for (const f of files) {
      const r = await runFile(f, env);
      results.push(r);
      opts.onFile?.(r);
    }
  } finally {
    await internal.close(true).catch(() => undefined);
    await embedded?.close();
  }
  const sum = (k: 'passed' | 'failed' | 'skipped') => results.reduce((n, r) => n + r[k], 0);
  const target = embedded ? 'embedded Argon' : uri.replace(/\/\/[^@/]*@/, '//');
  return { passed: sum('passed'), failed: sum('failed'), skipped: sum('skipped'), files: results, target };
}

function fileResult(f: FoundFile, tests: TestResult[], note?: string): FileResult {
  const count = (s: TestResult['status']) => tests.filter((t) => t.status === s).length;
  return { file: f.label, path: f.path, folder: f.folder, passed: count('passed'), failed: count('failed'), skipped: count('skipped'), ...(note !== undefined ? { note } : {}), tests };
}

async function runFile(f: FoundFile, env: RunEnv): Promise<FileResult> {
  let file: TestFile;
  try {
    file = loadTestFile(f.path);
  } catch (err) {
    return fileResult(f, [{ description: '(file)', status: 'failed', reason: `cannot read: ${describeError(err)}` }]);
  }
  if (!Array.isArray(file.tests)) return fileResult(f, [], 'not a unified test file');
  const skipAll = (reason: string) => fileResult(f, file.tests.map((t) => ({ description: t.description, status: 'skipped', reason })), reason);
  const version = parseSchemaVersion(file.schemaVersion);
  const [major, minor] = SUPPORTED_SCHEMA_VERSION;
  if (!version || version[0] !== major || version[1] > minor) return skipAll(`schemaVersion ${String(file.schemaVersion)} unsupported`);
  const unmet = unmetRequirements(file.runOnRequirements, env.facts);
  if (unmet !== undefined) return skipAll(unmet);
  const tests: TestResult[] = [];
  for (const test of file.tests) tests.push(await runTest(f, file, test, env));
  return fileResult(f, tests);
}

const UNSUPPORTED_TEST_KEYS = ['expectLogMessages', 'expectTracingMessages'] as const;

async function runTest(found: FoundFile, file: TestFile, test: TestDescription, env: RunEnv): Promise<TestResult> {
  const result = (status: TestResult['status'], reason?: string): TestResult => ({ description: test.description, status, ...(reason !== undefined ? { reason } : {}) });
  if (test.skipReason !== undefined) return result('skipped', test.skipReason);
  const deviation = knownDeviation(found.label, test.description);
  if (deviation !== undefined) return result('skipped', deviation);
  const unmet = unmetRequirements(test.runOnRequirements, env.facts);
  if (unmet !== undefined) return result('skipped', unmet);
  for (const key of UNSUPPORTED_TEST_KEYS) if (test[key] !== undefined) return result('skipped', `${key} unsupported`);
  try {
    assertTestSupported(file, test);
  } catch (err) {
    if (err instanceof SkipTest) return result('skipped', err.message);
    throw err;
  }
  const entities = new EntityMap({ uri: env.uri });
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new AssertionFailure(`timed out after ${env.testTimeoutMs} ms`)), env.testTimeoutMs);
    });
    await Promise.race([executeTest(file, test, entities, env), timeout]);
    return result('passed');
  } catch (err) {
    if (err instanceof SkipTest) return result('skipped', err.message);
    const reason =
      err instanceof AssertionFailure ? err.message : err instanceof RunnerError ? `runner: ${err.message}` : `unexpected error: ${describeError(err)}`;
    const last = lastCommand(entities);
    return { ...result('failed', reason), ...(last !== undefined ? { lastCommand: last } : {}) };
  } finally {
    clearTimeout(timer);
    await entities.dispose();
  }
}

/** The last command any client entity of the test sent, with its reply, as one line. */
function lastCommand(entities: EntityMap): string | undefined {
  let last: TracedCommand | undefined;
  for (const e of entities.all()) {
    if (e.kind !== 'client') continue;
    const t = e.recorder.trace[e.recorder.trace.length - 1];
    if (t && (!last || Number(t.requestId) > Number(last.requestId))) last = t;
  }
  if (!last) return undefined;
  const outcome = last.failure !== undefined ? `error ${last.failure}` : last.reply !== undefined ? `reply ${show(withoutNoise(last.reply), 1200)}` : 'no reply';
  return `${last.databaseName}: ${show(withoutNoise(last.command), 1200)} → ${outcome}`;
}

/** A command or reply without the session and cluster-time fields that every one carries. */
function withoutNoise(doc: unknown): unknown {
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) return doc;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(doc)) if (!['lsid', '$clusterTime', 'operationTime', '$db'].includes(k)) out[k] = v;
  return out;
}

async function executeTest(file: TestFile, test: TestDescription, entities: EntityMap, env: RunEnv): Promise<void> {
  await prefixed('initialData', () => setUpInitialData(file.initialData ?? [], env.internal));
  await entities.create(file.createEntities ?? []);
  const ctx: OperationContext = {
    entities,
    internal: env.internal,
    runOperation: (op) => executeOperation(op, ctx),
  };
  for (const [i, op] of test.operations.entries()) {
    await prefixed(`operation ${i} (${op.name})`, () => executeOperation(op, ctx));
  }
  for (const e of entities.all()) if (e.kind === 'client') e.recorder.stop();
  for (const expected of test.expectEvents ?? []) {
    assertEventsForClient(expected, entities.get(expected.client, 'client').recorder, entities);
  }
  for (const data of test.outcome ?? []) await prefixed(`outcome ${data.databaseName}.${data.collectionName}`, () => assertOutcome(data, env.internal));
}

/** Runs `fn`, prefixing the message of an assertion failure it raises. */
async function prefixed(label: string, fn: () => Promise<void>): Promise<void> {
  try {
    await fn();
  } catch (err) {
    if (err instanceof AssertionFailure) throw new AssertionFailure(`${label}: ${err.message}`);
    if (err instanceof SkipTest || err instanceof RunnerError) throw err;
    throw new AssertionFailure(`${label}: ${describeError(err)}`);
  }
}

const MAJORITY = { writeConcern: { w: 'majority' as const } };

/** Drops, (re)creates and fills the collections of `initialData` through the internal client. */
async function setUpInitialData(data: readonly CollectionData[], internal: MongoClient): Promise<void> {
  for (const d of data) {
    const db = internal.db(d.databaseName);
    try {
      await db.command({ drop: d.collectionName, ...MAJORITY });
    } catch (err) {
      if ((err as { code?: unknown }).code !== 26) throw err;
    }
    if (d.createOptions !== undefined) await db.command({ create: d.collectionName, ...d.createOptions, ...MAJORITY });
    if (d.documents.length > 0) await db.collection(d.collectionName).insertMany([...d.documents], MAJORITY);
    else if (d.createOptions === undefined) await db.command({ create: d.collectionName, ...MAJORITY });
  }
}

/** Compares a collection's contents (sorted by _id) with an `outcome` entry. */
async function assertOutcome(data: CollectionData, internal: MongoClient): Promise<void> {
  const docs = await internal
    .db(data.databaseName)
    .collection(data.collectionName)
    .find({}, { sort: { _id: 1 }, readPreference: 'primary', readConcern: { level: 'local' } })
    .toArray();
  assertEqualDocuments(data.documents, docs);
}

/** Executes one operation and checks its expectations (expectResult, expectError, saveResultAsEntity). */
async function executeOperation(op: OperationDescription, ctx: OperationContext): Promise<void> {
  if (op.object === 'testRunner') {
    const special = specialOperations[op.name];
    if (!special) throw new SkipTest(`unsupported operation ${op.name}`);
    await special(op.arguments ?? {}, ctx);
    return;
  }
  let outcome: Awaited<ReturnType<typeof invokeEntityOperation>> | undefined;
  let error: unknown;
  let threw = false;
  try {
    outcome = await invokeEntityOperation(op, ctx.entities, ctx);
  } catch (err) {
    if (err instanceof SkipTest || err instanceof RunnerError || err instanceof AssertionFailure) throw err;
    threw = true;
    error = err;
  }
  if (op.ignoreResultAndError) return;
  if (op.expectError !== undefined) {
    if (!threw) throw new AssertionFailure(`expected an error, got result ${show(toResultDocument(outcome?.result))}`);
    assertExpectedError(op.expectError, error, ctx.entities);
    return;
  }
  if (threw) throw new AssertionFailure(`unexpected error ${describeError(error)}`);
  const result = outcome?.result;
  if (op.expectResult !== undefined) {
    assertMatches(op.expectResult, toResultDocument(result), ctx.entities, { root: true, rootElements: outcome?.spec.iterable === true });
  }
  if (op.saveResultAsEntity !== undefined) ctx.entities.save(op.saveResultAsEntity, result instanceof AbstractCursor || result instanceof Collection ? result : toResultDocument(result), op.object);
}
