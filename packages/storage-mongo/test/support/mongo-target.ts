import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startArgonServer } from '@argon/server';

/** Where the MongoDB backend's tests send their commands. */
export interface MongoTarget {
  readonly uri: string;
  readonly kind: 'MONGODB_URI' | 'mongodb-memory-server' | 'argon wire server (embedded)';
  stop(): Promise<void>;
}

const silent = { info() {}, warn() {}, error() {}, debug() {} };

/**
 * Picks the MongoDB target: `MONGODB_URI` when set; else mongodb-memory-server
 * when a mongod binary is available (`MONGOMS_SYSTEM_BINARY`); else Argon's own
 * wire server on a temporary embedded directory, which still exercises every
 * command the backend sends through the official driver.
 */
export async function mongoTarget(): Promise<MongoTarget> {
  if (process.env.MONGODB_URI) return { uri: process.env.MONGODB_URI, kind: 'MONGODB_URI', stop: async () => {} };
  const binary = process.env.MONGOMS_SYSTEM_BINARY;
  if (binary && existsSync(binary)) {
    const { MongoMemoryServer } = await import('mongodb-memory-server-core');
    const mongod = await MongoMemoryServer.create({ binary: { systemBinary: binary } });
    return { uri: mongod.getUri(), kind: 'mongodb-memory-server', stop: async () => void (await mongod.stop()) };
  }
  const dir = mkdtempSync(join(tmpdir(), 'argon-mongo-target-'));
  const server = await startArgonServer({ dataDir: dir, port: 0, logger: silent });
  return {
    uri: `mongodb://127.0.0.1:${server.wire.address.port}/`,
    kind: 'argon wire server (embedded)',
    stop: async () => {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
