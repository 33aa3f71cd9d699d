import type { Command } from 'commander';
import type { BranchView, TimeRangeView } from '@argon/server';
import type { CliContext } from '../cli-context.js';
import { parseLsn, pointFromOptions, resolvedJson } from '../options.js';
import type { Colors } from '../output/color.js';
import { formatAge } from '../output/format.js';
import { renderTable } from '../output/table.js';
import { treeLines } from '../output/tree.js';
import { withSession } from '../session.js';

/** Renders branches as a tree (parent/child drawn with │ ├─ └─), one aligned line per branch. */
export function renderBranchTree(branches: readonly BranchView[], c: Colors, now: Date): string {
  const lines = treeLines(
    branches.map((b) => ({ id: b.name, parent: b.parent, value: b })),
    (a, b) => a.value.baseLsn - b.value.baseLsn || a.value.createdAt.localeCompare(b.value.createdAt) || a.value.name.localeCompare(b.value.name),
  );
  const rows = lines.map(({ prefix, node: { value: b } }) => {
    const name = b.deleted ? c.dim(`${b.name} (deleted)`) : b.name === 'main' ? c.bold(b.name) : c.cyan(b.name);
    const resets = b.resets?.length ? c.yellow(` ↺${b.resets.length}`) : '';
    return [c.dim(prefix) + name + resets, String(b.baseLsn), String(b.headLsn), formatAge(b.createdAt, now)];
  });
  return renderTable(rows, { header: ['BRANCH', 'BASE', 'HEAD', 'CREATED'], align: ['left', 'right', 'right', 'left'], styleHeader: c.dim });
}

function rangeText(r: TimeRangeView): string {
  return `LSN ${r.firstLsn}–${r.headLsn}${r.firstTime ? `, ${r.firstTime} – ${r.headTime ?? '?'}` : ''}`;
}

/** Registers `argon branches create|list|delete|info`. */
export function registerBranches(program: Command, cli: CliContext): void {
  const branches = program
    .command('branches')
    .description('create, list, inspect and delete branches (pointers into the log: O(1), no data copied)')
    .addHelpText(
      'after',
      `
Examples:
  $ argon branches list --project shop
  $ argon branches create feature --project shop
  $ argon branches create hotfix --project shop --from main --time "2 hours ago"
  $ argon branches info feature --project shop
  $ argon branches delete feature --project shop`,
    );

  branches
    .command('list')
    .description('show the branch tree with base and head LSNs and age')
    .option('--project <name>', 'project (default: ARGON_PROJECT, or the only project)')
    .option('--all', 'include deleted branches')
    .addHelpText('after', '\nExamples:\n  $ argon branches list --project shop\n  $ argon branches list --project shop --all --json')
    .action(async (opts: { project?: string; all?: boolean }) => {
      const out = cli.out();
      const { project, list } = await withSession(cli.globals(), 'read', async (s) => {
        const project = await cli.project(s.admin, opts.project);
        // Deleted branches are fetched so that the tree keeps its shape; they are shown only with --all.
        const all = await s.admin.listBranches(project, { includeDeleted: true });
        return { project, list: opts.all ? all : all.filter((b) => !b.deleted) };
      });
      const now = cli.now();
      out.result({ project, branches: list }, (c) => `${c.dim(`project ${project}`)}\n${renderBranchTree(list, c, now)}`);
    });

  branches
    .command('create <name>')
    .description('create a branch from another branch (default main) at its head, an LSN or a time')
    .option('--project <name>', 'project (default: ARGON_PROJECT, or the only project)')
    .option('--from <branch>', 'parent branch', 'main')
    .option('--lsn <lsn>', 'fork at this LSN of the parent', parseLsn)
    .option('--time <time>', 'fork at this time: RFC 3339 or relative ("5 minutes ago", "yesterday 17:00")')
    .addHelpText(
      'after',
      `
Examples:
  $ argon branches create feature --project shop
  $ argon branches create before-migration --project shop --lsn 1200
  $ argon branches create snapshot --project shop --from feature --time 2026-11-21T10:00:00Z
  $ argon branches create yesterday-eve --project shop --time "yesterday 17:00"
Then connect any MongoDB client to database "shop@feature".`,
    )
    .action(async (name: string, opts: { project?: string; from: string; lsn?: number; time?: string }) => {
      const out = cli.out();
      const { point, resolved } = pointFromOptions(opts, { required: false, now: cli.now(), out });
      const { project, branch } = await withSession(cli.globals(), 'write', async (s) => {
        const project = await cli.project(s.admin, opts.project, opts.from);
        return { project, branch: await s.admin.createBranch(project, { name, from: opts.from, ...point }) };
      });
      out.result({ project, branch, ...resolvedJson(resolved) }, (c) =>
        `created branch ${c.bold(`${project}@${branch.name}`)} from ${branch.parent ?? opts.from} at LSN ${branch.baseLsn}\n` +
        c.dim(`use it as database "${project}@${branch.name}" from any MongoDB client`),
      );
    });

  branches
    .command('info <name>')
    .description('show a branch: parent, base and head LSN, reachable range, resets')
    .option('--project <name>', 'project (default: ARGON_PROJECT, or the only project)')
    .addHelpText('after', '\nExamples:\n  $ argon branches info feature --project shop\n  $ argon branches info main --json')
    .action(async (name: string, opts: { project?: string }) => {
      const out = cli.out();
      const { project, branch } = await withSession(cli.globals(), 'read', async (s) => {
        const project = await cli.project(s.admin, opts.project, name);
        return { project, branch: await s.admin.getBranch(project, name) };
      });
      const now = cli.now();
      out.result({ project, branch }, (c) => {
        const rows: string[][] = [
          ['branch', c.bold(`${project}@${branch.name}`)],
          ['parent', branch.parent ?? '-'],
          ['base LSN', String(branch.baseLsn)],
          ['head LSN', String(branch.headLsn)],
          ['created', `${branch.createdAt} (${formatAge(branch.createdAt, now)})`],
          ['reachable', rangeText(branch.range)],
        ];
        for (const r of branch.resets ?? []) {
          rows.push(['reset', `at LSN ${r.atLsn} (${r.at}) to LSN ${r.toLsn}; discarded ${r.discarded.from}–${r.discarded.to}${r.backup ? `; backup ${r.backup}` : ''}`]);
        }
        return renderTable(rows.map(([k, v]) => [c.dim(k!), v!]));
      });
    });

  branches
    .command('delete <name>')
    .description('delete a branch (soft delete: descendants keep their history; main cannot be deleted)')
    .option('--project <name>', 'project (default: ARGON_PROJECT, or the only project)')
    .addHelpText('after', '\nExamples:\n  $ argon branches delete feature --project shop')
    .action(async (name: string, opts: { project?: string }) => {
      const out = cli.out();
      const { project, branch } = await withSession(cli.globals(), 'write', async (s) => {
        const project = await cli.project(s.admin, opts.project, name);
        return { project, branch: await s.admin.deleteBranch(project, name) };
      });
      out.result({ project, branch }, (c) => `deleted branch ${c.bold(`${project}@${branch.name}`)} (head was LSN ${branch.headLsn})`);
    });
}
