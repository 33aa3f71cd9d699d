import {
  ARGON_CODES,
  BadInputError,
  NotFoundError,
  assertValidName,
  diffSnapshots,
  documentHistory,
  formatDbName,
  parseDbName,
  type ArgonEngine,
  type WalEntry,
} from '@argon/core';
import { normalizeValue } from '@argon/query';
import { Long } from 'bson';
import type { RunnerLike } from '../metrics/instrument-runner.js';
import { branchView, projectView, timeRangeView } from './admin-views.js';
import type { AdminOperations, BranchView, DiffView, LogEntryView, PointInput, ProjectView, ResetView, StatusView, TimeRangeView, VersionView } from './admin-types.js';
import { documentFromEjson, fromEjson, jsonSafe, toEjson } from './ejson-values.js';
import { parsePointInput, pointSuffix, type ParsedPoint } from './point-input.js';

/** Documents a query returns when no limit is given. */
export const DEFAULT_QUERY_LIMIT = 100;
/** The most documents one query may return. */
export const MAX_QUERY_LIMIT = 10_000;
/** Log entries returned when no limit is given. */
export const DEFAULT_LOG_LIMIT = 100;
/** The most log entries one call may return. */
export const MAX_LOG_LIMIT = 10_000;

/** What {@link AdminService} runs on. */
export interface AdminServiceOptions {
  readonly engine: ArgonEngine;
  /** The command layer (optionally instrumented): queries go through it, as wire reads do. */
  readonly runner: RunnerLike;
  /** When the server started, for `status.server.uptimeSeconds` (default: construction time). */
  readonly startedAt?: Date;
  /** Open wire connections, for `status.server.connections`. */
  readonly connections?: () => number;
  /** The embedded data directory, reported by `status`. */
  readonly dataDir?: string;
}

function checkLimit(limit: unknown, dflt: number, max: number, field = 'limit'): number {
  if (limit === undefined || limit === null) return dflt;
  if (typeof limit !== 'number' || !Number.isSafeInteger(limit) || limit < 1 || limit > max) {
    throw new BadInputError(`${field} must be an integer from 1 to ${max}, got ${JSON.stringify(limit)}`, { details: { field, value: limit } });
  }
  return limit;
}

function checkCollection(name: unknown, field = 'collection'): string {
  if (typeof name !== 'string' || name.length === 0 || name.includes('\0') || name.startsWith('$')) {
    throw new BadInputError(`${field} must be a collection name (a non-empty string not starting with '$'), got ${JSON.stringify(name)}`, { details: { field, value: name } });
  }
  return name;
}

function cursorIdOf(id: unknown): bigint {
  if (id instanceof Long) return id.toBigInt();
  if (typeof id === 'bigint') return id;
  if (typeof id === 'number') return BigInt(id);
  return 0n;
}

/**
 * The admin operations (status, projects, branches, reset and restore,
 * time-travel queries, history, log, diff) implemented on an engine. The
 * HTTP API and the local CLI call it; inputs and outputs are the JSON-safe
 * shapes of `admin-types.ts`, and every failure is an `ArgonError` with a
 * stable `argonCode`.
 *
 * @example
 * const admin = new AdminService({ engine, runner: new CommandRunner(engine) });
 * await admin.createBranch('shop', { name: 'fix', lsn: 1200 });
 * const { documents } = await admin.query('shop', 'fix', { collection: 'orders', filter: { status: 'open' } });
 */
export class AdminService implements AdminOperations {
  private readonly engine: ArgonEngine;
  private readonly runner: RunnerLike;
  private readonly startedAt: Date;
  private readonly connections: (() => number) | undefined;
  private readonly dataDir: string | undefined;

  constructor(opts: AdminServiceOptions) {
    this.engine = opts.engine;
    this.runner = opts.runner;
    this.startedAt = opts.startedAt ?? new Date();
    this.connections = opts.connections;
    this.dataDir = opts.dataDir;
  }

  // ---------------------------------------------------------------- status and projects

  async status(): Promise<StatusView> {
    const storage = jsonSafe(await this.engine.storage.status()) as Record<string, unknown>;
    const projects = await Promise.all(
      this.engine.listProjects().map(async (p) => ({ ...projectView(p), branches_detail: (await this.engine.listBranches(p.name)).map(branchView) })),
    );
    const connections = this.connections?.();
    return {
      storage: { ...storage, ...(this.dataDir ? { dataDir: this.dataDir } : {}) },
      recovery: jsonSafe(this.engine.recovery) as Record<string, unknown>,
      projects,
      server: {
        pid: process.pid,
        uptimeSeconds: Math.max(0, Math.round((Date.now() - this.startedAt.getTime()) / 1000)),
        ...(connections !== undefined ? { connections } : {}),
      },
    };
  }

  async listProjects(): Promise<ProjectView[]> {
    return this.engine.listProjects().map(projectView);
  }

  async createProject(name: string): Promise<ProjectView> {
    assertValidName('project', name);
    await this.engine.createProject(name);
    const p = this.engine.listProjects().find((x) => x.name === name);
    if (!p) throw this.projectNotFound(name);
    return projectView(p);
  }

  async deleteProject(name: string): Promise<{ name: string; deleted: true }> {
    assertValidName('project', name);
    await this.engine.deleteProject(name);
    return { name, deleted: true };
  }

  // ---------------------------------------------------------------- branches

  async listBranches(project: string, opts: { includeDeleted?: boolean } = {}): Promise<BranchView[]> {
    assertValidName('project', project);
    return (await this.engine.listBranches(project, { includeDeleted: opts.includeDeleted === true })).map(branchView);
  }

  async createBranch(project: string, input: { name: string; from?: string } & PointInput): Promise<BranchView> {
    assertValidName('project', project);
    assertValidName('branch', input.name);
    if (input.from !== undefined) assertValidName('branch', input.from);
    const point = parsePointInput(input, { required: false, what: `creating branch '${input.name}'` });
    const b = await this.engine.createBranch(project, input.name, { ...(input.from !== undefined ? { from: input.from } : {}), ...pointOpts(point) });
    return branchView(b);
  }

  async getBranch(project: string, branch: string): Promise<BranchView & { range: TimeRangeView }> {
    this.names(project, branch);
    const b = await this.engine.getBranch(project, branch);
    return { ...branchView(b), range: timeRangeView(await this.engine.timeRange(project, branch)) };
  }

  async deleteBranch(project: string, branch: string): Promise<BranchView> {
    this.names(project, branch);
    return branchView(await this.engine.deleteBranch(project, branch));
  }

  async timeRange(project: string, branch: string): Promise<TimeRangeView> {
    this.names(project, branch);
    return timeRangeView(await this.engine.timeRange(project, branch));
  }

  // ---------------------------------------------------------------- reset and restore

  async resetPreview(project: string, branch: string, point: PointInput): Promise<DiffView & { toLsn: number }> {
    this.names(project, branch);
    const p = parsePointInput(point, { required: true, what: `previewing a reset of branch '${branch}'` })!;
    const toLsn = await this.resolve(project, branch, p);
    const from = formatDbName(project, branch);
    const to = `${project}@${branch}@${toLsn}`;
    return { ...(await this.diffViews(from, to)), toLsn };
  }

  async resetBranch(project: string, branch: string, input: PointInput & { backup?: string }): Promise<ResetView> {
    this.names(project, branch);
    if (input.backup !== undefined) assertValidName('branch', input.backup);
    const p = parsePointInput(input, { required: true, what: `resetting branch '${branch}'` })!;
    const r = await this.engine.resetBranch(project, branch, { ...pointOpts(p), ...(input.backup !== undefined ? { backup: input.backup } : {}) });
    return { branch: branchView(r.branch), discarded: { from: r.discarded.from, to: r.discarded.to }, ...(r.backup ? { backup: branchView(r.backup) } : {}) };
  }

  async restoreAsBranch(project: string, branch: string, input: PointInput & { as: string }): Promise<BranchView> {
    this.names(project, branch);
    assertValidName('branch', input.as);
    const p = parsePointInput(input, { required: true, what: `restoring branch '${branch}' as '${input.as}'` })!;
    return branchView(await this.engine.createBranch(project, input.as, { from: branch, ...pointOpts(p) }));
  }

  // ---------------------------------------------------------------- reads

  async query(
    project: string,
    branch: string,
    input: PointInput & { collection: string; filter?: unknown; sort?: unknown; projection?: unknown; limit?: number },
  ): Promise<{ lsn: number; documents: unknown[] }> {
    this.names(project, branch);
    const collection = checkCollection(input.collection);
    const limit = checkLimit(input.limit, DEFAULT_QUERY_LIMIT, MAX_QUERY_LIMIT);
    const filter = documentFromEjson(input.filter, 'filter');
    const sort = documentFromEjson(input.sort, 'sort');
    const projection = documentFromEjson(input.projection, 'projection');
    const point = parsePointInput(input, { required: false, what: `querying ${project}@${branch}` });
    // Pin the read to one LSN so the reported lsn is exactly what the documents reflect.
    const lsn = await this.resolve(project, branch, point);
    const dbName = `${project}@${branch}@${lsn}`;
    const reply = await this.runner.execute(dbName, {
      find: collection,
      filter: filter ?? {},
      ...(sort ? { sort } : {}),
      ...(projection ? { projection } : {}),
      limit,
      batchSize: limit,
    });
    const cursor = reply.cursor as { firstBatch: unknown[]; id: unknown };
    const docs = [...cursor.firstBatch];
    let id = cursorIdOf(cursor.id);
    // Batches are capped at 16 MiB; drain the rest up to the limit.
    while (id !== 0n && docs.length < limit) {
      const more = (await this.runner.execute(dbName, { getMore: Long.fromBigInt(id), collection, batchSize: limit - docs.length })).cursor as { nextBatch: unknown[]; id: unknown };
      docs.push(...more.nextBatch);
      id = cursorIdOf(more.id);
    }
    if (id !== 0n) await this.runner.execute(dbName, { killCursors: collection, cursors: [Long.fromBigInt(id)] });
    return { lsn, documents: docs.map(toEjson) };
  }

  async history(project: string, branch: string, collection: string, id: unknown): Promise<{ versions: VersionView[] }> {
    this.names(project, branch);
    checkCollection(collection);
    const docId = normalizeValue(fromEjson(id, 'id'));
    const { snapshot } = await this.engine.view(formatDbName(project, branch));
    this.requireProject(project);
    const versions = documentHistory(snapshot, collection, docId).map(
      (v): VersionView => ({ lsn: v.lsn, time: v.time?.toISOString() ?? null, op: v.op, doc: v.doc === null ? null : toEjson(v.doc), ...(v.actor ? { actor: v.actor } : {}) }),
    );
    return { versions };
  }

  async log(project: string, opts: { branch?: string; collection?: string; limit?: number } = {}): Promise<{ entries: LogEntryView[] }> {
    assertValidName('project', project);
    if (opts.branch !== undefined) assertValidName('branch', opts.branch);
    if (opts.collection !== undefined) checkCollection(opts.collection);
    const limit = checkLimit(opts.limit, DEFAULT_LOG_LIMIT, MAX_LOG_LIMIT);
    let entries: WalEntry[];
    if (opts.branch !== undefined) {
      entries = await this.engine.branchLog(project, opts.branch, { ...(opts.collection !== undefined ? { collection: opts.collection } : {}), limit });
    } else {
      entries = await this.engine.projectLog(project, { ...(opts.collection !== undefined ? { collection: opts.collection } : {}), limit });
    }
    const state = this.requireProject(project);
    const names = new Map<string, string>();
    for (const b of state.branches.values()) names.set(b.id, b.name);
    return { entries: entries.map((e) => logEntryView(e, names.get(e.branchId) ?? e.branchId)) };
  }

  async diff(from: string, to: string, collection?: string): Promise<DiffView> {
    if (collection !== undefined) checkCollection(collection);
    const a = parseDbName(from);
    const b = parseDbName(to);
    if (a.project !== b.project) {
      throw new BadInputError(`diff compares two points of one project; got '${a.project}' (from) and '${b.project}' (to)`, { details: { field: 'to', from, to } });
    }
    return this.diffViews(from, to, collection);
  }

  // ---------------------------------------------------------------- helpers

  private async diffViews(from: string, to: string, collection?: string): Promise<DiffView> {
    const a = await this.engine.view(from);
    const b = await this.engine.view(to);
    if (!a.projectExists) throw this.projectNotFound(a.target.project);
    const d = diffSnapshots(a.snapshot, b.snapshot, collection);
    return {
      from,
      to,
      added: d.added.map((x) => ({ collection: x.collection, _id: toEjson(x._id), doc: toEjson(x.doc) })),
      removed: d.removed.map((x) => ({ collection: x.collection, _id: toEjson(x._id), doc: toEjson(x.doc) })),
      changed: d.changed.map((x) => ({ collection: x.collection, _id: toEjson(x._id), fields: [...x.fields] })),
    };
  }

  /** The LSN a point resolves to on a branch (its head without a point). */
  private async resolve(project: string, branch: string, point: ParsedPoint | undefined): Promise<number> {
    const dbName = point ? `${project}@${branch}@${pointSuffix(point)}` : `${project}@${branch}`;
    return (await this.engine.status(dbName)).headLsn;
  }

  private names(project: string, branch: string): void {
    assertValidName('project', project);
    assertValidName('branch', branch);
  }

  private requireProject(project: string) {
    const state = this.engine.project(project);
    if (!state) throw this.projectNotFound(project);
    return state;
  }

  private projectNotFound(project: string): NotFoundError {
    return new NotFoundError(`project '${project}' does not exist; list projects with GET /api/v1/projects or 'argon projects list'`, ARGON_CODES.PROJECT_NOT_FOUND, undefined, { project });
  }
}

function pointOpts(p: ParsedPoint | undefined): { lsn?: number; time?: Date } {
  if (!p) return {};
  return p.lsn !== undefined ? { lsn: p.lsn } : { time: p.time };
}

function logEntryView(e: WalEntry, branch: string): LogEntryView {
  const doc = e.kind === 'put' || e.kind === 'delete';
  return {
    lsn: e.lsn,
    time: new Date(e.ts).toISOString(),
    branch,
    collection: e.collection,
    kind: e.kind,
    ...(doc ? { op: e.op.type, _id: toEjson(e.id) } : {}),
    ...(e.actor ? { actor: e.actor } : {}),
  };
}
