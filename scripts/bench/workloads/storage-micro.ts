/**
 * The packages' own micro-benchmarks (`packages/<name>/bench/*.bench.ts` and
 * `apps/<name>/bench/*.bench.ts`), each run as a child process; their
 * `label  value` lines become a detail table. They are reported as the
 * package authors print them, not in the headline.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchContext, Workload } from '../lib/context.js';
import { section, type DetailTable } from '../lib/report.js';

/** Arguments of known micro-benchmarks in quick mode (their default sizes are for the full run). */
const QUICK_ARGS: Record<string, string[]> = { 'packages/storage-file/bench/file-store.bench.ts': ['100000'] };

/** Every `*.bench.ts` under packages/*\/bench and apps/*\/bench, relative to the repository root. */
export function findMicroBenchmarks(repo = process.cwd()): string[] {
  const out: string[] = [];
  for (const top of ['packages', 'apps']) {
    const base = join(repo, top);
    if (!existsSync(base)) continue;
    for (const pkg of readdirSync(base).sort()) {
      const dir = join(base, pkg, 'bench');
      if (!existsSync(dir)) continue;
      for (const f of readdirSync(dir).sort()) if (f.endsWith('.bench.ts')) out.push(`${top}/${pkg}/bench/${f}`);
    }
  }
  return out;
}

async function run(ctx: BenchContext) {
  const tables: DetailTable[] = [];
  const data: Array<{ file: string; status: number | null; ms: number; stdout: string; stderr: string }> = [];
  for (const file of findMicroBenchmarks()) {
    ctx.log(`storage-micro: ${file}`);
    const args = ctx.quick ? (QUICK_ARGS[file] ?? []) : [];
    const t0 = performance.now();
    const r = spawnSync(process.execPath, ['--import', 'tsx', file, ...args], { encoding: 'utf8', timeout: 5 * 60_000, env: { ...process.env, TMPDIR: ctx.root } });
    const ms = performance.now() - t0;
    const stdout = r.stdout ?? '';
    const stderr = (r.stderr ?? '').split('\n').filter((l) => l && !l.includes('npm warn')).join('\n');
    data.push({ file, status: r.status, ms, stdout, stderr });
    const rows = stdout
      .split('\n')
      .map((l) => l.trimEnd())
      .filter(Boolean)
      .map((l) => {
        const m = /^(.*?\S)\s{2,}(\S.*)$/.exec(l);
        return m ? [m[1]!, m[2]!] : [l, ''];
      });
    const failed = r.status !== 0 || r.error !== undefined;
    tables.push({
      title: `${file}${args.length ? ` ${args.join(' ')}` : ''} (${(ms / 1000).toFixed(1)} s${failed ? `, FAILED: exit ${String(r.status)}${r.error ? ` ${r.error.message}` : ''}` : ''})`,
      headers: ['measurement', 'result'],
      rows,
      ...(failed && stderr ? { notes: [stderr.slice(-2000)] } : {}),
    });
    if (failed) throw new Error(`${file} failed (exit ${String(r.status)}): ${stderr.slice(-2000)}`);
  }
  return section('storage-micro', 'Package micro-benchmarks', {
    tables,
    notes: ['Run as child processes with their own sizes (quick mode passes smaller ones); the data lands in the run\'s temp dir.'],
    data,
  });
}

/** The packages' own bench/*.bench.ts files. */
export const storageMicroWorkload: Workload = { id: 'storage-micro', title: 'Package micro-benchmarks (packages/*/bench)', run };
