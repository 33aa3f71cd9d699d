import type { Command } from 'commander';
import type { CliContext } from '../cli-context.js';
import { parseIdArgument } from '../options.js';
import { formatDocument, formatValue } from '../output/format.js';
import { renderTable } from '../output/table.js';
import { withSession } from '../session.js';

/** Registers `argon history`. */
export function registerHistory(program: Command, cli: CliContext): void {
  program
    .command('history <collection> <id>')
    .description('every version of one document on a branch, oldest first')
    .option('--project <name>', 'project (default: ARGON_PROJECT, or the only project)')
    .option('--branch <name>', 'branch', 'main')
    .addHelpText(
      'after',
      `
The id is read as Extended JSON when it parses, else as a string:
  42                                   the number 42
  '"42"'                               the string "42"
  alice                                the string "alice"
  '{"$oid":"65a1b2c3d4e5f6a7b8c9d0e1"}'  an ObjectId

Examples:
  $ argon history orders 42 --project shop
  $ argon history users alice --project shop --branch feature
  $ argon history users '{"$oid":"65a1b2c3d4e5f6a7b8c9d0e1"}' --json`,
    )
    .action(async (collection: string, idText: string, opts: { project?: string; branch: string }) => {
      const out = cli.out();
      const id = parseIdArgument(idText);
      const { project, versions } = await withSession(cli.globals(), 'read', async (s) => {
        const project = await cli.project(s.admin, opts.project, opts.branch);
        return { project, versions: (await s.admin.history(project, opts.branch, collection, id)).versions };
      });
      out.result({ project, branch: opts.branch, collection, _id: id, versions }, (c) =>
        versions.length === 0
          ? `no versions of ${collection} ${formatValue(id)} on ${project}@${opts.branch}; check the collection and id (ids are typed: 42 and '"42"' differ)`
          : renderTable(
              versions.map((v) => [String(v.lsn), v.time ?? '-', v.op === 'delete' ? c.red(v.op) : v.op, v.doc === null ? c.dim('(deleted)') : formatDocument(v.doc), v.actor ?? '']),
              { header: ['LSN', 'TIME', 'OP', 'DOCUMENT', 'ACTOR'], align: ['right'], styleHeader: c.dim },
            ),
      );
    });
}
