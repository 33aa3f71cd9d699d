import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { ArgonEngine, CommandRunner, type Logger, type StorageBackend } from '@argon/core';
import { FileStore } from '@argon/storage-file';
import { MongoStore } from '@argon/storage-mongo';
import { startWireServer, type UserStore, type WireServer } from '@argon/wire';
import { removeServerInfo, writeServerInfo } from './data-dir-info.js';
import { createArgonMetrics, instrumentRunner } from './metrics/index.js';

/** The version Argon reports. */
export const ARGON_VERSION = '0.1.0';

/** Options of {@link startArgonServer}. */
export interface ArgonServerOptions {
  /** Embedded data directory (default `./argon-data`); ignored with `storage` or `uri`. */
  readonly dataDir?: string;
  /** MongoDB backend URI instead of the embedded store. */
  readonly uri?: string;
  /** A ready storage backend (tests). */
  readonly storage?: StorageBackend;
  readonly durability?: 'sync' | 'interval';
  readonly intervalMs?: number;
  /** Wire port (default 27018; 0 = any free port). */
  readonly port?: number;
  /** Bind address (default 127.0.0.1). */
  readonly bind?: string;
  /** Admin HTTP API port; off when undefined. */
  readonly httpPort?: number;
  /** Bearer token of the admin API. */
  readonly adminToken?: string;
  /** SCRAM users; auth is on when given. */
  readonly users?: UserStore;
  readonly maxConnections?: number;
  readonly checkpointEveryEntries?: number;
  readonly logger: Logger;
}

/** A running Argon server: the engine, the wire listener and (optionally) the admin API. */
export interface ArgonServer {
  readonly engine: ArgonEngine;
  readonly runner: CommandRunner;
  readonly wire: WireServer;
  readonly http?: { readonly host: string; readonly port: number; close(): Promise<void> };
  readonly dataDir?: string;
  /** Stops listening, flushes, writes a final checkpoint and releases the data directory. */
  close(): Promise<void>;
}

async function createStorage(opts: ArgonServerOptions): Promise<{ storage: StorageBackend; dataDir?: string }> {
  if (opts.storage) return { storage: opts.storage };
  if (opts.uri) {
    return { storage: new MongoStore({ uri: opts.uri, logger: opts.logger }) };
  }
  const dataDir = resolve(opts.dataDir ?? 'argon-data');
  mkdirSync(dataDir, { recursive: true });
  return {
    dataDir,
    storage: new FileStore({ dir: dataDir, durability: opts.durability ?? 'sync', ...(opts.intervalMs ? { intervalMs: opts.intervalMs } : {}), logger: opts.logger }),
  };
}

/**
 * Starts `argon serve`: opens (and recovers) the storage, then serves the
 * MongoDB wire protocol and, when asked, the admin HTTP API. Writes
 * `server.json` into the data directory so the CLI can find the server.
 */
export async function startArgonServer(opts: ArgonServerOptions): Promise<ArgonServer> {
  const log = opts.logger;
  const { storage, dataDir } = await createStorage(opts);
  const engine = await ArgonEngine.open({ storage, logger: log, ...(opts.checkpointEveryEntries !== undefined ? { checkpointEveryEntries: opts.checkpointEveryEntries } : {}) });
  const runner = new CommandRunner(engine);
  // One instrumented runner serves the wire and the admin API, so every
  // command is counted once in /metrics.
  const metrics = createArgonMetrics();
  const measured = instrumentRunner(runner, metrics);
  let wire: WireServer;
  try {
    wire = await startWireServer({
      executor: {
        execute: (dbName, command, ctx) => measured.execute(dbName, command, ctx.user ? { connectionId: ctx.connectionId, user: ctx.user } : { connectionId: ctx.connectionId }),
        connectionClosed: (id) => runner.connectionClosed(id),
      },
      host: opts.bind ?? '127.0.0.1',
      port: opts.port ?? 27018,
      logger: log,
      ...(opts.maxConnections ? { maxConnections: opts.maxConnections } : {}),
      ...(opts.users ? { auth: { users: opts.users } } : {}),
      serverVersion: ARGON_VERSION,
    });
  } catch (err) {
    runner.close();
    await engine.close();
    throw err;
  }
  log.info({ wire: wire.address, storage: storage.kind, dataDir }, `argon ${ARGON_VERSION} listening on mongodb://${wire.address.host}:${wire.address.port} (storage: ${storage.kind}${dataDir ? ` ${dataDir}` : ''})`);
  // The admin API always runs: on --http-port when given, else on an ephemeral
  // loopback port that only the local CLI uses (found through server.json,
  // with a generated token that server.json, mode 0600, holds).
  let http: ArgonServer['http'];
  const adminToken = opts.adminToken ?? randomBytes(24).toString('base64url');
  {
    // Loaded on demand so library users of @argon/server do not load fastify.
    const { startAdminApi } = await import('./http/admin-api.js');
    const host = opts.httpPort !== undefined ? (opts.bind ?? '127.0.0.1') : '127.0.0.1';
    const api = await startAdminApi({ engine, runner: measured, metrics, host, port: opts.httpPort ?? 0, logger: log, token: adminToken, ...(dataDir ? { dataDir } : {}), connections: () => wire.connectionCount() });
    http = api;
    log.info({ http: { host: api.host, port: api.port } }, `admin API on http://${api.host}:${api.port}/api/v1`);
  }
  if (dataDir) {
    writeServerInfo(dataDir, {
      pid: process.pid,
      wire: wire.address,
      ...(http ? { http: { host: http.host, port: http.port, url: `http://${http.host === '0.0.0.0' ? '127.0.0.1' : http.host}:${http.port}`, token: adminToken } } : {}),
      startedAt: new Date().toISOString(),
      version: ARGON_VERSION,
    });
  }
  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      if (dataDir) removeServerInfo(dataDir);
      await http?.close();
      await wire.close();
      runner.close();
      await engine.close({ checkpoint: true });
      log.info({}, 'argon stopped cleanly');
    })());
  return { engine, runner, wire, ...(http ? { http } : {}), ...(dataDir ? { dataDir } : {}), close };
}
