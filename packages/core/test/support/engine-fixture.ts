import { ArgonEngine, CommandRunner, MemoryStore, type Doc, type StorageBackend } from '../../src/index.js';

/** An engine and command runner over a fresh store (memory unless given). */
export async function openRunner(storage: StorageBackend = new MemoryStore(), clock?: () => number): Promise<CommandRunner> {
  const engine = await ArgonEngine.open({ storage, ...(clock ? { clock } : {}) });
  return new CommandRunner(engine);
}

/** Runs a command and returns its reply. */
export function run(r: CommandRunner, db: string, cmd: Doc): Promise<Doc> {
  return r.execute(db, cmd);
}

/** All documents of a collection, sorted by _id, as plain JSON for comparison. */
export async function allDocs(r: CommandRunner, db: string, coll: string): Promise<unknown[]> {
  const reply = await r.execute(db, { find: coll, filter: {}, sort: { _id: 1 }, batchSize: 100000 });
  const c = reply.cursor as { firstBatch: Doc[] };
  return JSON.parse(JSON.stringify(c.firstBatch));
}

/** The branch head and project LSN of a database. */
export async function status(r: CommandRunner, db: string): Promise<{ headLsn: number; projectLsn: number }> {
  const s = await r.execute(db, { argonStatus: 1 });
  return { headLsn: Number(s.headLsn), projectLsn: Number(s.projectLsn) };
}
