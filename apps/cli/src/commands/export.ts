import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { once } from 'node:events';
import type { Command } from 'commander';
import { EJSON } from 'bson';
import type { AdminOperations, PointInput } from '@argon/server';
import type { CliContext } from '../cli-context.js';
import { CLI_CODES, CliError } from '../errors.js';
import { parseLsn, pointFromOptions, resolvedJson } from '../options.js';
import { formatDuration } from '../output/format.js';
import { createProgress } from '../output/progress.js';
import { renderTable } from '../output/table.js';
import { withSession } from '../session.js';
import type { DocumentChannel } from '../transfer/document-channel.js';
import { channelFor, collectionFileName } from '../transfer/open-channel.js';

/** A collection name no one uses, read only to learn which LSN a point resolves to. */
const PROBE_COLLECTION = 'argon.export.probe';

/**
 * The LSN a point resolves to on a branch (its head without one), so that
 * every collection is exported from the same snapshot.
 */
export async function pinLsn(admin: AdminOperations, project: string, branch: string, point: PointInput): Promise<number> {
  if (point.lsn !== undefined) {
    const range = await admin.timeRange(project, branch);
    if (point.lsn > range.headLsn) {
      throw new CliError('LSN_OUT_OF_RANGE', `LSN ${point.lsn} is beyond the head of branch '${branch}' (head LSN ${range.headLsn}); use an LSN between 0 and ${range.headLsn}`, {
        details: { project, branch, lsn: point.lsn, headLsn: range.headLsn },
      });
    }
    return point.lsn;
  }
  if (point.time === undefined) return (await admin.timeRange(project, branch)).headLsn;
  return (await admin.query(project, branch, { collection: PROBE_COLLECTION, time: point.time, limit: 1 })).lsn;
}

/** Writes one collection as newline-delimited canonical Extended JSON; returns the document count. */
export async function exportCollection(channel: DocumentChannel, db: string, collection: string, file: string, onDocs: (n: number) => void): Promise<number> {
  const stream = createWriteStream(file, { encoding: 'utf8' });
  const failed = new Promise<never>((_, reject) => stream.once('error', reject));
  failed.catch(() => {});
  let n = 0;
  try {
    for await (const batch of channel.scan(db, collection, 1000)) {
      let chunk = '';
      for (const doc of batch) chunk += `${EJSON.stringify(doc, { relaxed: false })}\n`;
      n += batch.length;
      if (!stream.write(chunk)) await Promise.race([once(stream, 'drain'), failed]);
      onDocs(batch.length);
    }
  } finally {
    stream.end();
  }
  await Promise.race([once(stream, 'finish'), failed]);
  return n;
}

/** Registers `argon export`. */
export function registerExport(program: Command, cli: CliContext): void {
  program
    .command('export')
    .description('write every collection of a branch (at its head, an LSN or a time) as mongoimport-ready JSON files')
    .option('--project <name>', 'project (default: ARGON_PROJECT, or the only project)')
    .option('--branch <name>', 'branch', 'main')
    .option('--lsn <lsn>', 'export as of this LSN', parseLsn)
    .option('--time <time>', 'export as of this time: RFC 3339 or relative ("yesterday 17:00")')
    .requiredOption('--out <dir>', 'directory for the <collection>.json files (created when missing)')
    .option('--wire <mongodb-uri>', 'wire address of the server (default: from <data-dir>/server.json)')
    .addHelpText(
      'after',
      `
Each collection becomes <out>/<collection>.json: one document per line in
canonical Extended JSON (types kept), all from one snapshot (a single LSN).
Load one into MongoDB with:
  mongoimport --db shop --collection orders --file out/orders.json

Examples:
  $ argon export --project shop --branch main --out ./shop-export
  $ argon export --project shop --branch feature --lsn 1200 --out /tmp/at-1200
  $ argon export --project shop --time "yesterday 17:00" --out ./yesterday --json`,
    )
    .action(async (opts: { project?: string; branch: string; lsn?: number; time?: string; out: string; wire?: string }) => {
      const out = cli.out();
      const { point, resolved } = pointFromOptions(opts, { required: false, now: cli.now(), out });
      const dir = resolve(opts.out);
      const started = Date.now();
      const result = await withSession(cli.globals(), 'read', async (s) => {
        const project = await cli.project(s.admin, opts.project, opts.branch);
        const lsn = await pinLsn(s.admin, project, opts.branch, point);
        const db = `${project}@${opts.branch}@${lsn}`;
        const channel = await channelFor(s, opts.wire, 'export');
        try {
          await mkdir(dir, { recursive: true });
          const names = await channel.listCollections(db);
          const counts = new Map<string, number>();
          for (const n of names) counts.set(n, await channel.count(db, n));
          const bar = createProgress({ label: 'exporting', total: [...counts.values()].reduce((a, b) => a + b, 0) });
          const collections: Array<{ name: string; file: string; documents: number }> = [];
          try {
            for (const name of names) {
              const file = join(dir, collectionFileName(name));
              bar.update(collections.reduce((a, c) => a + c.documents, 0), { label: `exporting ${name}` });
              const documents = await exportCollection(channel, db, name, file, (k) => bar.add(k));
              collections.push({ name, file, documents });
            }
          } finally {
            bar.finish();
          }
          return { project, lsn, collections };
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code === 'EACCES' || (err as NodeJS.ErrnoException).code === 'ENOTDIR' || (err as NodeJS.ErrnoException).code === 'EEXIST') {
            throw new CliError(CLI_CODES.TRANSFER_FAILED, `cannot write the export to ${dir}: ${(err as Error).message}; choose another --out directory`, { cause: err });
          }
          throw err;
        } finally {
          await channel.close();
        }
      });
      const documents = result.collections.reduce((a, c) => a + c.documents, 0);
      const durationMs = Date.now() - started;
      out.result({ project: result.project, branch: opts.branch, lsn: result.lsn, out: dir, collections: result.collections, documents, durationMs, ...resolvedJson(resolved) }, (c) =>
        [
          renderTable(result.collections.map((x) => [x.name, String(x.documents), x.file]), { header: ['COLLECTION', 'DOCUMENTS', 'FILE'], align: ['left', 'right'], styleHeader: c.dim }),
          `exported ${documents} document(s) of ${c.bold(`${result.project}@${opts.branch}`)} as of LSN ${result.lsn} to ${dir} in ${formatDuration(durationMs)}`,
        ].join('\n'),
      );
    });
}
