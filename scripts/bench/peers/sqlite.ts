/**
 * SQLite via better-sqlite3: documents as JSON text, `id INTEGER PRIMARY KEY`
 * holding `_id`, expression indexes `json_extract(doc, '$.<field>')` for
 * secondary queries, WAL mode. Every operation is one prepared statement in
 * its own (autocommit) transaction, so durability is per write — like
 * Argon's per-command acknowledgement. better-sqlite3 is synchronous: a call
 * blocks the event loop, so concurrent clients would only take turns; the
 * workloads drive it with one client.
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import type { BenchDoc } from '../lib/docs.js';
import { diskUsage } from '../lib/context.js';
import type { Peer } from './peer.js';

/** `FULL` (fsync of the WAL at every commit) or `NORMAL` (fsync at WAL checkpoints only). */
export type SqliteSync = 'FULL' | 'NORMAL';

/** A SQLite database file with one `docs` table. */
export class SqlitePeer implements Peer {
  readonly name: string;
  readonly clients = 1;
  readonly durability: 'sync' | 'interval';
  private readonly db: Database.Database;
  private readonly file: string;
  private readonly readStmt: Database.Statement<[number], { doc: string }>;
  private readonly updateStmt: Database.Statement<[string, string, number]>;
  private readonly insertStmt: Database.Statement<[number, string]>;
  private readonly insertBatch: (docs: readonly BenchDoc[]) => void;
  private readonly rangeStmts = new Map<string, Database.Statement<[number, number], { doc: string }>>();

  constructor(dir: string, readonly synchronous: SqliteSync) {
    this.file = join(dir, 'bench.sqlite');
    this.db = new Database(this.file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma(`synchronous = ${synchronous}`);
    this.db.exec('CREATE TABLE IF NOT EXISTS docs (id INTEGER PRIMARY KEY, doc TEXT NOT NULL)');
    this.readStmt = this.db.prepare('SELECT doc FROM docs WHERE id = ?');
    this.updateStmt = this.db.prepare('UPDATE docs SET doc = json_set(doc, ?, ?) WHERE id = ?');
    this.insertStmt = this.db.prepare('INSERT INTO docs (id, doc) VALUES (?, ?)');
    this.insertBatch = this.db.transaction((docs: readonly BenchDoc[]) => {
      for (const d of docs) this.insertStmt.run(d._id, JSON.stringify(d));
    });
    this.durability = synchronous === 'FULL' ? 'sync' : 'interval';
    this.name = `SQLite (WAL, ${synchronous})`;
  }

  load(docs: readonly BenchDoc[]): void {
    this.insertBatch(docs);
  }

  read(id: number): unknown {
    const row = this.readStmt.get(id);
    return row ? JSON.parse(row.doc) : null;
  }

  update(id: number, field: string, value: string): unknown {
    return this.updateStmt.run(`$.${field}`, value, id);
  }

  insert(doc: BenchDoc): unknown {
    return this.insertStmt.run(doc._id, JSON.stringify(doc));
  }

  createIndex(field: string): void {
    this.db.exec(`CREATE INDEX IF NOT EXISTS docs_${field} ON docs (json_extract(doc, '$.${field}'))`);
  }

  rangeQuery(field: string, lo: number, hi: number): number {
    let stmt = this.rangeStmts.get(field);
    if (!stmt) {
      stmt = this.db.prepare(`SELECT doc FROM docs WHERE json_extract(doc, '$.${field}') >= ? AND json_extract(doc, '$.${field}') < ?`);
      this.rangeStmts.set(field, stmt);
    }
    return stmt.all(lo, hi).map((r) => JSON.parse(r.doc) as unknown).length;
  }

  /** The query plan of a range query (to check that the expression index is used). */
  explainRange(field: string): string {
    const rows = this.db.prepare(`EXPLAIN QUERY PLAN SELECT doc FROM docs WHERE json_extract(doc, '$.${field}') >= 1 AND json_extract(doc, '$.${field}') < 2`).all() as Array<{ detail: string }>;
    return rows.map((r) => r.detail).join('; ');
  }

  diskBytes(): number {
    return diskUsage(this.file) + diskUsage(`${this.file}-wal`) + diskUsage(`${this.file}-shm`);
  }

  close(): void {
    this.db.close();
  }
}
