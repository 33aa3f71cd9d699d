import { readdir } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { BranchRecord, ProjectRecord } from '@argon/core';
import { fsStorageError } from '../errors.js';
import type { FaultInjector } from '../options.js';
import { CoalescingPublisher } from './coalescing-publisher.js';
import { metaCorruption, readMetaFile, writeMetaFile } from './meta-file.js';

/** Sub-directory of the data directory holding the metadata files. */
export const META_DIR = 'meta';
/** File names in {@link META_DIR}. */
export const META_FILES = Object.freeze({
  manifest: 'manifest.json',
  projects: 'projects.json',
  lsnLeases: 'lsn-leases.json',
} as const);
const BRANCHES_RE = /^branches-([A-Za-z0-9_-]{1,64})\.json$/;

/** File name of a project's branch table. */
export function branchesFileName(project: string): string {
  return `branches-${project}.json`;
}

/** The identity of a data directory, written once when it is created. */
export interface Manifest {
  readonly format: 'argon-file-store';
  readonly formatVersion: number;
  readonly storeId: string;
  readonly createdAt: Date;
}

/** Every metadata kind with its file; used by `verifyDataDir` too. */
export function metaKindOf(name: string): string | undefined {
  if (name === META_FILES.manifest) return 'manifest';
  if (name === META_FILES.projects) return 'projects';
  if (name === META_FILES.lsnLeases) return 'lsn-leases';
  if (BRANCHES_RE.test(name)) return 'branches';
  return undefined;
}

/** LSN marks by project: every LSN ever handed out is at or below its project's mark. */
export type LeaseTable = Readonly<Record<string, number>>;

/**
 * Projects, branches and LSN leases, each table a checksummed metadata file
 * replaced atomically on every change (with group commit: concurrent saves
 * share one publish). Reads return the last durable state.
 */
export class MetaStore {
  private readonly branchTables = new Map<string, CoalescingPublisher<ReadonlyMap<string, BranchRecord>>>();

  private constructor(
    private readonly metaDir: string,
    readonly manifest: Manifest,
    private readonly projectTable: CoalescingPublisher<ReadonlyMap<string, ProjectRecord>>,
    /** LSN leases, see `LsnAllocator`. */
    readonly leases: CoalescingPublisher<LeaseTable>,
    private readonly faults: FaultInjector | undefined,
  ) {}

  /**
   * Loads every metadata file of `dir`, creating the manifest of a new data
   * directory. `hasLog` says whether segments exist: a log without a manifest
   * means the manifest was lost.
   */
  static async load(dir: string, opts: { readOnly: boolean; hasLog: boolean; faults: FaultInjector | undefined }): Promise<MetaStore> {
    const metaDir = join(dir, META_DIR);
    let names: string[];
    try {
      names = await readdir(metaDir);
    } catch (err) {
      if ((err as { code?: string }).code !== 'ENOENT') throw fsStorageError(err, 'listing', metaDir);
      names = [];
    }
    const manifestPath = join(metaDir, META_FILES.manifest);
    let manifest = (await readMetaFile(dir, manifestPath, 'manifest')) as Manifest | undefined;
    if (!manifest) {
      const others = names.filter((n) => metaKindOf(n) !== undefined);
      if (opts.hasLog || others.length > 0) throw metaCorruption(dir, manifestPath, 'file missing while the directory holds data');
      if (opts.readOnly) {
        throw fsStorageError(Object.assign(new Error('not an Argon data directory'), { code: 'ENOENT' }), 'opening', manifestPath);
      }
      manifest = { format: 'argon-file-store', formatVersion: 1, storeId: randomBytes(8).toString('hex'), createdAt: new Date() };
      await writeMetaFile(manifestPath, 'manifest', manifest, opts.faults);
    }

    const projectsPath = join(metaDir, META_FILES.projects);
    const projects = ((await readMetaFile(dir, projectsPath, 'projects')) as ProjectRecord[] | undefined) ?? [];
    if (!Array.isArray(projects)) throw metaCorruption(dir, projectsPath, 'data is not a list');
    const projectTable = new CoalescingPublisher<ReadonlyMap<string, ProjectRecord>>(
      new Map(projects.map((p) => [p.name, p])),
      (m) => writeMetaFile(projectsPath, 'projects', [...m.values()], opts.faults),
    );

    const leasesPath = join(metaDir, META_FILES.lsnLeases);
    const leases = ((await readMetaFile(dir, leasesPath, 'lsn-leases')) as LeaseTable | undefined) ?? {};
    if (typeof leases !== 'object' || leases === null || Array.isArray(leases)) throw metaCorruption(dir, leasesPath, 'data is not a table');
    const leaseTable = new CoalescingPublisher<LeaseTable>(leases, (t) => writeMetaFile(leasesPath, 'lsn-leases', t, opts.faults));

    const store = new MetaStore(metaDir, manifest, projectTable, leaseTable, opts.faults);
    for (const name of names) {
      const m = BRANCHES_RE.exec(name);
      if (!m) continue;
      const path = join(metaDir, name);
      const list = (await readMetaFile(dir, path, 'branches')) as BranchRecord[] | undefined;
      if (list === undefined) continue;
      if (!Array.isArray(list)) throw metaCorruption(dir, path, 'data is not a list');
      store.branchTable(m[1]!, new Map(list.map((b) => [b.id, b])));
    }
    return store;
  }

  /** All projects, deleted ones included. */
  projects(): ProjectRecord[] {
    return [...this.projectTable.value.values()];
  }

  /** Inserts or replaces a project; resolves once durable. */
  saveProject(project: ProjectRecord): Promise<void> {
    return this.projectTable.update((m) => new Map(m).set(project.name, project));
  }

  /** All branches of a project. */
  branches(project: string): BranchRecord[] {
    return [...(this.branchTables.get(project)?.value.values() ?? [])];
  }

  /** Inserts or replaces a branch; resolves once durable. */
  saveBranch(branch: BranchRecord): Promise<void> {
    return this.branchTable(branch.project).update((m) => new Map(m).set(branch.id, branch));
  }

  /** Number of metadata tables (for status). */
  get tableCount(): number {
    return 3 + this.branchTables.size;
  }

  /** Waits for every publish in flight. */
  async idle(): Promise<void> {
    await this.projectTable.idle();
    await this.leases.idle();
    for (const t of this.branchTables.values()) await t.idle();
  }

  private branchTable(project: string, initial?: ReadonlyMap<string, BranchRecord>): CoalescingPublisher<ReadonlyMap<string, BranchRecord>> {
    let t = this.branchTables.get(project);
    if (!t) {
      const path = join(this.metaDir, branchesFileName(project));
      t = new CoalescingPublisher<ReadonlyMap<string, BranchRecord>>(initial ?? new Map(), (m) =>
        writeMetaFile(path, 'branches', [...m.values()], this.faults),
      );
      this.branchTables.set(project, t);
    }
    return t;
  }
}
