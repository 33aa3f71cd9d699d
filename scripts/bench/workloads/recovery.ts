/**
 * Recovery time against history length (10^3 … 10^6 log entries; quick:
 * … 10^5). A FileStore gets N entries (1,000 small documents, then updates)
 * through the engine, is closed without a final checkpoint (what a crash or
 * kill leaves behind), and `ArgonEngine.open` is timed on it — once with the
 * default checkpointing (every 100,000 entries) and once with checkpoints
 * disabled (`checkpointEveryEntries: 0`). Entries replayed come from
 * `engine.recovery`; the storage-level verify time from the FileStore's
 * open report.
 */
import { ArgonEngine } from '@argon/core';
import { FileStore } from '@argon/storage-file';
import { waitForCheckpoints } from '../lib/argon-meter.js';
import type { BenchContext, Workload } from '../lib/context.js';
import { diskUsage } from '../lib/context.js';
import { closeRunner, loadSmall, powersOfTen, runnerOn, updateSmall } from '../lib/engine-fixtures.js';
import { section, type Curve, type HeadlineRow } from '../lib/report.js';
import { fmtBytes, fmtMs, fmtRate, fmtRatio, summarize, type Summary } from '../lib/stats.js';

const DOCS = 1000;

interface Row {
  readonly size: number;
  readonly mode: 'default' | 'off';
  readonly open: Summary;
  readonly replayed: number;
  readonly checkpointLsn: number | null;
  readonly storageOpenMs: number;
  readonly bytes: number;
}

async function writeHistory(ctx: BenchContext, n: number, checkpointEveryEntries: number | undefined, name: string): Promise<string> {
  const dir = ctx.dir(name);
  const r = await runnerOn(new FileStore({ dir, durability: 'interval' }), checkpointEveryEntries);
  await loadSmall(r, Math.min(DOCS, n));
  if (n > DOCS) await updateSmall(r, DOCS, n - DOCS);
  await waitForCheckpoints(r.engine);
  await closeRunner(r); // no final checkpoint: what a crash leaves
  return dir;
}

async function timeOpen(dir: string, checkpointEveryEntries: number | undefined, rounds: number) {
  const samples: number[] = [];
  let replayed = 0;
  let checkpointLsn: number | null = null;
  let storageOpenMs = 0;
  for (let i = 0; i <= rounds; i++) {
    const t0 = performance.now();
    const engine = await ArgonEngine.open({ storage: new FileStore({ dir }), ...(checkpointEveryEntries !== undefined ? { checkpointEveryEntries } : {}) });
    const ms = performance.now() - t0;
    replayed = engine.recovery.entriesScanned;
    checkpointLsn = engine.recovery.checkpointLsn;
    const st = await engine.storage.status();
    storageOpenMs = (st.recovery as { durationMs?: number } | undefined)?.durationMs ?? 0;
    await engine.close();
    if (i > 0) samples.push(ms); // the first open warms the page cache and the JIT
  }
  return { open: summarize(samples), replayed, checkpointLsn, storageOpenMs };
}

async function run(ctx: BenchContext) {
  const sizes = powersOfTen(ctx.quick ? 5 : 6);
  const rows: Row[] = [];
  for (const n of sizes) {
    for (const mode of ['default', 'off'] as const) {
      ctx.log(`recovery: ${n.toLocaleString('en-US')} entries, checkpoints ${mode}`);
      const every = mode === 'off' ? 0 : undefined;
      const dir = await writeHistory(ctx, n, every, `recovery-${n}-${mode}`);
      const rounds = ctx.quick ? (n >= 1e5 ? 2 : 3) : n >= 1e6 ? 3 : 5;
      const t = await timeOpen(dir, every, rounds);
      rows.push({ size: n, mode, ...t, bytes: diskUsage(dir) });
    }
  }
  const get = (n: number, mode: 'default' | 'off') => rows.find((r) => r.size === n && r.mode === mode)!;
  const maxN = sizes[sizes.length - 1]!;
  const d = get(maxN, 'default');
  const o = get(maxN, 'off');
  const curve: Curve = {
    id: 'recovery',
    title: 'Recovery (ArgonEngine.open) vs history length (median)',
    xTitle: 'log entries',
    yTitle: 'ms to open',
    points: rows.map((r) => ({ series: r.mode === 'default' ? 'default checkpoints (every 100k)' : 'checkpoints disabled', x: r.size, y: r.open.median })),
  };
  const headline: HeadlineRow[] = [
    {
      figure: `Recovery, ${maxN.toLocaleString('en-US')}-entry history`,
      argon: `${fmtMs(d.open.median)} with checkpoints (${d.replayed.toLocaleString('en-US')} replayed); ${fmtMs(o.open.median)} without (${o.replayed.toLocaleString('en-US')})`,
      argonValue: d.open.median,
      unit: 'ms',
      vsMachine: { limit: 'bsonDeserialize', value: maxN / (o.open.median / 1000) },
    },
  ];
  return section('recovery', 'Recovery time against history length', {
    tables: [
      {
        title: 'ArgonEngine.open on a FileStore closed without a final checkpoint (median of opens after a warm one)',
        headers: ['log entries', 'checkpoints', 'open (median)', 'spread', 'entries replayed', 'checkpoint LSN', 'FileStore open', 'entries/s (no checkpoint)', 'data dir'],
        rows: rows.map((r) => [
          r.size.toLocaleString('en-US'),
          r.mode === 'default' ? 'every 100,000' : 'disabled',
          fmtMs(r.open.median),
          `${(r.open.spread * 100).toFixed(0)}%`,
          r.replayed.toLocaleString('en-US'),
          r.checkpointLsn === null ? '—' : r.checkpointLsn.toLocaleString('en-US'),
          fmtMs(r.storageOpenMs),
          r.mode === 'off' ? fmtRate(r.size / (r.open.median / 1000), 'entries/s') : '',
          fmtBytes(r.bytes),
        ]),
        notes: [`At ${maxN.toLocaleString('en-US')} entries, checkpoints make open ${fmtRatio(o.open.median / d.open.median)} faster. "FileStore open" is the storage's own part of it (sealed segments indexed from their summaries, the newest one read and CRC-checked), which runs whatever the checkpoint; the rest is loading the checkpoint and replaying the tail.`],
      },
    ],
    headline,
    curves: [curve],
    notes: ['The "vs machine limit" of the headline divides the replay rate without checkpoints (entries/s) by the BSON deserialize rate of the 1 KB benchmark documents; log entries here are small (~150 B), so > 1 is possible.'],
    data: { rows },
  });
}

/** Recovery time vs history length. */
export const recoveryWorkload: Workload = { id: 'recovery', title: 'Recovery time against history length', run };
