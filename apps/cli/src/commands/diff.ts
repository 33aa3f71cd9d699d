import type { Command } from 'commander';
import { assertValidName } from '@argon/core';
import type { DiffView } from '@argon/server';
import type { CliContext } from '../cli-context.js';
import { CLI_CODES, CliError } from '../errors.js';
import type { Colors } from '../output/color.js';
import { formatDocument, formatValue } from '../output/format.js';
import { parseTime, describeResolved, type ResolvedTime } from '../time/parse-time.js';
import { withSession } from '../session.js';

/** A side of `argon diff`: `project@branch[@point]` with the point resolved. */
export interface DiffTarget {
  readonly project: string;
  readonly branch: string;
  /** The database name the admin API reads: `shop@main`, `shop@main@1200`, `shop@main@2026-…Z`. */
  readonly dbName: string;
  readonly resolved?: ResolvedTime;
}

/**
 * Parses `project@branch[@point]`; the point is an LSN, an RFC 3339 time or
 * a relative time (`shop@main@5 minutes ago`). A bare `project` means its
 * main branch at the head.
 */
export function parseDiffTarget(text: string, now: Date): DiffTarget {
  const at = text.indexOf('@');
  const project = at < 0 ? text : text.slice(0, at);
  const rest = at < 0 ? '' : text.slice(at + 1);
  const at2 = rest.indexOf('@');
  const branch = at < 0 ? 'main' : at2 < 0 ? rest : rest.slice(0, at2);
  const point = at2 < 0 ? undefined : rest.slice(at2 + 1);
  const usage = `use project@branch[@point], e.g. shop@main, shop@feature@1200 or "shop@main@10 minutes ago"`;
  if (project === '') throw new CliError(CLI_CODES.USAGE, `invalid diff side ${JSON.stringify(text)}: ${usage}`, { details: { value: text } });
  assertValidName('project', project);
  assertValidName('branch', branch);
  if (point === undefined) return { project, branch, dbName: `${project}@${branch}` };
  if (/^\d+$/.test(point)) return { project, branch, dbName: `${project}@${branch}@${point}` };
  const resolved = parseTime(point, { now });
  return { project, branch, dbName: `${project}@${branch}@${resolved.date.toISOString()}`, resolved };
}

/** Renders a diff: `+` added, `-` removed, `~` changed (with the changed fields). */
export function renderDiff(d: Pick<DiffView, 'added' | 'removed' | 'changed'>, c: Colors, words: { added: string; removed: string; changed: string } = { added: 'added', removed: 'removed', changed: 'changed' }): string {
  const lines: string[] = [];
  for (const x of d.added) lines.push(c.green(`+ ${x.collection} ${formatValue(x._id)} ${formatDocument(x.doc)}`));
  for (const x of d.removed) lines.push(c.red(`- ${x.collection} ${formatValue(x._id)} ${formatDocument(x.doc)}`));
  for (const x of d.changed) lines.push(c.yellow(`~ ${x.collection} ${formatValue(x._id)} fields: ${x.fields.join(', ')}`));
  lines.push(`${d.added.length} ${words.added}, ${d.removed.length} ${words.removed}, ${d.changed.length} ${words.changed}`);
  return lines.join('\n');
}

/** Registers `argon diff`. */
export function registerDiff(program: Command, cli: CliContext): void {
  program
    .command('diff <from> <to>')
    .description('compare two branches or points of one project: project@branch[@lsn|@time]')
    .option('--collection <name>', 'only this collection')
    .addHelpText(
      'after',
      `
Examples:
  $ argon diff shop@main shop@feature
  $ argon diff shop@main@1200 shop@main --collection orders
  $ argon diff "shop@main@yesterday 17:00" shop@main
  $ argon diff shop@main@2026-11-21T10:00:00Z shop@feature --json`,
    )
    .action(async (fromText: string, toText: string, opts: { collection?: string }) => {
      const out = cli.out();
      const now = cli.now();
      const from = parseDiffTarget(fromText, now);
      const to = parseDiffTarget(toText, now);
      if (from.project !== to.project) {
        throw new CliError(CLI_CODES.USAGE, `diff compares two points of one project; got '${from.project}' and '${to.project}'`, { details: { from: fromText, to: toText } });
      }
      for (const t of [from, to]) if (t.resolved) out.note(describeResolved(t.resolved));
      const d = await withSession(cli.globals(), 'read', (s) => s.admin.diff(from.dbName, to.dbName, opts.collection));
      const resolvedTimes = [from, to].filter((t) => t.resolved).map((t) => ({ input: t.resolved!.input, time: t.resolved!.date.toISOString() }));
      out.result({ ...d, ...(resolvedTimes.length ? { resolvedTimes } : {}) }, (c) => `${c.dim(`diff ${from.dbName} → ${to.dbName}${opts.collection ? ` (collection ${opts.collection})` : ''}`)}\n${renderDiff(d, c)}`);
    });
}
