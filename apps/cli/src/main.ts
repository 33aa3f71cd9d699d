import { Command, CommanderError } from 'commander';
import { ARGON_VERSION } from '@argon/server';
import { createCliContext } from './cli-context.js';
import { registerBranches } from './commands/branches.js';
import { registerDiff } from './commands/diff.js';
import { registerExport } from './commands/export.js';
import { registerHistory } from './commands/history.js';
import { registerImport } from './commands/import.js';
import { registerLog } from './commands/log.js';
import { registerProjects } from './commands/projects.js';
import { registerRestore } from './commands/restore.js';
import { registerServe } from './commands/serve.js';
import { registerStatus } from './commands/status.js';
import { registerTimeTravel } from './commands/time-travel.js';
import { registerWal } from './commands/wal.js';
import { reportOf } from './errors.js';
import { colorEnabled, createColors } from './output/color.js';

const program = new Command();
program
  .name('argon')
  .description('Branching and time travel for MongoDB data')
  .version(ARGON_VERSION, '-V, --version')
  .option('--data-dir <dir>', 'embedded data directory (default ./argon-data or ARGON_DATA_DIR)')
  .option('--uri <mongodb-uri>', 'use the MongoDB storage backend')
  .option('--server <url>', 'admin API of a running server, e.g. http://127.0.0.1:8080 (default: found through <data-dir>/server.json)')
  .option('--token <token>', 'admin API token for commands that change data (or ARGON_TOKEN)')
  .option('--json', 'print exactly one JSON document to stdout (results and errors)')
  .showSuggestionAfterError()
  .exitOverride()
  .addHelpText(
    'after',
    `
Every command works whether or not a server runs: when \`argon serve\` holds the
data directory (it writes <data-dir>/server.json) or --server is given, commands
go through its admin API; otherwise they open the directory directly (read-only
for commands that only read).

Examples:
  $ argon serve --data-dir ./argon-data
  $ argon projects create shop
  $ argon branches create feature --project shop
  $ argon branches list --project shop
  $ argon time-travel query --project shop --time "10 minutes ago" --collection orders
  $ argon restore reset --project shop --branch main --time "5m ago" --backup before-reset
  $ argon diff shop@main shop@feature
  $ argon status --json

Environment: ARGON_DATA_DIR, ARGON_PROJECT, ARGON_TOKEN, NO_COLOR.`,
  );

const cli = createCliContext(program);
registerServe(program, () => {
  const g = cli.globals();
  return { dataDir: g.dataDir, ...(g.uri ? { uri: g.uri } : {}), json: g.json };
});
registerProjects(program, cli);
registerBranches(program, cli);
registerLog(program, cli);
registerHistory(program, cli);
registerTimeTravel(program, cli);
registerRestore(program, cli);
registerDiff(program, cli);
registerStatus(program, cli);
registerWal(program, cli);
registerImport(program, cli);
registerExport(program, cli);

function fail(err: unknown): void {
  const json = process.argv.includes('--json');
  // commander already printed its own message (usage errors, help, version).
  if (err instanceof CommanderError) {
    if (err.exitCode === 0) return;
    if (json) process.stdout.write(`${JSON.stringify({ error: { code: 'USAGE', message: err.message.replace(/^error: /, '') } }, null, 2)}\n`);
    process.exitCode = 1;
    return;
  }
  const r = reportOf(err, cli.target);
  const c = createColors(colorEnabled(process.stderr));
  if (json) {
    process.stdout.write(`${JSON.stringify({ error: { code: r.code, message: r.message, ...(r.details ? { details: r.details } : {}), ...(r.hint ? { hint: r.hint } : {}) } }, null, 2)}\n`);
  }
  let text = `${c.red('argon:')} ${r.message}\n`;
  if (r.hint) text += `${c.dim('hint:')} ${r.hint}\n`;
  if (!r.userError) {
    const stack = err instanceof Error ? err.stack : undefined;
    text += process.env.ARGON_DEBUG && stack ? `${stack}\n` : c.dim('this looks like a bug in Argon; run again with ARGON_DEBUG=1 for a stack trace, and report it\n');
  }
  process.stderr.write(text);
  process.exitCode = r.userError ? 1 : 2;
}

// A closed pipe (`argon log | head`) ends the command quietly, as Unix tools do.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(0);
    throw err;
  });
}

program.parseAsync(process.argv).catch(fail);
