import type { ArgonEngine, StorageStatus } from '@argon/core';
import type { Counter } from './counter.js';
import type { Sample } from './collected-metric.js';
import type { Histogram } from './histogram.js';
import { MetricsRegistry } from './metrics-registry.js';

/** The metrics an Argon server exports, on one registry. */
export interface ArgonMetrics {
  readonly registry: MetricsRegistry;
  /** `argon_commands_total{command,outcome}`: database commands run (wire and HTTP). */
  readonly commands: Counter;
  /** `argon_command_duration_seconds{command}`: command latency, reads and writes. */
  readonly commandDuration: Histogram;
  /** `argon_http_requests_total{method,route,status}`: admin API requests. */
  readonly httpRequests: Counter;
  /** `argon_http_request_duration_seconds{method,route}`: admin API latency. */
  readonly httpDuration: Histogram;
}

/** Creates the registry with the command and HTTP metrics; see {@link watchEngine} for the rest. */
export function createArgonMetrics(): ArgonMetrics {
  const registry = new MetricsRegistry();
  return {
    registry,
    commands: registry.counter('argon_commands_total', 'Database commands run, by command name and outcome (ok or error).', ['command', 'outcome']),
    commandDuration: registry.histogram('argon_command_duration_seconds', 'Latency of database commands (reads and writes), in seconds.', ['command']),
    httpRequests: registry.counter('argon_http_requests_total', 'Admin HTTP API requests, by method, route pattern and status code.', ['method', 'route', 'status']),
    httpDuration: registry.histogram('argon_http_request_duration_seconds', 'Latency of admin HTTP API requests, in seconds.', ['method', 'route']),
  };
}

/** What {@link watchEngine} reads at scrape time. */
export interface EngineWatchOptions {
  readonly engine: ArgonEngine;
  /** Open cursors (`runner.cursors.size`). */
  readonly cursors?: { readonly size: number };
  /** Open wire connections. */
  readonly connections?: () => number;
  /** Epoch-ms clock (tests). */
  readonly clock?: () => number;
  /** How long one `storage.status()` result is reused across the metrics of a scrape (default 1000 ms). */
  readonly statusTtlMs?: number;
}

function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

function one(v: number | undefined): Sample[] {
  return v === undefined ? [] : [{ value: v }];
}

/**
 * Registers the metrics read from the engine and its storage when scraped:
 * WAL size and fsyncs (from `storage.status()`, when the backend reports
 * them: the file store does, the memory store does not), checkpoint lag per
 * project, open cursors, connections and recovery facts.
 *
 * `argon_checkpoint_age_seconds{project}` needs the time of a project's last
 * checkpoint, read from `lastCheckpointAt` on the engine's project state
 * when the engine provides it; `argon_checkpoint_pending_entries{project}`
 * (entries not yet covered by a checkpoint) is always exported.
 */
export function watchEngine(metrics: ArgonMetrics, opts: EngineWatchOptions): void {
  const { engine } = opts;
  const clock = opts.clock ?? Date.now;
  const ttl = opts.statusTtlMs ?? 1000;
  let cached: { at: number; status: Promise<StorageStatus> } | undefined;
  const status = (): Promise<StorageStatus> => {
    const now = clock();
    if (!cached || now - cached.at > ttl) cached = { at: now, status: engine.storage.status() };
    return cached.status;
  };
  const fromStatus = (field: string) => async () => one(num((await status())[field]));
  const reg = metrics.registry;

  reg.collected('argon_wal_bytes', 'Bytes of write-ahead log segments on disk.', 'gauge', [], fromStatus('logBytes'));
  reg.collected('argon_disk_bytes', 'Bytes used by the data directory.', 'gauge', [], fromStatus('bytesOnDisk'));
  reg.collected('argon_wal_appends_total', 'WAL appends acknowledged since the process started.', 'counter', [], fromStatus('appends'));
  reg.collected('argon_wal_appended_bytes_total', 'Bytes appended to the WAL since the process started.', 'counter', [], fromStatus('bytes'));
  reg.collected('argon_wal_failed_appends_total', 'WAL appends that failed (and were rolled back) since the process started.', 'counter', [], fromStatus('failedAppends'));
  reg.collected('argon_fsyncs_total', 'fsync/fdatasync calls made by the WAL writer since the process started.', 'counter', [], fromStatus('fsyncs'));
  reg.collected('argon_fsync_duration_seconds', 'Time spent in WAL fsyncs, in seconds (when the storage backend reports fsyncSeconds).', 'summary', [], async () => {
    const s = await status();
    const sum = num(s.fsyncSeconds);
    const count = num(s.fsyncs);
    return sum === undefined || count === undefined ? [] : [{ suffix: '_sum', value: sum }, { suffix: '_count', value: count }];
  });
  reg.collected('argon_checkpoint_age_seconds', 'Seconds since the last checkpoint of each project.', 'gauge', ['project'], () => {
    const out: Sample[] = [];
    for (const p of engine.projectStates()) {
      if (p.record.deleted) continue;
      const at = (p as { lastCheckpointAt?: unknown }).lastCheckpointAt;
      const ms = at instanceof Date ? at.getTime() : num(at);
      if (ms !== undefined) out.push({ labels: { project: p.name }, value: Math.max(0, (clock() - ms) / 1000) });
    }
    return out;
  });
  reg.collected('argon_checkpoint_pending_entries', 'Log entries of each project not yet covered by a checkpoint (what recovery would replay).', 'gauge', ['project'], () =>
    engine.projectStates().filter((p) => !p.record.deleted).map((p) => ({ labels: { project: p.name }, value: p.entriesSinceCheckpoint })),
  );
  reg.collected('argon_project_last_lsn', 'Highest LSN of each project.', 'gauge', ['project'], () =>
    engine.projectStates().filter((p) => !p.record.deleted).map((p) => ({ labels: { project: p.name }, value: p.lastLsn })),
  );
  reg.collected('argon_branches', 'Live branches of each project.', 'gauge', ['project'], () =>
    engine.projectStates().filter((p) => !p.record.deleted).map((p) => ({ labels: { project: p.name }, value: p.liveBranches().length })),
  );
  if (opts.cursors) {
    const cursors = opts.cursors;
    reg.collected('argon_open_cursors', 'Server-side cursors open right now.', 'gauge', [], () => [{ value: cursors.size }]);
  }
  if (opts.connections) {
    const connections = opts.connections;
    reg.collected('argon_connections', 'Client connections open right now.', 'gauge', [], () => [{ value: connections() }]);
  }
  reg.collected('argon_recovery_duration_seconds', 'Duration of the recovery at the last start, in seconds.', 'gauge', [], () => [{ value: engine.recovery.durationMs / 1000 }]);
  reg.collected('argon_recovery_entries_replayed', 'Log entries replayed by the recovery at the last start.', 'gauge', [], () => [{ value: engine.recovery.entriesScanned }]);
}
