import type { Command } from 'commander';
import type { LogEntryView } from '@argon/server';
import type { CliContext } from '../cli-context.js';
import { parsePositiveInt } from '../options.js';
import type { Colors } from '../output/color.js';
import { formatValue } from '../output/format.js';
import { renderTable } from '../output/table.js';
import { withSession } from '../session.js';

/** What an entry did, for display: the audit op of document entries, else the entry kind (with the index name). */
export function entryAction(e: LogEntryView): string {
  if (e.kind === 'put' || e.kind === 'delete') return e.op ?? e.kind;
  return e.op ? `${e.kind} ${e.op}` : e.kind;
}

/** Renders log entries as a table, newest first. */
export function renderLog(entries: readonly LogEntryView[], c: Colors): string {
  const color = (a: string): string => (a === 'delete' ? c.red(a) : a === 'insert' || a === 'upsert' ? c.green(a) : a === 'update' || a === 'replace' ? c.yellow(a) : a);
  return renderTable(
    entries.map((e) => [String(e.lsn), e.time, e.branch, e.collection, color(entryAction(e)), e._id === undefined ? '' : formatValue(e._id), e.actor ?? '']),
    { header: ['LSN', 'TIME', 'BRANCH', 'COLLECTION', 'OP', '_ID', 'ACTOR'], align: ['right'], styleHeader: c.dim },
  );
}

/** Registers `argon log`. */
export function registerLog(program: Command, cli: CliContext): void {
  program
    .command('log')
    .description('show write-ahead log entries, newest first (every branch, or those visible on one branch)')
    .option('--project <name>', 'project (default: ARGON_PROJECT, or the only project)')
    .option('--branch <name>', 'only entries visible on this branch (its own and its ancestors\')')
    .option('--collection <name>', 'only entries of this collection')
    .option('--limit <n>', 'at most this many entries (server default 100)', parsePositiveInt)
    .addHelpText(
      'after',
      `
Examples:
  $ argon log --project shop
  $ argon log --project shop --branch feature --collection orders --limit 20
  $ argon log --json | jq '.entries[].lsn'`,
    )
    .action(async (opts: { project?: string; branch?: string; collection?: string; limit?: number }) => {
      const out = cli.out();
      const { project, entries } = await withSession(cli.globals(), 'read', async (s) => {
        const project = await cli.project(s.admin, opts.project, opts.branch);
        const r = await s.admin.log(project, {
          ...(opts.branch !== undefined ? { branch: opts.branch } : {}),
          ...(opts.collection !== undefined ? { collection: opts.collection } : {}),
          ...(opts.limit !== undefined ? { limit: opts.limit } : {}),
        });
        return { project, entries: r.entries };
      });
      out.result({ project, ...(opts.branch ? { branch: opts.branch } : {}), entries }, (c) =>
        entries.length === 0 ? `no log entries in project ${project}${opts.branch ? ` on branch ${opts.branch}` : ''}${opts.collection ? ` for collection ${opts.collection}` : ''}` : renderLog(entries, c),
      );
    });
}
