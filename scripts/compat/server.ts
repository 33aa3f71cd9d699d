/**
 * Starting an embedded Argon server for a compat run: a temporary data
 * directory, an ephemeral port, a silent logger.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A running embedded server and how to reach it. */
export interface EmbeddedServer {
  readonly uri: string;
  /** Stops the server and removes its data directory. */
  close(): Promise<void>;
}

interface ArgonServerLike {
  readonly wire: { readonly address: { readonly host: string; readonly port: number } };
  close(): Promise<void>;
}

type StartArgonServer = (opts: { dataDir: string; port: number; logger: unknown }) => Promise<ArgonServerLike>;

const silentLogger = {
  info() {},
  warn() {},
  error() {},
  debug() {},
};

/**
 * Loads `@argon/server`: by package name when the workspace links it here,
 * else from the workspace source (scripts/ has no package of its own).
 */
async function loadStartArgonServer(): Promise<StartArgonServer> {
  const candidates = ['@argon/server', new URL('../../apps/server/src/index.ts', import.meta.url).href];
  let lastError: unknown;
  for (const specifier of candidates) {
    try {
      const mod = (await import(specifier)) as { startArgonServer?: StartArgonServer };
      if (typeof mod.startArgonServer === 'function') return mod.startArgonServer;
    } catch (err) {
      lastError = err;
      if ((err as { code?: unknown }).code !== 'ERR_MODULE_NOT_FOUND' || !String((err as Error).message).includes("'@argon/server'")) break;
    }
  }
  throw new Error(`cannot load @argon/server: ${lastError instanceof Error ? lastError.message : String(lastError)}`);
}

/** Starts Argon on a fresh temporary data directory and an ephemeral port. */
export async function startEmbeddedArgon(): Promise<EmbeddedServer> {
  const startArgonServer = await loadStartArgonServer();
  const dataDir = mkdtempSync(join(tmpdir(), 'argon-compat-'));
  let server: ArgonServerLike;
  try {
    server = await startArgonServer({ dataDir, port: 0, logger: silentLogger });
  } catch (err) {
    rmSync(dataDir, { recursive: true, force: true });
    throw err;
  }
  const { port } = server.wire.address;
  return {
    uri: `mongodb://127.0.0.1:${port}/`,
    async close() {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
