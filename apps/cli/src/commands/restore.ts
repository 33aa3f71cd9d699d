import type { Command } from 'commander';
import type { CliContext } from '../cli-context.js';
import { parseLsn, pointFromOptions, resolvedJson } from '../options.js';
import { withSession } from '../session.js';
import { renderDiff } from './diff.js';

interface RestoreOptions {
  project?: string;
  branch: string;
  lsn?: number;
  time?: string;
}

/** Registers `argon restore preview|reset|branch`. */
export function registerRestore(program: Command, cli: CliContext): void {
  const restore = program
    .command('restore')
    .description('undo changes: preview or reset a branch to an earlier point, or restore that point as a new branch')
    .addHelpText(
      'after',
      `
A reset is non-destructive: the abandoned LSNs stay in the log for audit and
never become visible again. Keep the old head with --backup.

Examples:
  $ argon restore preview --project shop --branch main --time "10 minutes ago"
  $ argon restore reset   --project shop --branch main --lsn 1200 --backup main-before-reset
  $ argon restore branch  --project shop --branch main --time "yesterday 17:00" --as recovered`,
    );

  const common = (cmd: Command): Command =>
    cmd
      .option('--project <name>', 'project (default: ARGON_PROJECT, or the only project)')
      .requiredOption('--branch <name>', 'branch to restore from')
      .option('--lsn <lsn>', 'the point: an LSN', parseLsn)
      .option('--time <time>', 'the point: RFC 3339 or relative ("5 minutes ago", "yesterday 17:00")');

  common(restore.command('preview'))
    .description('show what a reset to the point would change (nothing is changed)')
    .addHelpText('after', '\nExamples:\n  $ argon restore preview --project shop --branch main --lsn 1200\n  $ argon restore preview --branch main --time "5m ago" --json')
    .action(async (opts: RestoreOptions) => {
      const out = cli.out();
      const { point, resolved } = pointFromOptions(opts, { required: true, now: cli.now(), out });
      const { project, preview } = await withSession(cli.globals(), 'read', async (s) => {
        const project = await cli.project(s.admin, opts.project, opts.branch);
        return { project, preview: await s.admin.resetPreview(project, opts.branch, point) };
      });
      out.result({ project, branch: opts.branch, ...preview, ...resolvedJson(resolved) }, (c) =>
        `${c.dim(`resetting ${project}@${opts.branch} to LSN ${preview.toLsn} would:`)}\n` +
        renderDiff(preview, c, { added: 'document(s) brought back (+)', removed: 'document(s) removed (-)', changed: 'document(s) reverted (~)' }) +
        `\n${c.dim(`apply with: argon restore reset --project ${project} --branch ${opts.branch} --lsn ${preview.toLsn} [--backup <name>]`)}`,
      );
    });

  common(restore.command('reset'))
    .description('move the branch head back to the point (the abandoned LSNs stay in the log)')
    .option('--backup <name>', 'first keep the current head as this new branch')
    .addHelpText('after', '\nExamples:\n  $ argon restore reset --project shop --branch main --lsn 1200 --backup before-reset\n  $ argon restore reset --branch feature --time 2026-11-21T10:00:00Z')
    .action(async (opts: RestoreOptions & { backup?: string }) => {
      const out = cli.out();
      const { point, resolved } = pointFromOptions(opts, { required: true, now: cli.now(), out });
      const { project, r } = await withSession(cli.globals(), 'write', async (s) => {
        const project = await cli.project(s.admin, opts.project, opts.branch);
        return { project, r: await s.admin.resetBranch(project, opts.branch, { ...point, ...(opts.backup !== undefined ? { backup: opts.backup } : {}) }) };
      });
      if (!r.backup && r.discarded.from <= r.discarded.to) {
        out.note(`note: without --backup no branch sees LSNs ${r.discarded.from}–${r.discarded.to} any more; they stay in the log for audit (argon log)`);
      }
      out.result({ project, ...r, ...resolvedJson(resolved) }, (c) => {
        const empty = r.discarded.from > r.discarded.to;
        return (
          `reset ${c.bold(`${project}@${r.branch.name}`)} to LSN ${r.branch.headLsn}` +
          (empty ? ' (nothing to discard)' : `; LSNs ${r.discarded.from}–${r.discarded.to} are discarded (kept in the log for audit)`) +
          (r.backup ? `\nthe previous head is kept as branch ${c.bold(r.backup.name)} (LSN ${r.backup.headLsn})` : '')
        );
      });
    });

  common(restore.command('branch'))
    .description('create a new branch from the point, leaving the source branch as it is')
    .requiredOption('--as <name>', 'name of the new branch')
    .addHelpText('after', '\nExamples:\n  $ argon restore branch --project shop --branch main --lsn 1200 --as recovered\n  $ argon restore branch --branch main --time "2 hours ago" --as two-hours-ago')
    .action(async (opts: RestoreOptions & { as: string }) => {
      const out = cli.out();
      const { point, resolved } = pointFromOptions(opts, { required: true, now: cli.now(), out });
      const { project, branch } = await withSession(cli.globals(), 'write', async (s) => {
        const project = await cli.project(s.admin, opts.project, opts.branch);
        return { project, branch: await s.admin.restoreAsBranch(project, opts.branch, { ...point, as: opts.as }) };
      });
      out.result({ project, branch, ...resolvedJson(resolved) }, (c) =>
        `created branch ${c.bold(`${project}@${branch.name}`)} from ${opts.branch} as of LSN ${branch.baseLsn}\n${c.dim(`use it as database "${project}@${branch.name}"`)}`,
      );
    });
}
