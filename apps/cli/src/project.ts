import { assertValidName } from '@argon/core';
import type { AdminOperations } from '@argon/server';
import { CLI_CODES, CliError } from './errors.js';

/**
 * The project a command works on: `--project`, else ARGON_PROJECT, else the
 * only project there is. Zero or several projects without either is an
 * error that lists them and says how to choose.
 */
export async function resolveProject(admin: AdminOperations, given: string | undefined, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const name = given ?? (env.ARGON_PROJECT || undefined);
  if (name !== undefined) {
    assertValidName('project', name);
    return name;
  }
  const projects = (await admin.listProjects()).map((p) => p.name).sort();
  if (projects.length === 1) return projects[0]!;
  if (projects.length === 0) {
    throw new CliError(CLI_CODES.NO_PROJECT, 'there are no projects yet: create one with `argon projects create <name>` (or write to a database with any MongoDB client)', {
      details: { projects },
    });
  }
  throw new CliError(CLI_CODES.NO_PROJECT, `several projects exist (${projects.join(', ')}): pass --project <name> or set ARGON_PROJECT`, { details: { projects } });
}
