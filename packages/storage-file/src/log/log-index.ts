import type { Lsn } from '@argon/core';

/** How many of a project's entries lie between two sparse index points. */
export const INDEX_EVERY = 256;

/** What one segment holds for one project. */
export interface SegmentProjectRange {
  minLsn: Lsn;
  maxLsn: Lsn;
  count: number;
}

/** Facts about one segment, kept in memory from open on. */
export interface SegmentInfo {
  readonly seq: number;
  readonly path: string;
  /** End of the valid (acknowledged) bytes. */
  size: number;
  entries: number;
  /** Newest entry commit time (epoch ms); -Infinity when empty. */
  maxTs: number;
  readonly projects: Map<string, SegmentProjectRange>;
  /**
   * True once every frame's CRC was checked by this process (scanned at open,
   * read in full, or written here). A segment restored from its summary is
   * not, until readLog or the background verification has read it.
   */
  verified: boolean;
  /**
   * CRC32 of the segment's bytes after the header, `[FILE_HEADER_BYTES,
   * size)`: kept by the writer as it appends and by open's scan, and stored
   * in the summary. Recovery's replay checks a summarized segment with it
   * in one pass instead of a CRC per frame. Undefined when unknown (a
   * summary written before this field existed).
   */
  dataCrc: number | undefined;
}

/** One project's part of a segment summary: its range and its index points in that segment. */
export interface SummaryProject extends SegmentProjectRange {
  readonly name: string;
  readonly lsns: readonly Lsn[];
  readonly offsets: readonly number[];
}

/** What a sealed segment's summary file holds: enough to index it without reading it. */
export interface SegmentSummary {
  readonly seq: number;
  readonly size: number;
  readonly entries: number;
  readonly maxTs: number;
  /** See {@link SegmentInfo.dataCrc}. */
  readonly dataCrc: number | undefined;
  readonly projects: readonly SummaryProject[];
}

/** A position in the log. */
export interface LogPosition {
  readonly seq: number;
  readonly offset: number;
}

class ProjectIndex {
  // Parallel arrays rather than objects: a million-entry log has ~4k points per project.
  readonly lsns: Lsn[] = [];
  readonly seqs: number[] = [];
  readonly offsets: number[] = [];
  lastLsn: Lsn = 0;
  lastSeq = -1;
  sincePoint = 0;
}

/**
 * The in-memory sparse index of the log: per segment, which projects it holds
 * (and their LSN range and newest commit time), and per project, the position
 * of every {@link INDEX_EVERY}-th entry plus its first entry in each segment.
 * Entries of a project are in ascending LSN order in the log, so
 * `readLog(afterLsn)` can binary-search its starting point.
 */
export class LogIndex {
  readonly segments: SegmentInfo[] = [];
  private readonly projects = new Map<string, ProjectIndex>();
  // One-entry cache: consecutive entries usually belong to the same project and segment.
  private cacheProject = '';
  private cacheIdx: ProjectIndex | undefined;
  private cacheSeg: SegmentInfo | undefined;
  private cacheRange: SegmentProjectRange | undefined;

  /** Registers a new (empty) segment at the end of the log. */
  addSegment(seq: number, path: string, size: number): SegmentInfo {
    const info: SegmentInfo = { seq, path, size, entries: 0, maxTs: -Infinity, projects: new Map(), verified: true, dataCrc: 0 };
    this.segments.push(info);
    return info;
  }

  /** Registers a sealed segment at the end of the log from its summary, without reading it (unverified). */
  addSummarizedSegment(path: string, sum: SegmentSummary): SegmentInfo {
    const info: SegmentInfo = { seq: sum.seq, path, size: sum.size, entries: sum.entries, maxTs: sum.maxTs, projects: new Map(), verified: false, dataCrc: sum.dataCrc };
    for (const p of sum.projects) {
      info.projects.set(p.name, { minLsn: p.minLsn, maxLsn: p.maxLsn, count: p.count });
      let idx = this.projects.get(p.name);
      if (!idx) this.projects.set(p.name, (idx = new ProjectIndex()));
      for (let i = 0; i < p.lsns.length; i++) {
        idx.lsns.push(p.lsns[i]!);
        idx.seqs.push(sum.seq);
        idx.offsets.push(p.offsets[i]!);
      }
      if (p.maxLsn > idx.lastLsn) idx.lastLsn = p.maxLsn;
      // The next entry is in a later segment, which always starts a new index point.
      idx.lastSeq = sum.seq;
    }
    this.cacheProject = '';
    this.cacheIdx = undefined;
    this.segments.push(info);
    return info;
  }

  /** The summary of segment `seg`: its facts and every project's index points in it. */
  summarize(seg: SegmentInfo): SegmentSummary {
    const projects: SummaryProject[] = [];
    for (const [name, range] of seg.projects) {
      const idx = this.projects.get(name)!;
      const lsns: Lsn[] = [];
      const offsets: number[] = [];
      for (let i = 0; i < idx.seqs.length; i++) {
        if (idx.seqs[i] !== seg.seq) continue;
        lsns.push(idx.lsns[i]!);
        offsets.push(idx.offsets[i]!);
      }
      projects.push({ name, minLsn: range.minLsn, maxLsn: range.maxLsn, count: range.count, lsns, offsets });
    }
    return { seq: seg.seq, size: seg.size, entries: seg.entries, maxTs: seg.maxTs, dataCrc: seg.dataCrc, projects };
  }

  /** The segment with sequence `seq`, if still present. */
  segment(seq: number): SegmentInfo | undefined {
    // Segments are few (a 64 GiB log has 1024); a linear scan from the end is fine.
    for (let i = this.segments.length - 1; i >= 0; i--) if (this.segments[i]!.seq === seq) return this.segments[i];
    return undefined;
  }

  /** The newest LSN of a project in the log, or 0. */
  lastLsn(project: string): Lsn {
    if (project === this.cacheProject && this.cacheIdx) return this.cacheIdx.lastLsn;
    return this.projects.get(project)?.lastLsn ?? 0;
  }

  /** Every project that has entries in the log, with its newest LSN. */
  lastLsns(): Map<string, Lsn> {
    const out = new Map<string, Lsn>();
    for (const [p, idx] of this.projects) out.set(p, idx.lastLsn);
    return out;
  }

  /** Records an entry at `offset` of segment `seg`; entries must come in log order. */
  add(seg: SegmentInfo, project: string, lsn: Lsn, ts: number, offset: number): void {
    let idx: ProjectIndex | undefined;
    let range: SegmentProjectRange | undefined;
    if (project === this.cacheProject && this.cacheIdx) {
      idx = this.cacheIdx;
      if (seg === this.cacheSeg) range = this.cacheRange;
    } else {
      idx = this.projects.get(project);
      if (!idx) this.projects.set(project, (idx = new ProjectIndex()));
    }
    if (idx.lastSeq !== seg.seq || idx.sincePoint >= INDEX_EVERY) {
      idx.lsns.push(lsn);
      idx.seqs.push(seg.seq);
      idx.offsets.push(offset);
      idx.sincePoint = 0;
      idx.lastSeq = seg.seq;
    }
    idx.sincePoint++;
    idx.lastLsn = lsn;
    range ??= seg.projects.get(project);
    if (!range) seg.projects.set(project, (range = { minLsn: lsn, maxLsn: lsn, count: 0 }));
    this.cacheProject = project;
    this.cacheIdx = idx;
    this.cacheSeg = seg;
    this.cacheRange = range;
    range.maxLsn = lsn;
    range.count++;
    seg.entries++;
    if (ts > seg.maxTs) seg.maxTs = ts;
  }

  /**
   * Where to start reading a project's entries with LSN above `afterLsn`:
   * the last index point at or below it (earlier entries are all ≤ afterLsn).
   * Null when the project has nothing above `afterLsn`.
   */
  seek(project: string, afterLsn: Lsn): LogPosition | null {
    const idx = this.projects.get(project);
    if (!idx || idx.lastLsn <= afterLsn || idx.lsns.length === 0) return null;
    let lo = 0;
    let hi = idx.lsns.length - 1;
    let found = 0;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (idx.lsns[mid]! <= afterLsn) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return { seq: idx.seqs[found]!, offset: idx.offsets[found]! };
  }

  /** Forgets the oldest segment (after it was deleted) and the index points into it. */
  dropOldestSegment(): SegmentInfo | undefined {
    const seg = this.segments.shift();
    if (!seg) return undefined;
    this.cacheSeg = undefined;
    this.cacheRange = undefined;
    for (const idx of this.projects.values()) {
      let n = 0;
      while (n < idx.seqs.length && idx.seqs[n]! <= seg.seq) n++;
      if (n === 0) continue;
      idx.lsns.splice(0, n);
      idx.seqs.splice(0, n);
      idx.offsets.splice(0, n);
      // lastLsn stays: it is still the newest LSN ever logged, which LSN allocation relies on.
      if (idx.lsns.length === 0 && idx.lastSeq <= seg.seq) idx.lastSeq = -1;
    }
    return seg;
  }
}
