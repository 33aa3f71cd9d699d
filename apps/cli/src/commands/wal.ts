import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve } from 'node:path';
import type { Command } from 'commander';
import { dumpSegment, verifyDataDir, type VerifyReport } from '@argon/storage-file';
import type { CliContext } from '../cli-context.js';
import { CLI_CODES, CliError } from '../errors.js';
import { parsePositiveInt } from '../options.js';
import type { Colors } from '../output/color.js';
import { formatBytes, formatDuration } from '../output/format.js';
import { createProgress } from '../output/progress.js';
import { assertDataDir, type GlobalOptions } from '../session.js';

const SEGMENT_RE = /^\d{8,}\.seg$/;

function embeddedDir(g: GlobalOptions, command: string): string {
  if (g.uri) {
    throw new CliError(CLI_CODES.NOT_SUPPORTED, `argon ${command} checks the files of an embedded data directory; with --uri the log lives in MongoDB. Drop --uri and pass --data-dir <dir>`);
  }
  const dir = resolve(g.dataDir);
  assertDataDir(dir);
  return dir;
}

/** The segment files of a data directory, oldest first. */
export async function segmentFiles(dir: string): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(join(dir, 'wal'));
  } catch {
    return [];
  }
  return names
    .filter((n) => SEGMENT_RE.test(n))
    .sort((a, b) => Number(a.slice(0, -4)) - Number(b.slice(0, -4)))
    .map((n) => join(dir, 'wal', n));
}

/** Renders a verify report: a summary line, then every damaged file and offset. */
export function renderVerify(r: VerifyReport, c: Colors): string {
  const count = (k: string): number => r.files.filter((f) => f.kind === k).length;
  const bytes = r.files.reduce((n, f) => n + f.bytes, 0);
  const lines = [
    `${r.ok ? c.green('ok') : c.red('DAMAGED')}  ${r.dir}: ${count('segment')} segment(s), ${count('checkpoint')} checkpoint(s), ${count('metadata')} metadata file(s), ` +
      `${r.entries} log entries, ${formatBytes(bytes)} checked in ${formatDuration(r.durationMs)}`,
  ];
  for (const p of r.problems) {
    const tag = p.severity === 'corrupt' ? c.red('corrupt  ') : c.yellow('torn tail');
    lines.push(`${tag} ${p.file} at offset ${p.offset}: ${p.message}`);
  }
  if (r.problems.some((p) => p.severity === 'torn-tail') && r.ok) lines.push(c.dim('a torn tail is an interrupted append; the next writable open truncates it'));
  if (r.lock) lines.push(c.dim(`writer lock: pid ${r.lock.pid} on ${r.lock.host}${r.lock.stale ? ' (stale)' : ''}`));
  return lines.join('\n');
}

/** Registers `argon wal verify|dump`. */
export function registerWal(program: Command, cli: CliContext): void {
  const wal = program
    .command('wal')
    .description('check and inspect the write-ahead log files of an embedded data directory')
    .addHelpText(
      'after',
      `
Both commands read the files directly (no lock needed, safe while a server runs).

Examples:
  $ argon wal verify --data-dir ./argon-data
  $ argon wal dump --limit 20
  $ argon wal dump ./argon-data/wal/00000001.seg`,
    );

  wal
    .command('verify')
    .description('verify every segment, checkpoint and metadata file (CRCs, framing, LSN order); exit 1 if damaged')
    .addHelpText('after', '\nExamples:\n  $ argon wal verify\n  $ argon wal verify --data-dir /var/lib/argon --json')
    .action(async () => {
      const out = cli.out();
      const dir = embeddedDir(cli.globals(), 'wal verify');
      const bar = createProgress({ label: `verifying ${dir}` });
      let report: VerifyReport;
      try {
        report = await verifyDataDir(dir);
      } finally {
        bar.finish();
      }
      out.result(report, (c) => renderVerify(report, c));
      if (!report.ok) {
        // With --json the report (ok: false) is the one document; the exit code says the rest.
        if (out.json) {
          process.exitCode = 1;
          return;
        }
        const damaged = report.problems.filter((p) => p.severity === 'corrupt');
        const files = [...new Set(damaged.map((p) => p.file))];
        throw new CliError(
          CLI_CODES.WAL_DAMAGED,
          `${damaged.length} damaged place(s) in ${files.length} file(s) of ${report.dir}; restore them from a backup, or copy the data out with \`argon export\` from a branch that does not need them`,
          { details: { files } },
        );
      }
    });

  wal
    .command('dump [segment-file]')
    .description('print log entries (offset, LSN, project, branch, kind, collection, _id) of one segment or all')
    .option('--limit <n>', 'stop after this many entries', parsePositiveInt)
    .addHelpText(
      'after',
      `
Without a file, every segment of --data-dir is dumped, oldest first. A file
name without a folder is looked up in <data-dir>/wal/.

Examples:
  $ argon wal dump --limit 50
  $ argon wal dump 00000002.seg
  $ argon wal dump /backup/argon-data/wal/00000001.seg --json`,
    )
    .action(async (file: string | undefined, opts: { limit?: number }) => {
      const out = cli.out();
      const g = cli.globals();
      let files: string[];
      if (file !== undefined) {
        const direct = resolve(file);
        const inWal = isAbsolute(file) ? direct : join(resolve(g.dataDir), 'wal', file);
        const path = existsSync(direct) ? direct : existsSync(inWal) ? inWal : undefined;
        if (!path) {
          throw new CliError(CLI_CODES.USAGE, `no segment file ${JSON.stringify(file)} (looked at ${direct}${inWal !== direct ? ` and ${inWal}` : ''}); list them with \`ls ${relative(process.cwd(), join(resolve(g.dataDir), 'wal')) || '.'}\``, {
            details: { file },
          });
        }
        files = [path];
      } else {
        const dir = embeddedDir(g, 'wal dump');
        files = await segmentFiles(dir);
      }
      const limit = opts.limit ?? Infinity;
      let entries = 0;
      let truncated = false;
      const segments: Array<{ file: string; lines: string[] }> = [];
      outer: for (const f of files) {
        const seg = { file: f, lines: [] as string[] };
        segments.push(seg);
        for await (const line of dumpSegment(f)) {
          const isEntry = !line.startsWith('#');
          if (isEntry && entries >= limit) {
            truncated = true;
            break outer;
          }
          if (isEntry) entries++;
          if (out.json) seg.lines.push(line);
          else out.write(`${line}\n`);
        }
      }
      if (truncated) out.note(`# stopped after ${entries} entries (--limit ${opts.limit}); raise --limit to see more`);
      out.result({ segments, entries, truncated }, () => (files.length === 0 ? 'no segment files yet' : ''));
    });
}
