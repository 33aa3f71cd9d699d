/**
 * CLI: `pnpm compat <dir-or-file>... [--uri <server>] [--verbose] [--json <file>]`.
 *
 * Runs MongoDB's unified-format spec tests against a server (an embedded
 * Argon server unless --uri is given), prints one line per file and ends
 * with `N passed, N failed, N skipped`. Failing tests do not change the exit
 * code: this is a measurement. Only a crash of the runner itself does.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatFileLine, formatSummaryLine, formatVerboseDetails, jsonReport, skipReasonTally } from './report.js';
import { runCompat } from './runner.js';

interface CliArgs {
  readonly paths: string[];
  readonly uri?: string;
  readonly verbose: boolean;
  readonly json?: string;
}

const USAGE = 'usage: pnpm compat <dir-or-file>... [--uri <mongodb-uri>] [--verbose] [--json <file>]';

function parseArgs(argv: readonly string[]): CliArgs | undefined {
  const paths: string[] = [];
  let uri: string | undefined;
  let json: string | undefined;
  let verbose = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === '--uri') uri = argv[++i];
    else if (a.startsWith('--uri=')) uri = a.slice('--uri='.length);
    else if (a === '--json') json = argv[++i];
    else if (a.startsWith('--json=')) json = a.slice('--json='.length);
    else if (a === '--verbose' || a === '-v') verbose = true;
    else if (a === '--help' || a === '-h') return undefined;
    else if (a === '--') continue;
    else if (a.startsWith('-')) throw new Error(`unknown option ${a}\n${USAGE}`);
    else paths.push(a);
  }
  if ((argv.includes('--uri') && !uri) || (argv.includes('--json') && !json)) throw new Error(`missing option value\n${USAGE}`);
  return { paths, verbose, ...(uri !== undefined ? { uri } : {}), ...(json !== undefined ? { json } : {}) };
}

/** The spec folders beside the project (`../shared/specs`), the default when no path is given. */
function defaultSpecsDir(): string {
  return resolve(dirname(fileURLToPath(import.meta.url)), '../../../shared/specs');
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  if (!args) {
    console.log(USAGE);
    return 0;
  }
  const paths = args.paths.length > 0 ? args.paths : [defaultSpecsDir()];
  for (const p of paths) if (!existsSync(p)) throw new Error(`no such file or directory: ${p}`);
  const summary = await runCompat(paths, {
    ...(args.uri !== undefined ? { uri: args.uri } : {}),
    onFile(r) {
      console.log(formatFileLine(r));
      if (args.verbose) for (const line of formatVerboseDetails(r)) console.log(line);
    },
  });
  if (args.json !== undefined) {
    const out = resolve(args.json);
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, `${JSON.stringify(jsonReport(summary), null, 2)}\n`);
  }
  if (args.verbose) {
    console.log('');
    console.log(`target: ${summary.target}`);
    console.log('skip reasons:');
    for (const { reason, count } of skipReasonTally(summary)) console.log(`  ${String(count).padStart(4)}  ${reason}`);
  }
  console.log(formatSummaryLine(summary));
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
    process.exitCode = 1;
  },
);
