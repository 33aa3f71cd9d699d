import { ArgonEngine, CommandRunner, MemoryStore } from '@argon/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createArgonMetrics, type ArgonMetrics } from '../../src/metrics/argon-metrics.js';
import { instrumentRunner } from '../../src/metrics/instrument-runner.js';

describe('instrumentRunner', () => {
  let engine: ArgonEngine;
  let runner: CommandRunner;
  let metrics: ArgonMetrics;

  beforeEach(async () => {
    engine = await ArgonEngine.open({ storage: new MemoryStore() });
    runner = new CommandRunner(engine);
    metrics = createArgonMetrics();
  });
  afterEach(async () => {
    runner.close();
    await engine.close();
  });

  it('counts commands by outcome and times them, passing replies and errors through', async () => {
    const r = instrumentRunner(runner, metrics);
    const reply = await r.execute('shop', { insert: 'orders', documents: [{ _id: 1 }] });
    expect(reply).toMatchObject({ ok: 1, n: 1 });
    await r.execute('shop', { find: 'orders', filter: {} });
    await expect(r.execute('shop', { insert: 42, documents: [{ _id: 1 }] })).rejects.toMatchObject({ code: 14 });
    await expect(r.execute('shop', { nosuch: 1 })).rejects.toMatchObject({ code: 59 });
    expect(metrics.commands.get({ command: 'insert', outcome: 'ok' })).toBe(1);
    expect(metrics.commands.get({ command: 'insert', outcome: 'error' })).toBe(1);
    expect(metrics.commands.get({ command: 'find', outcome: 'ok' })).toBe(1);
    expect(metrics.commands.get({ command: 'unknown', outcome: 'error' })).toBe(1);
    expect(metrics.commands.get({ command: 'nosuch', outcome: 'error' })).toBe(0);
    const timing = metrics.commandDuration.get({ command: 'insert' });
    expect(timing.count).toBe(2);
    expect(timing.sum).toBeGreaterThan(0);
    const text = await metrics.registry.render();
    expect(text).toContain('argon_commands_total{command="insert",outcome="ok"} 1\n');
    expect(text).toContain('argon_command_duration_seconds_count{command="find"} 1\n');
  });

  it('exposes the wrapped runner’s engine, cursors and lifecycle', async () => {
    const r = instrumentRunner(runner, metrics);
    expect(r.engine).toBe(engine);
    expect(r.cursors).toBe(runner.cursors);
    expect(r.has('find')).toBe(true);
    expect(r.has('nosuch')).toBe(false);
    await r.execute('shop', { insert: 'c', documents: Array.from({ length: 5 }, (_, i) => ({ _id: i })) });
    await r.execute('shop', { find: 'c', batchSize: 1 }, { connectionId: 7 });
    expect(runner.cursors.size).toBe(1);
    r.connectionClosed(7);
    expect(runner.cursors.size).toBe(0);
  });
});
