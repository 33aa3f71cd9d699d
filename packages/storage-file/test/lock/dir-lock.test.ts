import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LockedError } from '@argon/core';
import { FileStore } from '../../src/index.js';
import { lsnsOf } from '../support/store-helpers.js';
import { tempDir } from '../support/temp-dir.js';

const CHILD = fileURLToPath(new URL('../support/store-child.ts', import.meta.url));
const REPO = resolve(fileURLToPath(new URL('../../../..', import.meta.url)));

/** Starts the child helper; resolves with it once it printed a line matching `until`. */
function startChild(args: string[], until: RegExp): Promise<{ child: ChildProcess; line: string; lines: string[] }> {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, ...args], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((res, rej) => {
    const rl = createInterface({ input: child.stdout! });
    rl.on('line', (line) => {
      lines.push(line);
      if (until.test(line)) res({ child, line, lines });
    });
    child.on('exit', (code) => rej(new Error(`child exited with ${code}: ${lines.join('\n')} ${stderr}`)));
  });
}

function killed(child: ChildProcess): Promise<void> {
  return new Promise((r) => {
    if (child.exitCode !== null || child.signalCode !== null) return r();
    child.once('exit', () => r());
    child.kill('SIGKILL');
  });
}

describe('single writer lock', () => {
  let t: Awaited<ReturnType<typeof tempDir>>;
  let dir: string;
  const children: ChildProcess[] = [];
  beforeEach(async () => {
    t = await tempDir();
    dir = join(t.dir, 'data');
  });
  afterEach(async () => {
    for (const c of children.splice(0)) await killed(c);
    await t.remove();
  });

  it('refuses a second writer with LockedError naming the holder’s pid', async () => {
    const { child, line } = await startChild(['hold', dir], /^ready /);
    children.push(child);
    const pid = Number(line.split(' ')[1]);
    expect(pid).toBe(child.pid);
    const err = await new FileStore({ dir }).open().then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(LockedError);
    expect((err as Error).message).toContain(`data directory ${dir} is in use by process ${pid}; stop that process or use another --data-dir`);
    expect(JSON.parse(await readFile(join(dir, 'LOCK'), 'utf8')).pid).toBe(pid);
  });

  it('lets a read-only open in while the writer runs, and rejects its writes', async () => {
    const { child } = await startChild(['hold', dir], /^ready /);
    children.push(child);
    const ro = new FileStore({ dir, readOnly: true });
    await ro.open();
    await expect(ro.append([])).rejects.toThrow(/opened read-only/);
    await expect(ro.reserveLsns('shop', 1)).rejects.toThrow(/opened read-only/);
    await expect(ro.saveProject({ name: 'x', createdAt: new Date(), deleted: false })).rejects.toThrow(/read-only/);
    expect((await ro.status()).readOnly).toBe(true);
    await ro.close();
  });

  it('takes over the lock of a killed process', async () => {
    const { child } = await startChild(['hold', dir], /^ready /);
    await killed(child);
    const s = new FileStore({ dir });
    await s.open();
    expect(JSON.parse(await readFile(join(dir, 'LOCK'), 'utf8')).pid).toBe(process.pid);
    await s.close();
    await expect(readFile(join(dir, 'LOCK'))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('refuses a second writer in the same process, and allows reopening after close', async () => {
    const a = new FileStore({ dir });
    await a.open();
    await expect(new FileStore({ dir }).open()).rejects.toThrow(new RegExp(`in use by process ${process.pid} \\(this process\\)`));
    await a.close();
    await a.close(); // idempotent
    const b = new FileStore({ dir });
    await b.open();
    await b.close();
  });

  it('removes lock temp files of dead processes', async () => {
    const a = new FileStore({ dir });
    await a.open();
    await a.close();
    const dead = join(dir, 'LOCK.4194303.deadbeef.tmp');
    await writeFile(dead, '{}');
    const b = new FileStore({ dir });
    await b.open();
    await expect(readFile(dead)).rejects.toMatchObject({ code: 'ENOENT' });
    await b.close();
  });

  it('takes over the lock of a killed process that is still a zombie (exited, not reaped)', async (ctx) => {
    if (process.platform !== 'linux') {
      console.log('skipped: zombies are recognised through /proc, which only Linux has');
      ctx.skip();
    }
    // `sh` starts a short-lived child and execs into `sleep`, which never reaps it: the child stays a zombie.
    const parent = spawn('sh', ['-c', 'sleep 0 & echo $!; exec sleep 30'], { stdio: ['ignore', 'pipe', 'ignore'] });
    try {
      const zombie = Number(await new Promise<string>((r) => createInterface({ input: parent.stdout! }).once('line', r)));
      let state = '';
      for (let i = 0; i < 100 && state !== 'Z'; i++) {
        await new Promise((r) => setTimeout(r, 20));
        const stat = await readFile(`/proc/${zombie}/stat`, 'utf8');
        state = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0]!;
      }
      expect(state).toBe('Z');
      const stat = await readFile(`/proc/${zombie}/stat`, 'utf8');
      const startTicks = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]);
      const bootId = (await readFile('/proc/sys/kernel/random/boot_id', 'utf8')).trim();
      const a = new FileStore({ dir });
      await a.open();
      await a.close();
      await writeFile(join(dir, 'LOCK'), JSON.stringify({ pid: zombie, host: (await import('node:os')).hostname(), bootId, startTicks, startedAt: new Date().toISOString() }));
      const b = new FileStore({ dir });
      await b.open();
      expect(JSON.parse(await readFile(join(dir, 'LOCK'), 'utf8')).pid).toBe(process.pid);
      await b.close();
    } finally {
      parent.kill('SIGKILL');
    }
  });

  it('treats a lock from a pid reused by another process as stale', async () => {
    const a = new FileStore({ dir });
    await a.open();
    await a.close();
    // A lock naming a live process (our parent) that started long before the recorded start time.
    await writeFile(join(dir, 'LOCK'), JSON.stringify({ pid: process.ppid, host: (await import('node:os')).hostname(), startTicks: 1, startedAt: new Date().toISOString() }));
    const b = new FileStore({ dir });
    await b.open();
    await b.close();
  });
});

describe('racing writers', () => {
  let t: Awaited<ReturnType<typeof tempDir>>;
  let dir: string;
  const children: ChildProcess[] = [];
  beforeEach(async () => {
    t = await tempDir();
    dir = join(t.dir, 'data');
  });
  afterEach(async () => {
    for (const c of children.splice(0)) await killed(c);
    await t.remove();
  });

  it('lets exactly one of several processes take over a stale lock', async () => {
    const s = new FileStore({ dir });
    await s.open();
    await s.close();
    // A stale lock: a process that has exited.
    const gone = spawn(process.execPath, ['-e', '']);
    await new Promise((r) => gone.once('exit', r));
    await writeFile(join(dir, 'LOCK'), JSON.stringify({ pid: gone.pid, host: (await import('node:os')).hostname(), startedAt: new Date().toISOString() }));
    const firstLines = await Promise.all(
      Array.from({ length: 4 }, () => {
        const child = spawn(process.execPath, ['--import', 'tsx', CHILD, 'hold', dir], { cwd: REPO, stdio: ['ignore', 'pipe', 'ignore'] });
        children.push(child);
        return new Promise<string>((res) => createInterface({ input: child.stdout! }).once('line', res));
      }),
    );
    const winners = firstLines.filter((l) => l.startsWith('ready '));
    expect(winners).toHaveLength(1);
    const pid = winners[0]!.split(' ')[1];
    for (const l of firstLines.filter((x) => !x.startsWith('ready '))) {
      expect(l).toContain(`error LockedError: data directory ${dir} is in use by process ${pid}`);
    }
  });
});

describe('crash safety (SIGKILL)', () => {
  let t: Awaited<ReturnType<typeof tempDir>>;
  let dir: string;
  beforeEach(async () => {
    t = await tempDir();
    dir = join(t.dir, 'data');
  });
  afterEach(() => t.remove());

  it('never hands out a reserved LSN again after a crash', async () => {
    const { child, line } = await startChild(['reserve', dir, '25'], /^reserved /);
    const last = Number(line.split(' ')[1]);
    await killed(child);
    const s = new FileStore({ dir });
    await s.open();
    expect(last).toBe(25);
    expect(await s.reserveLsns('shop', 1)).toBeGreaterThan(last);
    await s.close();
  });

  it('keeps every acknowledged append when the writer is killed mid-stream', async () => {
    const { child, lines } = await startChild(['append', dir], /^acked 300$/);
    await killed(child);
    const acked = lines.filter((l) => l.startsWith('acked ')).map((l) => Number(l.slice(6)));
    const s = new FileStore({ dir });
    const report = await s.open();
    const got = await lsnsOf(s, 'shop');
    // Every acknowledged LSN is there, in order; at most one more (written, not yet acknowledged) may be too.
    expect(got.slice(0, acked.length)).toEqual(acked);
    expect(got.length - acked.length).toBeLessThanOrEqual(1);
    expect(report.recovery?.entriesScanned).toBe(got.length);
    await s.close();
  });
});
