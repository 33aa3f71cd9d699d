/**
 * Runs the built `argon` binary as a user would: a child process with its
 * own environment, capturing stdout, stderr and the exit code.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, rmdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** The repository root. */
export const ROOT = resolve(import.meta.dirname, '../../../..');
const DIST = join(ROOT, 'apps/cli/dist');

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * Builds the bundle with `node scripts/build.mjs` and returns a private copy
 * of it for this test file, so that parallel test files never run a bundle
 * that another one is rewriting. The copy sits next to the original and so
 * loads its dependencies from the same node_modules.
 */
export function buildCli(): string {
  const lock = join(DIST, '.e2e-build.lock');
  mkdirSync(DIST, { recursive: true });
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (Date.now() > deadline) rmSync(lock, { recursive: true, force: true });
      sleepSync(100);
    }
  }
  try {
    const r = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`build failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
    const copy = join(DIST, `e2e-${process.pid}-${Math.random().toString(36).slice(2)}.mjs`);
    copyFileSync(join(DIST, 'argon.mjs'), `${copy}.tmp`);
    renameSync(`${copy}.tmp`, copy);
    return copy;
  } finally {
    rmdirSync(lock);
  }
}

/** Removes a private bundle copy. */
export function removeBuild(bin: string): void {
  rmSync(bin, { force: true });
}

/** A fresh temporary directory. */
export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `argon-cli-${prefix}-`));
}

/** The outcome of one CLI run. */
export interface RunResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** stdout parsed as JSON (throws with the output when it is not exactly one JSON document). */
  json<T = Record<string, unknown>>(): T;
}

/** The environment of a child: this process's, without ARGON_* or colour settings, plus `extra`. */
export function childEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('ARGON_') && k !== 'FORCE_COLOR' && k !== 'NO_COLOR') env[k] = v;
  for (const [k, v] of Object.entries(extra)) if (v !== undefined) env[k] = v;
  return env;
}

/** Runs `node <bin> ...args` and resolves when it exits. */
export function runCli(bin: string, args: readonly string[], opts: { env?: Record<string, string | undefined>; cwd?: string; timeoutMs?: number } = {}): Promise<RunResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd: opts.cwd ?? ROOT, env: childEnv(opts.env), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`argon ${args.join(' ')} timed out\nstdout: ${stdout}\nstderr: ${stderr}`));
    }, opts.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolvePromise({
        code,
        stdout,
        stderr,
        json<T>() {
          try {
            return JSON.parse(stdout) as T;
          } catch {
            throw new Error(`stdout of argon ${args.join(' ')} is not one JSON document:\n${stdout}\nstderr: ${stderr}`);
          }
        },
      });
    });
  });
}

/** What a running `argon serve` child wrote to server.json. */
export interface ServerJson {
  readonly pid: number;
  readonly wire: { readonly host: string; readonly port: number };
  readonly http: { readonly url: string; readonly token: string; readonly port: number };
}

/** A running `argon serve` child. */
export interface ServerChild {
  readonly proc: ChildProcess;
  readonly info: ServerJson;
  readonly dataDir: string;
  /** Everything the server logged so far (stdout and stderr). */
  log(): string;
  /** SIGTERM, then the exit code. */
  stop(): Promise<number | null>;
}

/** Starts `argon serve --data-dir <dir> --port 0` and waits for its server.json. */
export async function startServer(bin: string, dataDir: string, extra: readonly string[] = []): Promise<ServerChild> {
  const proc = spawn(process.execPath, [bin, 'serve', '--data-dir', dataDir, '--port', '0', ...extra], { cwd: ROOT, env: childEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  proc.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  proc.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((r) => proc.on('exit', (code) => r(code)));
  let done = false;
  void exited.then(() => (done = true));
  const file = join(dataDir, 'server.json');
  const deadline = Date.now() + 30_000;
  while (!existsSync(file)) {
    if (done) throw new Error(`argon serve exited before writing server.json:\n${output}`);
    if (Date.now() > deadline) {
      proc.kill('SIGKILL');
      throw new Error(`argon serve did not write server.json in 30 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  const info = JSON.parse(readFileSync(file, 'utf8')) as ServerJson;
  return {
    proc,
    info,
    dataDir,
    log: () => output,
    stop: async () => {
      if (!done) proc.kill('SIGTERM');
      return exited;
    },
  };
}
