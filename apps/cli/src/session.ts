import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ArgonEngine, CommandRunner, type StorageBackend } from '@argon/core';
import { AdminService, readServerInfo, type AdminOperations, type ServerInfo } from '@argon/server';
import { FileStore } from '@argon/storage-file';
import { CLI_CODES, CliError } from './errors.js';
import { RemoteAdmin } from './remote-admin.js';

/** The global options every command sees. */
export interface GlobalOptions {
  /** Embedded data directory (`--data-dir`, ARGON_DATA_DIR, default `./argon-data`). */
  readonly dataDir: string;
  /** MongoDB storage backend (`--uri`). */
  readonly uri?: string;
  /** Admin API of a running server (`--server`). */
  readonly server?: string;
  /** Bearer token (`--token`, ARGON_TOKEN). */
  readonly token?: string;
  /** Where `token` came from, for messages. */
  readonly tokenSource?: string;
  /** `--json`. */
  readonly json: boolean;
}

/** Whether a command only reads (opens the directory read-only, without the writer lock) or writes. */
export type AccessMode = 'read' | 'write';

/** A local engine a session opened. */
export interface LocalEngine {
  readonly engine: ArgonEngine;
  readonly runner: CommandRunner;
}

/** The admin operations a command runs against, and how they are reached. */
export interface Session {
  readonly admin: AdminOperations;
  /** `server`: through the admin HTTP API of a running `argon serve`; `local`: an engine opened by this process. */
  readonly via: 'server' | 'local';
  /** The server's admin URL and wire address (when known). */
  readonly server?: { readonly url: string; readonly wire?: { readonly host: string; readonly port: number } };
  /** The engine this process opened (local sessions). */
  readonly local?: LocalEngine;
  /** Human description: `server http://127.0.0.1:4242`, `data directory /x (read-only)`. */
  readonly description: string;
  /** Releases the engine (local) — idempotent. */
  close(): Promise<void>;
}

/** The running server that serves `dataDir`, if any (its `server.json` names a live pid). */
export function runningServer(dataDir: string): ServerInfo | undefined {
  return readServerInfo(resolve(dataDir));
}

/** Opens the MongoDB storage backend (`--uri`). */
export async function openMongoStorage(uri: string): Promise<StorageBackend> {
  const { MongoStore } = await import('@argon/storage-mongo');
  return new MongoStore({ uri });
}

/** A URI without its password, for messages. */
export function redactUri(uri: string): string {
  return uri.replace(/\/\/([^:/@]+):[^@/]*@/, '//$1:***@');
}

/** Throws NO_DATA_DIR unless `dir` is an Argon data directory (for read-only opens). */
export function assertDataDir(dir: string): void {
  const abs = resolve(dir);
  let isDir = false;
  try {
    isDir = statSync(abs).isDirectory();
  } catch {
    isDir = false;
  }
  if (!isDir) {
    throw new CliError(
      CLI_CODES.NO_DATA_DIR,
      `no Argon data directory at ${abs}: pass --data-dir <dir> (or set ARGON_DATA_DIR), or create one with \`argon projects create <name> --data-dir ${dir}\``,
      { details: { dataDir: abs } },
    );
  }
  if (!existsSync(join(abs, 'meta')) && !existsSync(join(abs, 'wal'))) {
    throw new CliError(CLI_CODES.NO_DATA_DIR, `${abs} is not an Argon data directory (it has no meta/ or wal/ folder): pass the directory \`argon serve\` uses with --data-dir`, {
      details: { dataDir: abs },
    });
  }
}

/**
 * Opens a local engine on the backend the options name: the embedded store
 * read-only for reads (no writer lock), with the lock for writes. A missing
 * data directory is an error unless `create`.
 */
export async function openLocalEngine(g: GlobalOptions, mode: AccessMode, opts: { create?: boolean } = {}): Promise<LocalEngine & { description: string }> {
  let storage: StorageBackend;
  let description: string;
  if (g.uri) {
    storage = await openMongoStorage(g.uri);
    description = `MongoDB backend ${redactUri(g.uri)}`;
  } else {
    const dir = resolve(g.dataDir);
    if (mode === 'read' || !opts.create) assertDataDir(dir);
    storage = new FileStore({ dir, readOnly: mode === 'read' });
    description = `data directory ${dir}${mode === 'read' ? ' (read-only)' : ''}`;
  }
  const engine = await ArgonEngine.open({ storage });
  return { engine, runner: new CommandRunner(engine), description };
}

/**
 * Connects a command to Argon, the way the user expects whether or not a
 * server is running:
 * 1. `--server <url>`: the admin HTTP API at that URL;
 * 2. else, when a live `argon serve` wrote `<data-dir>/server.json`: its API
 *    (with the token from `--token`/ARGON_TOKEN, else from server.json);
 * 3. else the storage itself: the data directory (read-only for reads, with
 *    the writer lock for writes) or the MongoDB backend of `--uri`.
 */
export async function openSession(g: GlobalOptions, mode: AccessMode, opts: { create?: boolean } = {}): Promise<Session> {
  if (g.server) {
    const info = g.uri ? undefined : runningServer(g.dataDir);
    const admin = new RemoteAdmin({ url: g.server, ...(g.token ? { token: g.token, tokenSource: g.tokenSource ?? '--token' } : {}) });
    const wire = info?.http && sameServer(info.http.url, admin.url) ? info.wire : undefined;
    return { admin, via: 'server', server: { url: admin.url, ...(wire ? { wire } : {}) }, description: `server ${admin.url}`, close: async () => {} };
  }
  if (!g.uri) {
    const info = runningServer(g.dataDir);
    if (info?.http) {
      const token = g.token ?? info.http.token;
      const tokenSource = g.token ? (g.tokenSource ?? '--token') : 'server.json';
      const admin = new RemoteAdmin({ url: info.http.url, token, tokenSource });
      return { admin, via: 'server', server: { url: admin.url, wire: info.wire }, description: `server ${admin.url} (pid ${info.pid})`, close: async () => {} };
    }
  }
  const local = await openLocalEngine(g, mode, opts);
  const admin = new AdminService({ engine: local.engine, runner: local.runner, ...(g.uri ? {} : { dataDir: resolve(g.dataDir) }) });
  let closed = false;
  return {
    admin,
    via: 'local',
    local,
    description: local.description,
    close: async () => {
      if (closed) return;
      closed = true;
      local.runner.close();
      await local.engine.close();
    },
  };
}

function sameServer(a: string, b: string): boolean {
  try {
    const x = new URL(a);
    const y = new URL(b);
    const host = (h: string) => (h === 'localhost' || h === '0.0.0.0' ? '127.0.0.1' : h);
    return host(x.hostname) === host(y.hostname) && x.port === y.port;
  } catch {
    return false;
  }
}

/**
 * Runs `fn` with a session and always releases it. With `create`, a write
 * may create the data directory (`projects create`, `import`); otherwise a
 * missing directory is an error rather than an empty new one.
 */
export async function withSession<T>(g: GlobalOptions, mode: AccessMode, fn: (s: Session) => Promise<T>, opts: { create?: boolean } = {}): Promise<T> {
  const s = await openSession(g, mode, opts);
  try {
    return await fn(s);
  } finally {
    await s.close();
  }
}
