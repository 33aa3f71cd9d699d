import { randomUUID } from 'node:crypto';
import {
  ARGON_CODES,
  AlreadyExistsError,
  ArgonError,
  BadInputError,
  NotFoundError,
  OutOfRangeError,
  ReadOnlyViewError,
  StorageError,
  MONGO_CODES,
} from '../errors.js';
import { silentLogger, type Logger } from '../logger.js';
import { MAIN_BRANCH, type BranchRecord, type ResetRecord } from '../model/branch.js';
import type { Lsn } from '../model/lsn.js';
import type { ProjectRecord } from '../model/project.js';
import type { WalEntry } from '../model/wal-entry.js';
import { assertValidName, parseDbName, type DbTarget, type PointSpec } from '../naming/names.js';
import type { OpenReport, ReadLogOptions, RecoveryStats, StorageBackend } from '../storage/storage-backend.js';
import { decodeCheckpoint, encodeCheckpoint, encodeCheckpointHeader } from './checkpoint-codec.js';
import { Mutex } from './mutex.js';
import { ProjectState } from './project-state.js';
import { Snapshot } from './snapshot.js';
import { WriteBatch } from './write-batch.js';

/** How many skipped LSNs a shared-backend catch-up remembers. */
const MAX_TRACKED_GAPS = 10_000;
/** A skipped LSN still missing after this long belonged to a write that never happened. */
const GAP_TIMEOUT_MS = 10_000;
/**
 * Pause between the 1 ms encoding slices of a background checkpoint: the
 * encoder takes at most ~25% of the main thread while requests are served.
 */
const BACKGROUND_PAUSE_MS = 3;
/** Recovery and catch-up only fold entries into version chains. */
const REPLAY: ReadLogOptions = Object.freeze({ forReplay: true });

/** Options of {@link ArgonEngine.open}. */
export interface EngineOptions {
  readonly storage: StorageBackend;
  readonly logger?: Logger;
  /** Write a checkpoint after this many entries (default 100,000; 0 disables). */
  readonly checkpointEveryEntries?: number;
  /** Clock in epoch ms (tests inject one). */
  readonly clock?: () => number;
}

/** How a read resolved its database name. */
export interface ResolvedView {
  readonly target: DbTarget;
  readonly snapshot: Snapshot;
  /** The LSN the view reads at (the head for live branches). */
  readonly lsn: Lsn;
  readonly readOnly: boolean;
  /** False when the project does not exist yet (reads see nothing). */
  readonly projectExists: boolean;
}

/** A branch as admin commands, the CLI and the HTTP API report it. */
export interface BranchInfo {
  readonly name: string;
  readonly parent: string | null;
  readonly baseLsn: Lsn;
  readonly headLsn: Lsn;
  readonly createdAt: Date;
  readonly deleted?: boolean;
  readonly resets?: readonly ResetRecord[];
}

/** Recovery facts of the last open, per project and overall. */
export interface EngineRecovery extends RecoveryStats {
  readonly projects: number;
  readonly messages: readonly string[];
}

/**
 * The Argon engine: projects, branches as pointers into an LSN-ordered log,
 * and a materialized, versioned state that answers reads at any branch head
 * or past point without replaying history.
 */
export class ArgonEngine {
  readonly storage: StorageBackend;
  readonly logger: Logger;
  private readonly projects = new Map<string, ProjectState>();
  private readonly locks = new Map<string, Mutex>();
  /** Checkpoints being written, by project. */
  private readonly checkpointing = new Map<string, Promise<Lsn | null>>();
  /** Set while closing: background checkpoints stop at their next slice. */
  private stoppingCheckpoints = false;
  private readonly metaVersions = new Map<string, number>();
  private readonly checkpointEvery: number;
  private readonly clock: () => number;
  private closed = false;
  recovery: EngineRecovery = { projects: 0, messages: [], checkpointLsn: null, entriesScanned: 0, truncatedBytes: 0, durationMs: 0 };

  private constructor(opts: EngineOptions) {
    this.storage = opts.storage;
    this.logger = opts.logger ?? silentLogger;
    this.checkpointEvery = opts.checkpointEveryEntries ?? 100_000;
    this.clock = opts.clock ?? Date.now;
  }

  /** Opens the storage, loads every project from its newest checkpoint and replays the log tail. */
  static async open(opts: EngineOptions): Promise<ArgonEngine> {
    const engine = new ArgonEngine(opts);
    const report = await engine.storage.open();
    await engine.recover(report);
    return engine;
  }

  private async recover(report: OpenReport): Promise<void> {
    const started = performance.now();
    let replayed = 0;
    let checkpointLsn: Lsn | null = null;
    const messages = [...report.messages];
    for (const rec of await this.storage.loadProjects()) {
      const state = await this.loadProject(rec);
      replayed += state.replayed;
      if (state.checkpointLsn !== null) checkpointLsn = Math.max(checkpointLsn ?? 0, state.checkpointLsn);
      this.projects.set(rec.name, state.state);
    }
    const durationMs = performance.now() - started;
    this.recovery = {
      projects: this.projects.size,
      messages,
      checkpointLsn,
      entriesScanned: replayed,
      truncatedBytes: report.recovery?.truncatedBytes ?? 0,
      durationMs: durationMs + (report.recovery?.durationMs ?? 0),
    };
    this.logger.info({ recovery: this.recovery }, `recovered ${this.projects.size} project(s): checkpoint ${checkpointLsn ?? 'none'}, ${replayed} entries replayed in ${durationMs.toFixed(0)} ms`);
  }

  private async loadProject(rec: ProjectRecord): Promise<{ state: ProjectState; replayed: number; checkpointLsn: Lsn | null }> {
    const state = new ProjectState(rec);
    for (const b of await this.storage.loadBranches(rec.name)) state.setBranch(b);
    let after = 0;
    let checkpointLsn: Lsn | null = null;
    const cp = await this.storage.loadCheckpoint(rec.name);
    if (cp) {
      decodeCheckpoint(cp, state);
      state.lastCheckpointAt = cp.createdAt;
      after = cp.lsn;
      checkpointLsn = cp.lsn;
      state.checkpointLsn = cp.lsn;
    }
    for (const b of state.branches.values()) for (const r of b.resets) state.timeIndex.add(r.atLsn, r.at.getTime());
    let replayed = 0;
    if (this.storage.replayLog) {
      replayed = await this.storage.replayLog(rec.name, after, (e) => state.apply(e));
    } else {
      for await (const e of this.storage.readLog(rec.name, after, undefined, REPLAY)) {
        state.apply(e);
        replayed++;
      }
    }
    for (const b of state.branches.values()) for (const r of b.resets) if (r.atLsn > state.lastLsn) state.lastLsn = r.atLsn;
    state.durableLsn = state.lastLsn;
    state.syncedLsn = state.lastLsn;
    state.entriesSinceCheckpoint = replayed;
    return { state, replayed, checkpointLsn };
  }

  /**
   * Shared backends only: applies what other processes wrote since the last
   * call. Metadata is reloaded when its version changed. LSNs skipped over
   * (reserved by a writer that has not finished yet) are remembered and asked
   * for again on later calls, so a slow writer's entry is never missed; a gap
   * still empty after GAP_TIMEOUT_MS belonged to a write that never happened.
   */
  async catchUp(project: string): Promise<void> {
    if (!this.storage.shared) return;
    await this.lockFor(project).run(async () => {
      const metaVersion = this.storage.metadataVersion ? await this.storage.metadataVersion() : NaN;
      let state = this.projects.get(project);
      if (!state || metaVersion !== this.metaVersions.get(project)) {
        const rec = (await this.storage.loadProjects()).find((p) => p.name === project);
        if (!rec) return;
        if (!state) {
          state = new ProjectState(rec);
          this.projects.set(project, state);
        } else state.record = rec;
        for (const b of await this.storage.loadBranches(project)) {
          state.setBranch(b);
          for (const r of b.resets) state.timeIndex.add(r.atLsn, r.at.getTime());
        }
        this.metaVersions.set(project, metaVersion);
      }
      const now = this.clock();
      const resetLsns = new Set<Lsn>();
      for (const b of state.branches.values()) for (const r of b.resets) resetLsns.add(r.atLsn);
      let prev = state.syncedLsn;
      for await (const e of this.storage.readLog(project, state.syncedLsn, undefined, REPLAY)) {
        for (let g = prev + 1; g < e.lsn && state.gaps.size < MAX_TRACKED_GAPS; g++) if (!resetLsns.has(g)) state.gaps.set(g, now);
        state.apply(e);
        prev = Math.max(prev, e.lsn);
      }
      state.syncedLsn = prev;
      if (state.gaps.size > 0 && this.storage.readLsns) {
        for (const e of await this.storage.readLsns(project, [...state.gaps.keys()])) {
          state.apply(e);
          state.gaps.delete(e.lsn);
        }
        for (const [g, since] of state.gaps) if (now - since > GAP_TIMEOUT_MS || resetLsns.has(g)) state.gaps.delete(g);
      }
      // Checkpoints must not cover an LSN that may still arrive.
      const firstGap = state.gaps.size ? Math.min(...state.gaps.keys()) : Infinity;
      state.durableLsn = Math.min(state.syncedLsn, firstGap - 1);
      if (state.lastLsn < state.syncedLsn) state.lastLsn = state.syncedLsn;
    });
  }

  private lockFor(project: string): Mutex {
    let m = this.locks.get(project);
    if (!m) this.locks.set(project, (m = new Mutex()));
    return m;
  }

  private assertOpen(): void {
    if (this.closed) throw new ArgonError('the engine is closed', { argonCode: ARGON_CODES.INTERNAL });
  }

  // ---------------------------------------------------------------- reads

  /** Live (not deleted) project state, if any. */
  project(name: string): ProjectState | undefined {
    const s = this.projects.get(name);
    return s && !s.record.deleted ? s : undefined;
  }

  /** Names of live projects. */
  projectNames(): string[] {
    return [...this.projects.values()].filter((p) => !p.record.deleted).map((p) => p.name).sort();
  }

  private requireProject(name: string): ProjectState {
    const s = this.project(name);
    if (!s) throw new NotFoundError(`project '${name}' does not exist; it is created by its first write, or with 'argon projects create ${name}'`, ARGON_CODES.PROJECT_NOT_FOUND);
    return s;
  }

  private requireBranch(state: ProjectState, name: string): BranchRecord {
    const b = state.branchByName(name);
    if (!b) {
      const known = state.liveBranches().map((x) => x.name).sort().join(', ');
      throw new NotFoundError(`branch '${name}' does not exist in project '${state.name}' (branches: ${known}); create it with argonCreateBranch or 'argon branches create ${name} --project ${state.name}'`, ARGON_CODES.BRANCH_NOT_FOUND, MONGO_CODES.NamespaceNotFound, { project: state.name, branch: name });
    }
    return b;
  }

  /** Resolves a point (LSN or time) on a branch to an LSN within its reachable range. */
  resolvePoint(state: ProjectState, branch: BranchRecord, point: PointSpec): Lsn {
    const head = state.head(branch.id);
    if (point.kind === 'lsn') {
      if (point.lsn > head) {
        throw new OutOfRangeError(`LSN ${point.lsn} is beyond the head of branch '${branch.name}' (head LSN ${head}); use an LSN between 0 and ${head}`, ARGON_CODES.LSN_OUT_OF_RANGE, { lsn: point.lsn, headLsn: head });
      }
      return point.lsn;
    }
    const t = point.time.getTime();
    if (Number.isNaN(t)) throw new BadInputError(`invalid time for branch '${branch.name}'`);
    return Math.min(state.timeIndex.lsnAt(t), head);
  }

  /** Resolves a database name to a read snapshot: a branch head or a time-travel view. */
  async view(dbName: string | DbTarget): Promise<ResolvedView> {
    this.assertOpen();
    const target = typeof dbName === 'string' ? parseDbName(dbName) : dbName;
    await this.catchUp(target.project);
    const state = this.project(target.project);
    if (!state) {
      if (target.branch !== MAIN_BRANCH) this.requireProject(target.project);
      const empty = new ProjectState({ name: target.project, createdAt: new Date(0), deleted: false });
      return { target, snapshot: new Snapshot(empty, []), lsn: 0, readOnly: target.point !== undefined, projectExists: false };
    }
    const branch = this.requireBranch(state, target.branch);
    if (target.point) {
      const lsn = this.resolvePoint(state, branch, target.point);
      return { target, snapshot: new Snapshot(state, state.segmentsAt(branch.id, lsn)), lsn, readOnly: true, projectExists: true };
    }
    return { target, snapshot: new Snapshot(state, state.liveSegments(branch.id)), lsn: state.head(branch.id), readOnly: false, projectExists: true };
  }

  // ---------------------------------------------------------------- writes

  /**
   * Runs a write command on a branch head. `fn` resolves filters and emits
   * entries under the project lock; the entries are then made durable
   * outside the lock (so concurrent writers share fsyncs) before this
   * resolves. If storage fails, the batch is rolled back from memory and a
   * StorageError is thrown: nothing unacknowledged stays visible.
   */
  async write<T>(dbName: string | DbTarget, actor: string | undefined, fn: (batch: WriteBatch) => Promise<T>): Promise<T> {
    this.assertOpen();
    const target = typeof dbName === 'string' ? parseDbName(dbName) : dbName;
    if (target.point) throw new ReadOnlyViewError(target.dbName);
    await this.catchUp(target.project);
    let batch: WriteBatch | undefined;
    let durable: Promise<void> | undefined;
    let result: T | undefined;
    let failure: unknown;
    let failed = false;
    await this.lockFor(target.project).run(async () => {
      const state = await this.projectForWrite(target);
      const branch = this.requireBranch(state, target.branch);
      batch = new WriteBatch(state, branch, this.storage, this.nextTs(state), actor, randomUUID());
      try {
        result = await fn(batch);
      } catch (err) {
        failure = err;
        failed = true;
      }
      // Append inside the lock so the log receives batches in LSN order; wait outside it.
      if (batch.entries.length > 0) {
        state.unsettled.add(batch);
        try {
          durable = this.storage.append(batch.entries);
        } catch (err) {
          // A backend that throws instead of rejecting: settle rolls back all the same.
          durable = Promise.reject(err);
        }
        state.appendsSettled = durable.then(
          () => undefined,
          () => undefined,
        );
      }
    });
    if (batch && durable) await this.settle(batch, durable);
    if (failed) throw failure;
    return result as T;
  }

  private nextTs(state: ProjectState): number {
    return Math.max(this.clock(), state.timeIndex.lastTime());
  }

  private async settle(batch: WriteBatch, durable: Promise<void>): Promise<void> {
    const { state, entries } = batch;
    try {
      await durable;
    } catch (err) {
      state.unsettled.delete(batch);
      for (let i = entries.length - 1; i >= 0; i--) state.rollback(entries[i]!, batch.headBefore);
      if (err instanceof ArgonError) throw err;
      throw new StorageError(`the write was not made durable and was rolled back: ${(err as Error).message}`, err);
    }
    state.unsettled.delete(batch);
    const last = entries[entries.length - 1]!.lsn;
    // On shared backends durableLsn follows the catch-up cursor instead: other
    // processes may still be writing LSNs below this one.
    if (!this.storage.shared && last > state.durableLsn) state.durableLsn = last;
    this.maybeCheckpoint(state);
  }

  private async projectForWrite(target: DbTarget): Promise<ProjectState> {
    const existing = this.project(target.project);
    if (existing) return existing;
    if (target.branch !== MAIN_BRANCH) this.requireProject(target.project);
    return this.createProjectLocked(target.project);
  }

  private async createProjectLocked(name: string): Promise<ProjectState> {
    assertValidName('project', name);
    const now = new Date(this.clock());
    const rec: ProjectRecord = { name, createdAt: now, deleted: false };
    const prev = this.projects.get(name);
    const state = prev ?? new ProjectState(rec);
    // The root's id is derived from the project's history, so two processes
    // creating the same project at once on a shared backend write the same
    // record instead of two competing mains.
    const roots = [...state.branches.values()].filter((b) => b.parentId === null).length;
    const main: BranchRecord = { id: roots === 0 ? 'main' : `main-${roots}`, project: name, name: MAIN_BRANCH, parentId: null, baseLsn: 0, headLsn: 0, createdAt: now, resets: [], deleted: false };
    // Branch first: a project record is only ever visible with its main.
    await this.storage.saveBranch(main);
    await this.storage.saveProject(rec);
    state.record = rec;
    state.setBranch(main);
    this.projects.set(name, state);
    this.logger.info({ project: name }, `created project ${name}`);
    return state;
  }

  // ---------------------------------------------------------------- projects

  /** Creates an empty project with its `main` branch. */
  async createProject(name: string): Promise<ProjectRecord> {
    assertValidName('project', name);
    return this.lockFor(name).run(async () => {
      if (this.project(name)) throw new AlreadyExistsError(`project '${name}' already exists`, ARGON_CODES.PROJECT_EXISTS, { project: name });
      return (await this.createProjectLocked(name)).record;
    });
  }

  /** Live projects with summary facts. */
  listProjects(): Array<{ name: string; createdAt: Date; branches: number; lastLsn: Lsn }> {
    return this.projectNames().map((n) => {
      const s = this.projects.get(n)!;
      return { name: n, createdAt: s.record.createdAt, branches: s.liveBranches().length, lastLsn: s.lastLsn };
    });
  }

  /** Soft-deletes a project; its log stays, and the name can be created again with a fresh main. */
  async deleteProject(name: string): Promise<void> {
    await this.lockFor(name).run(async () => {
      const state = this.requireProject(name);
      const now = new Date(this.clock());
      for (const b of state.liveBranches()) {
        const del: BranchRecord = { ...b, deleted: true, deletedAt: now };
        await this.storage.saveBranch(del);
        state.setBranch(del);
      }
      const rec: ProjectRecord = { ...state.record, deleted: true, deletedAt: now };
      await this.storage.saveProject(rec);
      state.record = rec;
    });
  }

  // ---------------------------------------------------------------- branches

  /** The public shape of a branch. */
  branchInfo(state: ProjectState, b: BranchRecord): BranchInfo {
    const parent = b.parentId ? state.branches.get(b.parentId)?.name ?? null : null;
    return {
      name: b.name,
      parent,
      baseLsn: b.baseLsn,
      headLsn: state.head(b.id),
      createdAt: b.createdAt,
      ...(b.deleted ? { deleted: true } : {}),
      ...(b.resets.length ? { resets: b.resets } : {}),
    };
  }

  /**
   * Creates a branch from `from` (default main) at its head, an LSN or a
   * time. O(1): one metadata record, no data copied.
   */
  async createBranch(project: string, name: string, opts: { from?: string; lsn?: Lsn; time?: Date } = {}): Promise<BranchInfo> {
    assertValidName('branch', name);
    if (opts.lsn !== undefined && opts.time !== undefined) throw new BadInputError('give either lsn or time, not both');
    await this.catchUp(project);
    return this.lockFor(project).run(async () => {
      const state = this.requireProject(project);
      if (state.branchByName(name)) throw new AlreadyExistsError(`branch '${name}' already exists in project '${project}'; pick another name or delete it first`, ARGON_CODES.BRANCH_EXISTS, { project, branch: name });
      const parent = this.requireBranch(state, opts.from ?? MAIN_BRANCH);
      // A fork point must not rest on a write that could still be rolled back.
      await state.appendsSettled;
      const point: PointSpec | undefined = opts.lsn !== undefined ? { kind: 'lsn', lsn: opts.lsn } : opts.time ? { kind: 'time', time: opts.time } : undefined;
      const base = point ? this.resolvePoint(state, parent, point) : state.head(parent.id);
      const rec: BranchRecord = { id: randomUUID(), project, name, parentId: parent.id, baseLsn: base, headLsn: base, createdAt: new Date(this.clock()), resets: [], deleted: false };
      await this.storage.saveBranch(rec);
      state.setBranch(rec);
      this.logger.info({ project, branch: name, from: parent.name, baseLsn: base }, `created branch ${project}@${name}`);
      return this.branchInfo(state, rec);
    });
  }

  /** Branches of a project (live ones, or all with `includeDeleted`). */
  async listBranches(project: string, opts: { includeDeleted?: boolean } = {}): Promise<BranchInfo[]> {
    await this.catchUp(project);
    const state = this.requireProject(project);
    return [...state.branches.values()].filter((b) => opts.includeDeleted || !b.deleted).map((b) => this.branchInfo(state, b));
  }

  /** One live branch. */
  async getBranch(project: string, name: string): Promise<BranchInfo> {
    await this.catchUp(project);
    const state = this.requireProject(project);
    return this.branchInfo(state, this.requireBranch(state, name));
  }

  /** Soft-deletes a branch; descendants keep their history. `main` cannot be deleted. */
  async deleteBranch(project: string, name: string): Promise<BranchInfo> {
    if (name === MAIN_BRANCH) throw new ArgonError(`branch 'main' cannot be deleted; delete the project instead`, { code: MONGO_CODES.IllegalOperation, argonCode: ARGON_CODES.BRANCH_PROTECTED });
    await this.catchUp(project);
    return this.lockFor(project).run(async () => {
      const state = this.requireProject(project);
      const b = this.requireBranch(state, name);
      const rec: BranchRecord = { ...b, headLsn: state.head(b.id), deleted: true, deletedAt: new Date(this.clock()) };
      await this.storage.saveBranch(rec);
      state.setBranch(rec);
      return this.branchInfo(state, rec);
    });
  }

  /**
   * Resets a branch to an earlier LSN or time, non-destructively: the
   * abandoned window is recorded, its entries stay in the log, and no later
   * write or fork can make them visible again. With `backup`, a branch keeps
   * the old head first.
   */
  async resetBranch(project: string, name: string, opts: { lsn?: Lsn; time?: Date; backup?: string }): Promise<{ branch: BranchInfo; discarded: { from: Lsn; to: Lsn }; backup?: BranchInfo }> {
    if ((opts.lsn === undefined) === (opts.time === undefined)) throw new BadInputError('give exactly one of lsn or time to reset to', { details: { field: 'lsn' } });
    if (opts.backup !== undefined) assertValidName('branch', opts.backup);
    await this.catchUp(project);
    return this.lockFor(project).run(async () => {
      const state = this.requireProject(project);
      const b = this.requireBranch(state, name);
      await state.appendsSettled;
      const point: PointSpec = opts.lsn !== undefined ? { kind: 'lsn', lsn: opts.lsn } : { kind: 'time', time: opts.time! };
      const to = this.resolvePoint(state, b, point);
      const oldHead = state.head(b.id);
      let backup: BranchInfo | undefined;
      if (opts.backup !== undefined) {
        if (state.branchByName(opts.backup)) throw new AlreadyExistsError(`backup branch '${opts.backup}' already exists; choose another --backup name`, ARGON_CODES.BRANCH_EXISTS);
        const bk: BranchRecord = { id: randomUUID(), project, name: opts.backup, parentId: b.id, baseLsn: oldHead, headLsn: oldHead, createdAt: new Date(this.clock()), resets: [], deleted: false };
        await this.storage.saveBranch(bk);
        state.setBranch(bk);
        backup = this.branchInfo(state, bk);
      }
      const atLsn = await this.storage.reserveLsns(project, 1);
      const at = new Date(this.nextTs(state));
      const reset: ResetRecord = { atLsn, toLsn: to, discarded: { from: to + 1, to: oldHead }, at, ...(opts.backup ? { backup: opts.backup } : {}) };
      const rec: BranchRecord = { ...b, headLsn: to, resets: [...b.resets, reset] };
      await this.storage.saveBranch(rec);
      state.heads.set(b.id, to);
      state.setBranch(rec);
      state.timeIndex.add(atLsn, at.getTime());
      if (atLsn > state.lastLsn) state.lastLsn = atLsn;
      this.logger.info({ project, branch: name, to, discarded: reset.discarded }, `reset ${project}@${name} to LSN ${to}`);
      return { branch: this.branchInfo(state, rec), discarded: reset.discarded, ...(backup ? { backup } : {}) };
    });
  }

  /** Head LSN of a branch and the project's latest LSN. */
  async status(dbName: string): Promise<{ project: string; branch: string; headLsn: Lsn; projectLsn: Lsn }> {
    const target = parseDbName(dbName);
    await this.catchUp(target.project);
    const state = this.requireProject(target.project);
    const b = this.requireBranch(state, target.branch);
    const headLsn = target.point ? this.resolvePoint(state, b, target.point) : state.head(b.id);
    return { project: target.project, branch: target.branch, headLsn, projectLsn: state.lastLsn };
  }

  /** The LSN and time range reachable on a branch. */
  async timeRange(project: string, branch: string): Promise<{ firstLsn: Lsn; headLsn: Lsn; firstTime: Date | null; headTime: Date | null; createdAt: Date }> {
    await this.catchUp(project);
    const state = this.requireProject(project);
    const b = this.requireBranch(state, branch);
    const head = state.head(b.id);
    const segs = state.segmentsAt(b.id, head);
    const firstLsn = segs.length ? segs[0]!.lo + 1 : 0;
    const ft = segs.length ? state.timeIndex.timeOf(firstLsn) ?? state.timeIndex.timeOf(segs[0]!.hi) : undefined;
    const ht = state.timeIndex.timeOf(head);
    return { firstLsn: Math.min(firstLsn, head), headLsn: head, firstTime: ft === undefined ? null : new Date(ft), headTime: ht === undefined ? null : new Date(ht), createdAt: b.createdAt };
  }

  /** Entry timestamps, for history output. */
  timeOf(project: string, lsn: Lsn): Date | null {
    const t = this.projects.get(project)?.timeIndex.timeOf(lsn);
    return t === undefined ? null : new Date(t);
  }

  // ---------------------------------------------------------------- log access

  /** Entries visible on a branch (newest first), for `argon log`. */
  async branchLog(project: string, branch: string, opts: { collection?: string; limit?: number } = {}): Promise<WalEntry[]> {
    await this.catchUp(project);
    const state = this.requireProject(project);
    const b = this.requireBranch(state, branch);
    const segs = state.segmentsAt(b.id, state.head(b.id));
    const coll = opts.collection;
    return this.newestEntries(state, opts.limit, (e) => (coll === undefined || e.collection === coll) && segs.some((s) => s.branchId === e.branchId && e.lsn > s.lo && e.lsn <= s.hi));
  }

  /**
   * A project's newest logged entries (every branch's; only one collection's
   * with `collection`), newest first, at most `limit` (all without one).
   */
  async projectLog(project: string, opts: { collection?: string; limit?: number } = {}): Promise<WalEntry[]> {
    await this.catchUp(project);
    const state = this.requireProject(project);
    const coll = opts.collection;
    return this.newestEntries(state, opts.limit, (e) => coll === undefined || e.collection === coll);
  }

  /**
   * Reads the log backwards in windows of LSNs that grow fourfold, each
   * read forward from its start (the backends seek to an LSN), until
   * `limit` entries match or the start of the log is reached: showing the
   * last entries of a long history reads only the end of the log.
   */
  private async newestEntries(state: ProjectState, limit: number | undefined, match: (e: WalEntry) => boolean): Promise<WalEntry[]> {
    let hi = state.lastLsn;
    let span = limit === undefined ? hi : Math.max(1024, limit * 4);
    const found: WalEntry[][] = [];
    let count = 0;
    while (hi > 0 && (limit === undefined || count < limit)) {
      const lo = Math.max(0, hi - span);
      const window: WalEntry[] = [];
      for await (const e of this.storage.readLog(state.name, lo)) {
        if (e.lsn > hi) break;
        if (match(e)) window.push(e);
      }
      found.push(window.reverse());
      count += window.length;
      hi = lo;
      span *= 4;
    }
    const out = found.flat();
    return limit === undefined ? out : out.slice(0, limit);
  }

  // ---------------------------------------------------------------- checkpoints

  private maybeCheckpoint(state: ProjectState): void {
    // A fixed interval keeps the replayed tail, and so restart time, bounded
    // whatever the history. Images are incremental where the backend allows
    // it, so each one costs what was written since the previous one.
    if (this.checkpointEvery <= 0 || state.entriesSinceCheckpoint < this.checkpointEvery) return;
    if (this.checkpointing.has(state.name) || this.stoppingCheckpoints) return;
    void this.checkpoint(state.name, { background: true }).catch((err) => this.logger.error({ err, project: state.name }, 'checkpoint failed'));
  }

  /**
   * Writes a checkpoint image of a project at its durable LSN: incremental
   * on the previous checkpoint when the backend supports it (a full image
   * if that fails, e.g. the previous file was removed or damaged). Resolves
   * the LSN, or null when there is no such project, one is already being
   * written, or the engine is closing. A `background` one leaves most of
   * the CPU to requests (see {@link BACKGROUND_PAUSE_MS}).
   */
  checkpoint(project: string, opts: { background?: boolean } = {}): Promise<Lsn | null> {
    const state = this.projects.get(project);
    if (!state || this.checkpointing.has(project) || this.stoppingCheckpoints) return Promise.resolve(null);
    const run = this.writeCheckpoint(state, opts.background ? BACKGROUND_PAUSE_MS : 0).finally(() => this.checkpointing.delete(project));
    this.checkpointing.set(project, run);
    return run;
  }

  private async writeCheckpoint(state: ProjectState, pauseMs: number): Promise<Lsn | null> {
    const project = state.name;
    const lsn = state.durableLsn;
    const entries = state.entriesSinceCheckpoint;
    state.entriesSinceCheckpoint = 0;
    const started = performance.now();
    const createdAt = new Date(this.clock());
    const cancelled = () => this.stoppingCheckpoints;
    const pacing = { cancelled, pauseMs };
    const base = this.storage.incrementalCheckpoints && state.checkpointLsn !== null && state.checkpointLsn <= lsn ? state.checkpointLsn : undefined;
    // A cancelled image leaves its entries counted, for the final checkpoint.
    const cancel = (): null => ((state.entriesSinceCheckpoint += entries), null);
    // The backend builds the versions above the base from its log, off this
    // thread: only the header is encoded here. Without a base that is every
    // entry, which the log still holds only while no checkpoint exists.
    if (this.storage.saveCheckpointFromLog && (base !== undefined || state.checkpointLsn === null)) {
      try {
        await this.storage.saveCheckpointFromLog({ project, lsn, createdAt, chunks: [encodeCheckpointHeader(state, lsn)], ...(base !== undefined ? { baseLsn: base } : {}) });
        return this.checkpointSaved(state, lsn, base, createdAt, started, 'built from the log');
      } catch (err) {
        this.logger.warn({ err, project, lsn, base }, `checkpoint of ${project} built from the log failed (${(err as Error).message}); encoding it from memory`);
      }
    }
    let image = await encodeCheckpoint(state, lsn, createdAt, { ...pacing, ...(base !== undefined ? { baseLsn: base } : {}) });
    if (!image) return cancel();
    try {
      await this.storage.saveCheckpoint(image);
    } catch (err) {
      if (base === undefined) throw err;
      this.logger.warn({ err, project, lsn, base }, `incremental checkpoint of ${project} on LSN ${base} failed (${(err as Error).message}); writing a full one`);
      image = await encodeCheckpoint(state, lsn, createdAt, pacing);
      if (!image) return cancel();
      await this.storage.saveCheckpoint(image);
    }
    return this.checkpointSaved(state, lsn, image.baseLsn, createdAt, started, 'encoded from memory');
  }

  private checkpointSaved(state: ProjectState, lsn: Lsn, base: Lsn | undefined, createdAt: Date, started: number, how: string): Lsn {
    state.lastCheckpointAt = createdAt;
    state.checkpointLsn = lsn;
    const kind = base !== undefined ? `incremental on LSN ${base}` : 'full';
    this.logger.info({ project: state.name, lsn, base: base ?? null, ms: Math.round(performance.now() - started) }, `checkpoint of ${state.name} at LSN ${lsn} (${kind}, ${how})`);
    return lsn;
  }

  /** Checkpoints every project (used on graceful shutdown). */
  async checkpointAll(): Promise<void> {
    for (const name of this.projects.keys()) {
      await this.checkpointing.get(name)?.catch(() => null);
      const s = this.projects.get(name)!;
      if (s.entriesSinceCheckpoint > 0) await this.checkpoint(name);
    }
  }

  /**
   * Flushes and closes storage. Background checkpoints still being encoded
   * are stopped (and awaited) first; with `checkpoint`, a final one is then
   * written.
   */
  async close(opts: { checkpoint?: boolean } = {}): Promise<void> {
    if (this.closed) return;
    this.stoppingCheckpoints = true;
    await Promise.allSettled([...this.checkpointing.values()]);
    this.stoppingCheckpoints = false;
    if (opts.checkpoint) await this.checkpointAll().catch((err) => this.logger.error({ err }, 'final checkpoint failed'));
    this.stoppingCheckpoints = true;
    this.closed = true;
    await this.storage.close();
  }

  /** Every project state (for status and tools). */
  projectStates(): ProjectState[] {
    return [...this.projects.values()];
  }

}
