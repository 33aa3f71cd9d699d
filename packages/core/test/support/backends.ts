import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileStore } from '@argon/storage-file';
import { MongoStore } from '@argon/storage-mongo';
import { MemoryStore, type StorageBackend } from '../../src/index.js';
import { mongoTarget, type MongoTarget } from '../../../storage-mongo/test/support/mongo-target.js';

/**
 * Every storage backend, for suites that must hold on all of them (the way
 * one suite runs against every SQL dialect). `start` runs once per file;
 * `make` gives a fresh, unopened store.
 */
export interface Backend {
  readonly name: string;
  /** Property-test runs: slower backends get fewer. */
  readonly runs: number;
  start(): Promise<void>;
  make(): StorageBackend;
  stop(): Promise<void>;
}

function fileBackend(): Backend {
  const dirs: string[] = [];
  return {
    name: 'file',
    runs: 20,
    async start() {},
    make() {
      const dir = mkdtempSync(join(tmpdir(), 'argon-engine-'));
      dirs.push(dir);
      return new FileStore({ dir });
    },
    async stop() {
      for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
    },
  };
}

function mongoBackend(): Backend {
  let target: MongoTarget | undefined;
  return {
    name: 'mongodb',
    runs: 6,
    async start() {
      target = await mongoTarget();
      console.log(`engine suite on the MongoDB backend runs against: ${target.kind}`);
    },
    make() {
      return new MongoStore({ uri: target!.uri, database: `argon_wal_${randomUUID().slice(0, 8)}` });
    },
    async stop() {
      await target?.stop();
    },
  };
}

/** The backends in the order suites run them. */
export function allBackends(): Backend[] {
  return [{ name: 'memory', runs: 60, async start() {}, make: () => new MemoryStore(), async stop() {} }, fileBackend(), mongoBackend()];
}
