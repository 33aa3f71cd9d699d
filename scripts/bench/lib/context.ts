/** The runner's shared state, handed to every workload. */
import { mkdirSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { SectionResult } from './report.js';

/** Machine limits measured in the same run (see workloads/machine.ts). */
export interface MachineLimits {
  /** Raw 256-byte write + fdatasync loop, ops/s (median of every round of the run). */
  fsyncPerSec: number;
  /** Every fsync round's rate, in run order (start of run, then end of run). */
  fsyncRounds: number[];
  /** BSON serialization of the benchmark documents, docs/s. */
  bsonSerializePerSec: number;
  /** BSON deserialization of the same documents, docs/s. */
  bsonDeserializePerSec: number;
  /** BSON size of one benchmark document, bytes. */
  docBsonBytes: number;
}

/** Sizes and round counts of one mode (`--quick` or full). */
export interface Budget {
  readonly rounds: number;
  readonly warmupMs: number;
  readonly roundMs: number;
  /** Records loaded for YCSB, range queries and footprint. */
  readonly records: number;
}

/** What a workload gets from the runner. */
export interface BenchContext {
  readonly quick: boolean;
  readonly budget: Budget;
  /** Root of this run's data directories (the filesystem the fsync loop measures). */
  readonly root: string;
  readonly machine: MachineLimits;
  /** Results of the workloads that already ran, by id. */
  readonly results: ReadonlyMap<string, SectionResult>;
  /** A fresh, empty directory under `root`. */
  dir(name: string): string;
  /** A progress line on stderr. */
  log(msg: string): void;
}

/** One benchmark workload (one file under workloads/). */
export interface Workload {
  readonly id: string;
  readonly title: string;
  run(ctx: BenchContext): Promise<SectionResult>;
}

let dirSeq = 0;

/** Creates a fresh directory `<root>/<n>-<name>`. */
export function freshDir(root: string, name: string): string {
  const d = join(root, `${String(++dirSeq).padStart(3, '0')}-${name}`);
  mkdirSync(d, { recursive: true });
  return d;
}

/** Total size in bytes of the files under `path` (or of the file itself). */
export function diskUsage(path: string): number {
  let st;
  try {
    st = statSync(path);
  } catch {
    return 0;
  }
  if (!st.isDirectory()) return st.size;
  let total = 0;
  for (const name of readdirSync(path)) total += diskUsage(join(path, name));
  return total;
}

/** Lets the garbage collector run between peers when node was started with --expose-gc. */
export function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}
