import { ArgonEngine, CommandRunner, MemoryStore, type StorageStatus } from '@argon/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createArgonMetrics, watchEngine } from '../../src/metrics/argon-metrics.js';

/** A memory store that reports file-store-like counters. */
class CountingStore extends MemoryStore {
  statusCalls = 0;
  extra: Record<string, unknown> = { logBytes: 4096, bytesOnDisk: 8192, appends: 10, bytes: 2048, fsyncs: 4, failedAppends: 1 };
  override async status(): Promise<StorageStatus> {
    this.statusCalls++;
    return { ...(await super.status()), ...this.extra };
  }
}

describe('watchEngine', () => {
  let store: CountingStore;
  let engine: ArgonEngine;
  let runner: CommandRunner;
  let now = 1_000_000;

  beforeEach(async () => {
    store = new CountingStore();
    engine = await ArgonEngine.open({ storage: store });
    runner = new CommandRunner(engine);
    await runner.execute('shop', { insert: 'c', documents: [{ _id: 1 }, { _id: 2 }] });
  });
  afterEach(async () => {
    runner.close();
    await engine.close();
  });

  it('exports WAL, fsync, checkpoint, cursor, connection and recovery metrics', async () => {
    const metrics = createArgonMetrics();
    watchEngine(metrics, { engine, cursors: runner.cursors, connections: () => 4, clock: () => now });
    const text = await metrics.registry.render();
    expect(text).toContain('# TYPE argon_wal_bytes gauge\nargon_wal_bytes 4096\n');
    expect(text).toContain('argon_disk_bytes 8192\n');
    expect(text).toContain('# TYPE argon_fsyncs_total counter\nargon_fsyncs_total 4\n');
    expect(text).toContain('argon_wal_appends_total 10\n');
    expect(text).toContain('argon_wal_appended_bytes_total 2048\n');
    expect(text).toContain('argon_wal_failed_appends_total 1\n');
    expect(text).toContain('argon_checkpoint_pending_entries{project="shop"} 3\n');
    expect(text).toContain('argon_project_last_lsn{project="shop"} 3\n');
    expect(text).toContain('argon_branches{project="shop"} 1\n');
    expect(text).toContain('argon_open_cursors 0\n');
    expect(text).toContain('argon_connections 4\n');
    expect(text).toContain('argon_recovery_entries_replayed 0\n');
    // No fsync timings reported by this backend, no checkpoint time known: the families are left out.
    expect(text).not.toContain('argon_fsync_duration_seconds');
    expect(text).not.toContain('argon_checkpoint_age_seconds');
    expect(store.statusCalls).toBe(1);
  });

  it('exports fsync durations and checkpoint age when storage and engine report them', async () => {
    store.extra = { ...store.extra, fsyncSeconds: 0.25 };
    const state = engine.projectStates()[0]!;
    (state as unknown as { lastCheckpointAt: Date }).lastCheckpointAt = new Date(now - 90_000);
    const metrics = createArgonMetrics();
    watchEngine(metrics, { engine, clock: () => now });
    const text = await metrics.registry.render();
    expect(text).toContain('# TYPE argon_fsync_duration_seconds summary\nargon_fsync_duration_seconds_sum 0.25\nargon_fsync_duration_seconds_count 4\n');
    expect(text).toContain('argon_checkpoint_age_seconds{project="shop"} 90\n');
    expect(text).not.toContain('argon_open_cursors');
    expect(text).not.toContain('argon_connections');
  });

  it('leaves out what the memory store does not report', async () => {
    store.extra = {};
    const metrics = createArgonMetrics();
    watchEngine(metrics, { engine });
    const text = await metrics.registry.render();
    expect(text).not.toContain('argon_wal_bytes');
    expect(text).not.toContain('argon_fsyncs_total');
    expect(text).toContain('argon_checkpoint_pending_entries{project="shop"} 3\n');
  });

  it('reuses one storage status within the TTL and refreshes after it', async () => {
    const metrics = createArgonMetrics();
    watchEngine(metrics, { engine, clock: () => now, statusTtlMs: 1000 });
    await metrics.registry.render();
    await metrics.registry.render();
    expect(store.statusCalls).toBe(1);
    now += 1001;
    await metrics.registry.render();
    expect(store.statusCalls).toBe(2);
  });
});
