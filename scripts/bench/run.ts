/**
 * Argon's benchmark suite: every workload against its peers, side by side in
 * one run, with the machine's limits measured in the same run.
 *
 *   pnpm bench                 # full run (≈15 min on 2 cores) → bench/results/
 *   pnpm bench --quick         # smaller sizes, fewer rounds (< 2 min) → bench/results/quick/
 *   pnpm bench --only ycsb,wire  # selected workloads → bench/results/partial/
 *   pnpm bench --list          # workload ids
 *
 * Other flags: `--dir <path>` puts the data directories on another
 * filesystem (default: the OS temp dir), `--out <dir>` overrides the output
 * directory, `--keep` keeps the data directories.
 * Prints per-section detail tables as workloads finish, then one headline
 * table; writes results.json, one SVG chart per scaling curve and
 * README-table.md. Timings are reported, never asserted.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { collectGarbage, freshDir, type BenchContext, type Budget, type MachineLimits, type Workload } from './lib/context.js';
import { renderCurveSvg } from './lib/chart.js';
import type { HeadlineRow, SectionResult } from './lib/report.js';
import { fmtMs, fmtRatio } from './lib/stats.js';
import { renderTable } from './lib/table.js';
import { machineSection, measureMachine, remeasureFsync } from './workloads/machine.js';
import { WORKLOADS } from './workloads/index.js';

// Re-run under node flags the suite wants (explicit GC between peers, a larger heap).
if (!(globalThis as { gc?: unknown }).gc && !process.env.ARGON_BENCH_CHILD) {
  const r = spawnSync(process.execPath, [...process.execArgv, '--expose-gc', '--max-old-space-size=8192', fileURLToPath(import.meta.url), ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: { ...process.env, ARGON_BENCH_CHILD: '1' },
  });
  process.exit(r.status ?? 1);
}

const argv = process.argv.slice(2);
const flag = (name: string) => argv.includes(name);
const option = (name: string): string[] => argv.flatMap((a, i) => (a === name && argv[i + 1] ? [argv[i + 1]!] : a.startsWith(`${name}=`) ? [a.slice(name.length + 1)] : []));

if (flag('--list') || flag('--help')) {
  console.log('usage: pnpm bench [--quick] [--only <id>[,<id>…]] [--dir <path>] [--out <dir>] [--keep]\n\nworkloads:');
  for (const w of WORKLOADS) console.log(`  ${w.id.padEnd(18)} ${w.title}`);
  process.exit(0);
}

const quick = flag('--quick');
const only = option('--only').flatMap((s) => s.split(',')).map((s) => s.trim()).filter(Boolean);
const unknown = only.filter((id) => !WORKLOADS.some((w) => w.id === id));
if (unknown.length) {
  console.error(`unknown workload(s): ${unknown.join(', ')}; known: ${WORKLOADS.map((w) => w.id).join(', ')}`);
  process.exit(2);
}
const selected: Workload[] = only.length ? WORKLOADS.filter((w) => only.includes(w.id)) : [...WORKLOADS];
const outDir = resolve(option('--out')[0] ?? (only.length ? 'bench/results/partial' : quick ? 'bench/results/quick' : 'bench/results'));
const root = mkdtempSync(join(resolve(option('--dir')[0] ?? tmpdir()), 'argon-bench-'));
const budget: Budget = quick ? { rounds: 3, warmupMs: 200, roundMs: 300, records: 10_000 } : { rounds: 5, warmupMs: 600, roundMs: 1200, records: 100_000 };

const started = Date.now();
const log = (msg: string) => process.stderr.write(`[${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${msg}\n`);

log(`${quick ? 'quick' : 'full'} run of ${selected.map((w) => w.id).join(', ')}; data under ${root}`);
log('measuring machine limits (fsync loop, BSON rates)');
const measured = await measureMachine(root, quick);
const machine: MachineLimits = measured.limits;
const results = new Map<string, SectionResult>();
const ctx: BenchContext = { quick, budget, root, machine, results, dir: (name) => freshDir(root, name), log };

function printSection(s: SectionResult): void {
  console.log(`\n## ${s.title}${s.durationMs !== undefined ? ` (${fmtMs(s.durationMs)})` : ''}\n`);
  for (const t of s.tables) {
    console.log(`### ${t.title}\n`);
    console.log(renderTable(t.headers, t.rows));
    for (const n of t.notes ?? []) console.log(`\n${n}`);
    console.log('');
  }
  for (const n of s.notes) console.log(`- ${n}`);
}

const failures: Array<{ id: string; error: string }> = [];
for (const w of selected) {
  log(`── ${w.id}: ${w.title}`);
  const t0 = performance.now();
  try {
    const r = await w.run(ctx);
    const done = { ...r, durationMs: performance.now() - t0 };
    results.set(w.id, done);
    printSection(done);
  } catch (err) {
    const error = err instanceof Error ? (err.stack ?? err.message) : String(err);
    failures.push({ id: w.id, error });
    log(`!! workload ${w.id} FAILED: ${error}`);
  }
  collectGarbage();
}

log('re-measuring the fsync rate at the end of the run');
const endFsync = remeasureFsync(ctx);
const machineResult = machineSection(machine, measured.detail, endFsync);
printSection(machineResult);

const limitOf = (name: NonNullable<HeadlineRow['vsMachine']>['limit']): { value: number; label: string } =>
  ({
    fsync: { value: machine.fsyncPerSec, label: 'fsync' },
    bsonSerialize: { value: machine.bsonSerializePerSec, label: 'BSON ser.' },
    bsonDeserialize: { value: machine.bsonDeserializePerSec, label: 'BSON deser.' },
    bsonSize: { value: machine.docBsonBytes, label: 'BSON size' },
  })[name];

const headline = [...results.values()].flatMap((s) => s.headline.map((h) => ({ section: s.id, ...h })));
const headers = ['figure', 'Argon', 'best peer (same run)', 'Argon vs peer', 'vs machine limit', 'goal', 'met'];
const rows = headline.map((h) => {
  const lim = h.vsMachine ? limitOf(h.vsMachine.limit) : undefined;
  return [
    h.figure,
    h.argon,
    h.peer ?? '—',
    h.vsPeer !== undefined ? fmtRatio(h.vsPeer) : '—',
    h.vsMachine && lim ? `${fmtRatio(h.vsMachine.ratio ?? h.vsMachine.value / (h.vsMachine.limitValue ?? lim.value))} ${h.vsMachine.limitLabel ?? lim.label}` : '—',
    h.goal ?? '',
    h.met === undefined ? '' : h.met ? 'yes' : 'NO',
  ];
});
const headlineTable = renderTable(headers, rows);
const limitsLine = `Machine: ${cpus().length} × ${cpus()[0]?.model.trim() ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}; raw fsync ${machine.fsyncPerSec.toFixed(0)}/s, BSON serialize ${(machine.bsonSerializePerSec / 1000).toFixed(0)}k docs/s, deserialize ${(machine.bsonDeserializePerSec / 1000).toFixed(0)}k docs/s (${machine.docBsonBytes.toFixed(0)} B docs).`;
const legend = '"Argon vs peer" > 1 means Argon is better (faster, or smaller for sizes). "vs machine limit" divides Argon\'s figure by the limit measured in the same run: ops/s ÷ raw fsync/s, docs/s ÷ BSON (de)serialize docs/s, bytes ÷ BSON bytes.';

console.log(`\n# Headline (${quick ? 'quick' : 'full'} run${only.length ? `, only ${only.join(',')}` : ''}, ${new Date().toISOString()})\n`);
console.log(headlineTable);
console.log(`\n${legend}\n${limitsLine}`);
if (failures.length) {
  console.log('\n# FAILED workloads\n');
  for (const f of failures) console.log(`- ${f.id}:\n\n\`\`\`\n${f.error}\n\`\`\`\n`);
}

mkdirSync(outDir, { recursive: true });
const charts: string[] = [];
for (const s of results.values()) {
  for (const c of s.curves) {
    const file = join(outDir, `${c.id}.svg`);
    writeFileSync(file, await renderCurveSvg(c));
    charts.push(file);
  }
}
writeFileSync(
  join(outDir, 'results.json'),
  JSON.stringify(
    {
      when: new Date(started).toISOString(),
      mode: quick ? 'quick' : 'full',
      only: only.length ? only : null,
      durationMs: Date.now() - started,
      machine: { ...machine, cpus: cpus().length, cpuModel: cpus()[0]?.model ?? null, totalMemBytes: totalmem(), node: process.version, platform: `${process.platform}-${process.arch}`, dataRoot: root, detail: machineResult.data },
      budget,
      headline: headline.map((h) => ({ ...h, vsMachine: h.vsMachine ? { ...h.vsMachine, ratio: h.vsMachine.ratio ?? h.vsMachine.value / (h.vsMachine.limitValue ?? limitOf(h.vsMachine.limit).value) } : undefined })),
      sections: [...results.values()],
      failures,
    },
    null,
    2,
  ),
);
writeFileSync(
  join(outDir, 'README-table.md'),
  `<!-- generated by \`pnpm bench${quick ? ' --quick' : ''}${only.length ? ` --only ${only.join(',')}` : ''}\` on ${new Date(started).toISOString()}; see docs/benchmarks.md -->\n\n${headlineTable}\n\n${legend}\n${limitsLine}\n`,
);
log(`wrote ${join(outDir, 'results.json')}, README-table.md${charts.length ? ` and ${charts.length} chart(s)` : ''} in ${((Date.now() - started) / 1000).toFixed(0)} s`);
// A complete full run also refreshes the table in docs/benchmarks.md (between its markers).
if (!quick && !only.length && !option('--out').length && failures.length === 0) {
  const doc = resolve('docs/benchmarks.md');
  try {
    const text = readFileSync(doc, 'utf8');
    const start = '<!-- headline:start -->';
    const end = '<!-- headline:end -->';
    const a = text.indexOf(start);
    const b = text.indexOf(end);
    if (a >= 0 && b > a) {
      const body = `\nFull run of ${new Date(started).toISOString().slice(0, 10)} (${((Date.now() - started) / 60000).toFixed(1)} min); every number comes from this one run. Details: \`bench/results/results.json\`, charts in \`bench/results/\`.\n\n${headlineTable}\n\n${legend}\n${limitsLine}\n`;
      writeFileSync(doc, text.slice(0, a + start.length) + body + text.slice(b));
      log(`updated the headline table in ${doc}`);
    }
  } catch (err) {
    log(`could not update docs/benchmarks.md: ${(err as Error).message}`);
  }
}
if (!flag('--keep')) rmSync(root, { recursive: true, force: true });
if (failures.length) process.exitCode = 1;
