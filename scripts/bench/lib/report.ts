/**
 * What a workload hands back to the runner: detail tables, headline rows,
 * scaling curves (one SVG chart each) and raw data for results.json.
 */

/** A detail table printed under its section. */
export interface DetailTable {
  readonly title: string;
  readonly headers: readonly string[];
  readonly rows: ReadonlyArray<readonly string[]>;
  readonly notes?: readonly string[];
}

/** A machine limit a headline figure can be compared with. */
export type MachineLimitName = 'fsync' | 'bsonSerialize' | 'bsonDeserialize' | 'bsonSize';

/** One line of the headline table. */
export interface HeadlineRow {
  /** What was measured, e.g. `YCSB-A (50/50), sync`. */
  readonly figure: string;
  /** Argon's number, formatted with its unit. */
  readonly argon: string;
  /** Argon's number, raw (for results.json). */
  readonly argonValue: number;
  readonly unit: string;
  /** The best peer in the same run, formatted (`SQLite FULL: 1.2k ops/s`). */
  readonly peer?: string;
  /** Argon relative to that peer, oriented so that > 1 means Argon is better. */
  readonly vsPeer?: number;
  /**
   * The figure to divide by a machine limit (same unit as the limit: ops/s
   * against the fsync rate, docs/s against the BSON rates, bytes against the
   * BSON size of a document). The runner divides at the end of the run, with
   * the limits measured in it.
   */
  readonly vsMachine?: {
    readonly limit: MachineLimitName;
    readonly value: number;
    /** A workload's own measurement of the limit (e.g. an fsync loop interleaved with its rounds), used instead of the run-wide one. */
    readonly limitValue?: number;
    readonly limitLabel?: string;
    /** The ratio itself when the workload computed it (e.g. the median of per-round ratios to an adjacent limit measurement). */
    readonly ratio?: number;
  };
  /** The goal from the issue, in words; `met` says whether this run met it. */
  readonly goal?: string;
  readonly met?: boolean;
}

/** One point of a scaling curve. */
export interface CurvePoint {
  readonly series: string;
  readonly x: number;
  readonly y: number;
}

/** A scaling curve, drawn as bench/results/<id>.svg. */
export interface Curve {
  readonly id: string;
  readonly title: string;
  readonly xTitle: string;
  readonly yTitle: string;
  readonly points: readonly CurvePoint[];
}

/** Everything one workload produced. */
export interface SectionResult {
  readonly id: string;
  readonly title: string;
  readonly tables: readonly DetailTable[];
  readonly headline: readonly HeadlineRow[];
  readonly curves: readonly Curve[];
  readonly notes: readonly string[];
  /** Raw figures for results.json. */
  readonly data: unknown;
  readonly durationMs?: number;
}

/** Builds a section result with empty defaults. */
export function section(id: string, title: string, parts: Partial<Omit<SectionResult, 'id' | 'title'>>): SectionResult {
  return { id, title, tables: parts.tables ?? [], headline: parts.headline ?? [], curves: parts.curves ?? [], notes: parts.notes ?? [], data: parts.data ?? null };
}
