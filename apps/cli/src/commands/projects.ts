import type { Command } from 'commander';
import type { CliContext } from '../cli-context.js';
import { formatAge } from '../output/format.js';
import { renderTable } from '../output/table.js';
import { withSession } from '../session.js';

/** Registers `argon projects create|list|delete`. */
export function registerProjects(program: Command, cli: CliContext): void {
  const projects = program
    .command('projects')
    .description('create, list and delete projects (a project is a MongoDB database with branches)')
    .addHelpText(
      'after',
      `
Examples:
  $ argon projects create shop
  $ argon projects list
  $ argon projects delete shop`,
    );

  projects
    .command('list')
    .description('list projects with their branch count and latest LSN')
    .addHelpText('after', '\nExamples:\n  $ argon projects list\n  $ argon projects list --json')
    .action(async () => {
      const out = cli.out();
      const list = await withSession(cli.globals(), 'read', (s) => s.admin.listProjects());
      const now = cli.now();
      out.result({ projects: list }, (c) =>
        list.length === 0
          ? 'no projects yet; create one with `argon projects create <name>`'
          : renderTable(
              list.map((p) => [c.bold(p.name), String(p.branches), String(p.lastLsn), formatAge(p.createdAt, now)]),
              { header: ['PROJECT', 'BRANCHES', 'LAST LSN', 'CREATED'], align: ['left', 'right', 'right', 'left'], styleHeader: c.dim },
            ),
      );
    });

  projects
    .command('create <name>')
    .description('create an empty project with its main branch')
    .addHelpText('after', '\nNames use 1–64 characters from [A-Za-z0-9_-].\n\nExamples:\n  $ argon projects create shop\n  $ argon --data-dir /var/lib/argon projects create billing')
    .action(async (name: string) => {
      const out = cli.out();
      const p = await withSession(cli.globals(), 'write', (s) => s.admin.createProject(name), { create: true });
      out.result({ project: p }, (c) => `created project ${c.bold(p.name)} with branch main`);
    });

  projects
    .command('delete <name>')
    .description('delete a project (soft delete: its log stays on disk for audit)')
    .addHelpText('after', '\nExamples:\n  $ argon projects delete shop')
    .action(async (name: string) => {
      const out = cli.out();
      const r = await withSession(cli.globals(), 'write', (s) => s.admin.deleteProject(name));
      out.result(r, (c) => `deleted project ${c.bold(r.name)}`);
    });
}
