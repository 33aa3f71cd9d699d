import type { Command } from 'commander';
import type { CliContext } from '../cli-context.js';
import { parseJsonOption, parseLsn, parsePositiveInt, pointFromOptions, resolvedJson } from '../options.js';
import { formatAge, formatDocument } from '../output/format.js';
import { renderTable } from '../output/table.js';
import { withSession } from '../session.js';

/** Registers `argon time-travel info|query`. */
export function registerTimeTravel(program: Command, cli: CliContext): void {
  const tt = program
    .command('time-travel')
    .description('inspect the reachable history of a branch and read it as of any LSN or time')
    .addHelpText(
      'after',
      `
Examples:
  $ argon time-travel info --project shop --branch main
  $ argon time-travel query --project shop --branch main --time "10 minutes ago" --collection orders
  $ argon time-travel query --branch main --lsn 1200 --collection orders --filter '{"status":"open"}' --sort '{"_id":-1}' --limit 5`,
    );

  tt.command('info')
    .description('the LSN and time range reachable on a branch')
    .option('--project <name>', 'project (default: ARGON_PROJECT, or the only project)')
    .option('--branch <name>', 'branch', 'main')
    .addHelpText('after', '\nExamples:\n  $ argon time-travel info --project shop\n  $ argon time-travel info --project shop --branch feature --json')
    .action(async (opts: { project?: string; branch: string }) => {
      const out = cli.out();
      const { project, range } = await withSession(cli.globals(), 'read', async (s) => {
        const project = await cli.project(s.admin, opts.project, opts.branch);
        return { project, range: await s.admin.timeRange(project, opts.branch) };
      });
      const now = cli.now();
      out.result({ project, branch: opts.branch, range }, (c) =>
        renderTable([
          [c.dim('branch'), c.bold(`${project}@${opts.branch}`)],
          [c.dim('first'), `LSN ${range.firstLsn}${range.firstTime ? `  ${range.firstTime} (${formatAge(range.firstTime, now)})` : ''}`],
          [c.dim('head'), `LSN ${range.headLsn}${range.headTime ? `  ${range.headTime} (${formatAge(range.headTime, now)})` : ''}`],
          [c.dim('read'), `database "${project}@${opts.branch}@<lsn>" or "${project}@${opts.branch}@<RFC 3339 time>"`],
        ]),
      );
    });

  tt.command('query')
    .description('read a collection as of an LSN or a time (the head when neither is given)')
    .option('--project <name>', 'project (default: ARGON_PROJECT, or the only project)')
    .option('--branch <name>', 'branch', 'main')
    .option('--lsn <lsn>', 'read as of this LSN', parseLsn)
    .option('--time <time>', 'read as of this time: RFC 3339 or relative ("5 minutes ago", "yesterday 17:00")')
    .requiredOption('--collection <name>', 'collection to read')
    .option('--filter <json>', 'query filter as (Extended) JSON, e.g. \'{"status":"open"}\'')
    .option('--sort <json>', 'sort as JSON, e.g. \'{"_id":-1}\'')
    .option('--projection <json>', 'projection as JSON, e.g. \'{"name":1}\'')
    .option('--limit <n>', 'at most this many documents (server default 100, at most 10000)', parsePositiveInt)
    .addHelpText(
      'after',
      `
Documents print one per line as relaxed Extended JSON (with --json: {lsn, documents}).

Examples:
  $ argon time-travel query --project shop --branch main --lsn 1200 --collection orders
  $ argon time-travel query --project shop --time "5m ago" --collection orders --filter '{"qty":{"$gt":5}}'
  $ argon time-travel query --project shop --time 2026-11-21T10:00:00Z --collection users --sort '{"name":1}' --limit 10`,
    )
    .action(
      async (opts: { project?: string; branch: string; lsn?: number; time?: string; collection: string; filter?: string; sort?: string; projection?: string; limit?: number }) => {
        const out = cli.out();
        const filter = opts.filter === undefined ? undefined : parseJsonOption('--filter', opts.filter, { object: true });
        const sort = opts.sort === undefined ? undefined : parseJsonOption('--sort', opts.sort, { object: true, example: `--sort '{"_id": -1}'` });
        const projection = opts.projection === undefined ? undefined : parseJsonOption('--projection', opts.projection, { object: true, example: `--projection '{"name": 1}'` });
        const { point, resolved } = pointFromOptions(opts, { required: false, now: cli.now(), out });
        const { project, result } = await withSession(cli.globals(), 'read', async (s) => {
          const project = await cli.project(s.admin, opts.project, opts.branch);
          const result = await s.admin.query(project, opts.branch, {
            collection: opts.collection,
            ...point,
            ...(filter !== undefined ? { filter } : {}),
            ...(sort !== undefined ? { sort } : {}),
            ...(projection !== undefined ? { projection } : {}),
            ...(opts.limit !== undefined ? { limit: opts.limit } : {}),
          });
          return { project, result };
        });
        out.note(`${result.documents.length} document(s) of ${project}@${opts.branch}.${opts.collection} as of LSN ${result.lsn}`);
        out.result({ project, branch: opts.branch, collection: opts.collection, lsn: result.lsn, documents: result.documents, ...resolvedJson(resolved) }, () =>
          result.documents.map(formatDocument).join('\n'),
        );
      },
    );
}
