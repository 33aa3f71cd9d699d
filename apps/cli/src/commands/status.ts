import type { Command } from 'commander';
import type { StatusView } from '@argon/server';
import type { CliContext } from '../cli-context.js';
import type { Colors } from '../output/color.js';
import { formatBytes, formatDuration } from '../output/format.js';
import { renderTable } from '../output/table.js';
import { withSession } from '../session.js';
import { renderBranchTree } from './branches.js';

function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/** Renders `status` for people. */
export function renderStatus(s: StatusView, via: string, c: Colors, now: Date): string {
  const st = s.storage;
  const rec = s.recovery;
  const kv: string[][] = [
    ['via', via],
    ['storage', `${String(st.kind ?? '?')} ${String(st.location ?? st.dataDir ?? '')}`.trim()],
  ];
  if (st.durability !== undefined) kv.push(['durability', String(st.durability)]);
  if (num(st.bytesOnDisk) !== undefined) kv.push(['disk use', `${formatBytes(num(st.bytesOnDisk))}${num(st.logBytes) !== undefined ? ` (log ${formatBytes(num(st.logBytes))})` : ''}`]);
  if (num(st.segments) !== undefined) kv.push(['segments', String(st.segments)]);
  if (num(st.checkpoints) !== undefined) kv.push(['checkpoints', String(st.checkpoints)]);
  kv.push([
    'recovery',
    `checkpoint LSN ${String(rec.checkpointLsn ?? 'none')}, ${String(rec.entriesScanned ?? 0)} entries replayed, ` +
      `${String(rec.truncatedBytes ?? 0)} torn bytes truncated, ${formatDuration(num(rec.durationMs) ?? 0)}`,
  ]);
  const messages = Array.isArray(rec.messages) ? (rec.messages as unknown[]) : [];
  for (const m of messages) kv.push(['', c.yellow(String(m))]);
  if (s.server) kv.push(['server', `pid ${s.server.pid}, up ${formatDuration(s.server.uptimeSeconds * 1000)}${s.server.connections !== undefined ? `, ${s.server.connections} connection(s)` : ''}`]);
  const parts = [renderTable(kv.map(([k, v]) => [c.dim(k!), v!]))];
  if (s.projects.length === 0) parts.push('', 'no projects yet');
  for (const p of s.projects) {
    parts.push('', `${c.bold(`project ${p.name}`)}  ${c.dim(`last LSN ${p.lastLsn}, ${p.branches} branch(es)`)}`);
    if (p.branches_detail) parts.push(renderBranchTree(p.branches_detail, c, now));
  }
  return parts.join('\n');
}

/** Registers `argon status`. */
export function registerStatus(program: Command, cli: CliContext): void {
  program
    .command('status')
    .description('storage, disk use, recovery statistics, projects, branches and their LSNs')
    .addHelpText('after', '\nExamples:\n  $ argon status\n  $ argon status --data-dir /var/lib/argon --json\n  $ argon status --server http://127.0.0.1:8080')
    .action(async () => {
      const out = cli.out();
      const { status, via } = await withSession(cli.globals(), 'read', async (s) => {
        const status = await s.admin.status();
        // A local engine's "server" is this CLI process: not worth reporting.
        if (s.via === 'local') {
          const { server: _server, ...rest } = status;
          return { status: rest as StatusView, via: s.description };
        }
        return { status, via: s.description };
      });
      const now = cli.now();
      out.result({ via, ...status }, (c) => renderStatus(status, via, c, now));
    });
}
