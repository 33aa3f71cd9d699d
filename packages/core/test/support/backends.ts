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
  /** A new, unopened store over what `store` (closed first) kept, as a restarted process would open it. */
  reopen(store: StorageBackend): StorageBackend;
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
    reopen: (store) => new FileStore({ dir: (store as FileStore).dir }),
    async stop() {
      for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
    },
  };
}

function mongoBackend(): Backend {
  let target: MongoTarget | undefined;
  const databases = new WeakMap<StorageBackend, string>();
  const open = (database: string): StorageBackend => {
    const store = new MongoStore({ uri: target!.uri, database });
    databases.set(store, database);
    return store;
  };
  return {
    name: 'mongodb',
    runs: 6,
    async start() {
      target = await mongoTarget();
      console.log(`engine suite on the MongoDB backend runs against: ${target.kind}`);
    },
    make() {
      return open(`argon_wal_${randomUUID().slice(0, 8)}`);
    },
    reopen: (store) => open(databases.get(store)!),
    async stop() {
      await target?.stop();
    },
  };
}

/** The backends in the order suites run them. */
export function allBackends(): Backend[] {
  // A MemoryStore keeps its contents after close: reopening is opening it again.
  return [{ name: 'memory', runs: 60, async start() {}, make: () => new MemoryStore(), reopen: (store) => store, async stop() {} }, fileBackend(), mongoBackend()];
}
