import type { BranchRecord } from '../model/branch.js';
import type { Lsn } from '../model/lsn.js';
import type { ProjectRecord } from '../model/project.js';
import type { WalEntry } from '../model/wal-entry.js';
import type { CheckpointImage, OpenReport, StorageBackend, StorageStatus } from './storage-backend.js';
import { StorageError } from '../errors.js';

/**
 * A non-durable store that keeps everything in process memory. It is the
 * reference implementation of the storage contract and backs `memory:` URLs.
 */
export class MemoryStore implements StorageBackend {
  readonly kind = 'memory' as const;
  readonly shared = false;
  readonly incrementalCheckpoints = true;
  private readonly projects = new Map<string, ProjectRecord>();
  private readonly branches = new Map<string, Map<string, BranchRecord>>();
  private readonly logs = new Map<string, WalEntry[]>();
  private readonly counters = new Map<string, Lsn>();
  private readonly checkpoints = new Map<string, CheckpointImage[]>();

  async open(): Promise<OpenReport> {
    return { messages: [] };
  }

  async close(): Promise<void> {}

  async loadProjects(): Promise<ProjectRecord[]> {
    return [...this.projects.values()];
  }

  async saveProject(project: ProjectRecord): Promise<void> {
    this.projects.set(project.name, project);
  }

  async loadBranches(project: string): Promise<BranchRecord[]> {
    return [...(this.branches.get(project)?.values() ?? [])];
  }

  async saveBranch(branch: BranchRecord): Promise<void> {
    let m = this.branches.get(branch.project);
    if (!m) this.branches.set(branch.project, (m = new Map()));
    m.set(branch.id, branch);
  }

  async reserveLsns(project: string, count: number): Promise<Lsn> {
    const first = (this.counters.get(project) ?? 0) + 1;
    this.counters.set(project, first + count - 1);
    return first;
  }

  async append(entries: readonly WalEntry[]): Promise<void> {
    for (const e of entries) {
      let log = this.logs.get(e.project);
      if (!log) this.logs.set(e.project, (log = []));
      log.push(e);
    }
  }

  async *readLog(project: string, afterLsn: Lsn, limit = Infinity): AsyncIterable<WalEntry> {
    const log = this.logs.get(project) ?? [];
    // Binary search for the first entry above afterLsn; the log is LSN-ordered.
    let lo = 0;
    let hi = log.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (log[mid]!.lsn <= afterLsn) lo = mid + 1;
      else hi = mid;
    }
    let n = 0;
    for (let i = lo; i < log.length && n < limit; i++, n++) yield log[i]!;
  }

  async saveCheckpoint(checkpoint: CheckpointImage): Promise<void> {
    const list = this.checkpoints.get(checkpoint.project) ?? [];
    const { baseLsn, ...image } = checkpoint;
    if (baseLsn !== undefined) {
      // Stored self-contained: the base's chain chunks go after the header.
      const base = list.find((c) => c.lsn === baseLsn);
      if (!base) throw new StorageError(`no checkpoint of ${checkpoint.project} at LSN ${baseLsn} to base an incremental one on`);
      const [header, ...own] = image.chunks;
      list.push({ ...image, chunks: [header!, ...base.chunks.slice(1), ...own] });
    } else list.push(image);
    this.checkpoints.set(checkpoint.project, list.slice(-3));
  }

  async loadCheckpoint(project: string): Promise<CheckpointImage | null> {
    return this.checkpoints.get(project)?.at(-1) ?? null;
  }

  async status(): Promise<StorageStatus> {
    let entries = 0;
    for (const l of this.logs.values()) entries += l.length;
    return { kind: 'memory', location: 'memory', durability: 'none (process memory)', entries };
  }
}
