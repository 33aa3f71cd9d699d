import type { Command } from 'commander';
import { assertValidName } from '@argon/core';
import type { CliContext } from '../cli-context.js';
import { CLI_CODES, CliError } from '../errors.js';
import { parsePositiveInt } from '../options.js';
import { formatDuration } from '../output/format.js';
import { createProgress } from '../output/progress.js';
import { renderTable } from '../output/table.js';
import { redactUri, withSession } from '../session.js';
import { indexSpecForCreate, type DocumentChannel } from '../transfer/document-channel.js';
import { channelFor } from '../transfer/open-channel.js';
import { WireChannel } from '../transfer/wire-channel.js';

/** What was copied for one collection. */
export interface ImportedCollection {
  readonly name: string;
  /** Documents in the source (estimate at the start). */
  readonly source: number;
  readonly inserted: number;
  /** Documents already present in the destination (imported by an earlier run). */
  readonly skipped: number;
  /** Documents in the destination afterwards. */
  readonly destination: number;
  /** Index names created (or already present). */
  readonly indexes: string[];
}

interface ImportOptions {
  from: string;
  db: string;
  project: string;
  branch: string;
  batchSize: number;
  wire?: string;
}

/** Copies every collection of `db` from `source` into `target`'s database `dbName`, with indexes. Resumable. */
export async function copyDatabase(
  source: WireChannel,
  target: DocumentChannel,
  db: string,
  dbName: string,
  batchSize: number,
  hooks: { onProgress?: (done: number, total: number, label: string) => void; onWarning?: (m: string) => void } = {},
): Promise<ImportedCollection[]> {
  const names = await source.listCollections(db);
  const counts = new Map<string, number>();
  for (const n of names) counts.set(n, await source.count(db, n));
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  let done = 0;
  const out: ImportedCollection[] = [];
  for (const name of names) {
    const specs = (await source.listIndexes(db, name)).filter((s) => s.name !== '_id_').map(indexSpecForCreate);
    // Indexes first: idempotent, so a resumed import simply finds them there.
    const indexes: string[] = [];
    for (const spec of specs) {
      try {
        await target.createIndexes(dbName, name, [spec]);
        indexes.push(String(spec.name));
      } catch (err) {
        hooks.onWarning?.(`index ${String(spec.name)} of ${name} was not created: ${(err as Error).message}`);
      }
    }
    let inserted = 0;
    let skipped = 0;
    hooks.onProgress?.(done, total, `importing ${name}`);
    for await (const batch of source.scan(db, name, batchSize)) {
      const r = await target.insertMany(dbName, name, batch);
      inserted += r.inserted;
      skipped += r.duplicates;
      done += batch.length;
      hooks.onProgress?.(done, Math.max(total, done), `importing ${name}`);
    }
    out.push({ name, source: counts.get(name) ?? 0, inserted, skipped, destination: await target.count(dbName, name), indexes });
  }
  return out;
}

/** Registers `argon import`. */
export function registerImport(program: Command, cli: CliContext): void {
  program
    .command('import')
    .description('copy a MongoDB database (documents and indexes) into a project; re-run to resume')
    .requiredOption('--from <mongodb-uri>', 'source MongoDB, e.g. mongodb://localhost:27017')
    .requiredOption('--db <name>', 'source database')
    .requiredOption('--project <name>', 'destination project (created when missing)')
    .option('--branch <name>', 'destination branch', 'main')
    .option('--batch-size <n>', 'documents per insert', parsePositiveInt, 1000)
    .option('--wire <mongodb-uri>', 'wire address of the destination server (default: from <data-dir>/server.json)')
    .addHelpText(
      'after',
      `
Documents are inserted unordered; those whose _id is already there count as
imported before, so an interrupted import resumes by running it again.
When a server holds the data directory, writes go through its wire port;
otherwise the directory is opened directly.

Examples:
  $ argon import --from mongodb://localhost:27017 --db shop --project shop
  $ argon import --from "mongodb://user:pw@db.example.com/?authSource=admin" --db crm --project crm --batch-size 5000
  $ argon --data-dir /var/lib/argon import --from mongodb://localhost:27017 --db shop --project shop --json`,
    )
    .action(async (opts: ImportOptions) => {
      const out = cli.out();
      const g = cli.globals();
      assertValidName('project', opts.project);
      assertValidName('branch', opts.branch);
      const dbName = opts.branch === 'main' ? opts.project : `${opts.project}@${opts.branch}`;
      const started = Date.now();
      const source = await WireChannel.connect(opts.from, 'source MongoDB');
      try {
        const names = await source.listCollections(opts.db);
        if (names.length === 0) {
          const dbs = (await source.listDatabases()).filter((d) => !['admin', 'config', 'local'].includes(d));
          throw new CliError(CLI_CODES.USAGE, `database '${opts.db}' on ${redactUri(opts.from)} has no collections; check --db${dbs.length ? ` (databases there: ${dbs.join(', ')})` : ''}`, {
            details: { db: opts.db },
          });
        }
        const result = await withSession(
          g,
          'write',
          async (s) => {
            if (opts.branch !== 'main') await s.admin.getBranch(opts.project, opts.branch);
            const target = await channelFor(s, opts.wire, 'import');
            const bar = createProgress({ label: 'importing' });
            try {
              return await copyDatabase(source, target, opts.db, dbName, opts.batchSize, {
                onProgress: (done, total, label) => bar.update(done, { total, label }),
                onWarning: (m) => out.warn(m),
              });
            } finally {
              bar.finish();
              await target.close();
            }
          },
          { create: true },
        );
        const inserted = result.reduce((n, c) => n + c.inserted, 0);
        const skipped = result.reduce((n, c) => n + c.skipped, 0);
        const durationMs = Date.now() - started;
        out.result({ project: opts.project, branch: opts.branch, source: { uri: redactUri(opts.from), db: opts.db }, collections: result, inserted, skipped, durationMs }, (c) =>
          [
            renderTable(
              result.map((r) => [r.name, String(r.source), String(r.inserted), String(r.skipped), String(r.destination), r.indexes.join(', ')]),
              { header: ['COLLECTION', 'SOURCE', 'INSERTED', 'ALREADY THERE', 'NOW', 'INDEXES'], align: ['left', 'right', 'right', 'right', 'right'], styleHeader: c.dim },
            ),
            `imported ${inserted} document(s) into ${c.bold(dbName)} in ${formatDuration(durationMs)}${skipped ? ` (${skipped} already there from an earlier run)` : ''}`,
          ].join('\n'),
        );
      } finally {
        await source.close();
      }
    });
}
