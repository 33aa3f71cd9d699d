import type { Command } from 'commander';
import type { AdminOperations } from '@argon/server';
import type { ErrorContext } from './errors.js';
import { Printer } from './output/printer.js';
import { resolveProject } from './project.js';
import type { GlobalOptions } from './session.js';

/** What every command group gets when it registers: the parsed globals, the printer and the clock. */
export interface CliContext {
  /** The global options, read after parsing (flags, then environment, then defaults). */
  globals(): GlobalOptions;
  /** The printer for this run (created on first use, after `--json` is known). */
  out(): Printer;
  /** The current instant (relative times resolve against it). */
  now(): Date;
  /**
   * Resolves the project (`--project`, ARGON_PROJECT, or the only one) and
   * remembers it with the branch, so that error hints can name both.
   */
  project(admin: AdminOperations, given: string | undefined, branch?: string): Promise<string>;
  /** The project and branch the command works on, once known (for error hints). */
  readonly target: ErrorContext;
}

/** Builds the context of one CLI run from the root program. */
export function createCliContext(program: Command, env: NodeJS.ProcessEnv = process.env): CliContext {
  let printer: Printer | undefined;
  const target: { project?: string; branch?: string } = {};
  const globals = (): GlobalOptions => {
    const o = program.opts<{ dataDir?: string; uri?: string; server?: string; token?: string; json?: boolean }>();
    const token = o.token ?? (env.ARGON_TOKEN || undefined);
    const server = o.server ?? (env.ARGON_SERVER || undefined);
    return {
      dataDir: o.dataDir ?? (env.ARGON_DATA_DIR || './argon-data'),
      ...(o.uri ? { uri: o.uri } : {}),
      ...(server ? { server } : {}),
      ...(token ? { token, tokenSource: o.token ? '--token' : 'ARGON_TOKEN' } : {}),
      json: o.json === true,
    };
  };
  return {
    globals,
    out: () => (printer ??= new Printer(globals().json)),
    now: () => new Date(),
    target,
    project: async (admin, given, branch) => {
      if (branch !== undefined) target.branch = branch;
      if (given !== undefined) target.project = given;
      const project = await resolveProject(admin, given, env);
      target.project = project;
      return project;
    },
  };
}
