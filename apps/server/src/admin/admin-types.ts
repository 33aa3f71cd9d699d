/**
 * The admin operations shared by the CLI and the HTTP API. Both speak these
 * JSON-safe shapes: documents and BSON values are Extended JSON (relaxed),
 * times are ISO 8601 strings, LSNs are numbers.
 *
 * `AdminService` (admin-service.ts) implements them on an engine; the CLI's
 * remote client implements the same interface over `/api/v1`.
 */

/** A branch as reported to people and programs. */
export interface BranchView {
  readonly name: string;
  readonly parent: string | null;
  readonly baseLsn: number;
  readonly headLsn: number;
  /** ISO 8601. */
  readonly createdAt: string;
  readonly deleted?: boolean;
  readonly resets?: ReadonlyArray<{ atLsn: number; toLsn: number; discarded: { from: number; to: number }; at: string; backup?: string }>;
}

/** The LSN and time range reachable on a branch. */
export interface TimeRangeView {
  readonly firstLsn: number;
  readonly headLsn: number;
  readonly firstTime: string | null;
  readonly headTime: string | null;
}

/** A project summary. */
export interface ProjectView {
  readonly name: string;
  readonly createdAt: string;
  readonly branches: number;
  readonly lastLsn: number;
}

/** Differences between two (branch, point) pairs. */
export interface DiffView {
  readonly from: string;
  readonly to: string;
  readonly added: ReadonlyArray<{ collection: string; _id: unknown; doc: unknown }>;
  readonly removed: ReadonlyArray<{ collection: string; _id: unknown; doc: unknown }>;
  readonly changed: ReadonlyArray<{ collection: string; _id: unknown; fields: string[] }>;
}

/** The result of a reset. */
export interface ResetView {
  readonly branch: BranchView;
  readonly discarded: { readonly from: number; readonly to: number };
  readonly backup?: BranchView;
}

/** A point on a branch: an LSN or an ISO time (exactly one). */
export interface PointInput {
  readonly lsn?: number;
  readonly time?: string;
}

/** One log entry for `argon log`. */
export interface LogEntryView {
  readonly lsn: number;
  readonly time: string;
  readonly branch: string;
  readonly collection: string;
  readonly kind: string;
  readonly op?: string;
  readonly _id?: unknown;
  readonly actor?: string;
}

/** One version of a document. */
export interface VersionView {
  readonly lsn: number;
  readonly time: string | null;
  readonly op: string;
  readonly doc: unknown;
  readonly actor?: string;
}

/** `status`: storage, LSNs, branches, recovery and disk use. */
export interface StatusView {
  readonly storage: Record<string, unknown>;
  readonly recovery: Record<string, unknown>;
  readonly projects: ReadonlyArray<ProjectView & { branches_detail?: BranchView[] }>;
  readonly server?: { readonly pid: number; readonly uptimeSeconds: number; readonly connections?: number };
}

/** The operations. Every method throws an ArgonError (stable `argonCode`) on bad input. */
export interface AdminOperations {
  status(): Promise<StatusView>;
  listProjects(): Promise<ProjectView[]>;
  createProject(name: string): Promise<ProjectView>;
  deleteProject(name: string): Promise<{ name: string; deleted: true }>;
  listBranches(project: string, opts?: { includeDeleted?: boolean }): Promise<BranchView[]>;
  createBranch(project: string, input: { name: string; from?: string } & PointInput): Promise<BranchView>;
  getBranch(project: string, branch: string): Promise<BranchView & { range: TimeRangeView }>;
  deleteBranch(project: string, branch: string): Promise<BranchView>;
  timeRange(project: string, branch: string): Promise<TimeRangeView>;
  /** What a reset would change: the diff from the branch head to the target point. */
  resetPreview(project: string, branch: string, point: PointInput): Promise<DiffView & { toLsn: number }>;
  resetBranch(project: string, branch: string, input: PointInput & { backup?: string }): Promise<ResetView>;
  /** Creates branch `as` from a historical point of `branch`. */
  restoreAsBranch(project: string, branch: string, input: PointInput & { as: string }): Promise<BranchView>;
  /** Reads a collection at a point (or the head when no point is given). */
  query(project: string, branch: string, input: PointInput & { collection: string; filter?: unknown; sort?: unknown; projection?: unknown; limit?: number }): Promise<{ lsn: number; documents: unknown[] }>;
  history(project: string, branch: string, collection: string, id: unknown): Promise<{ versions: VersionView[] }>;
  log(project: string, opts?: { branch?: string; collection?: string; limit?: number }): Promise<{ entries: LogEntryView[] }>;
  diff(from: string, to: string, collection?: string): Promise<DiffView>;
}
