/**
 * Report formatting: one line per file, the summary line, verbose details
 * and the JSON document behind the README table.
 */
import type { CompatSummary, FileResult } from './runner.js';

const MAX_REASON = 200;

function clip(text: string, max = MAX_REASON): string {
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length > max ? `${one.slice(0, max - 3)}...` : one;
}

/** `PASS crud/x.json (3/3)`, `FAIL crud/x.json (2/5) — first failure: …` or `SKIP crud/x.json (reason)`. */
export function formatFileLine(r: FileResult): string {
  const run = r.passed + r.failed;
  if (run === 0) {
    const reason = r.note ?? r.tests.find((t) => t.reason !== undefined)?.reason ?? 'no tests';
    const count = r.tests.length > 0 ? `${r.tests.length} test${r.tests.length === 1 ? '' : 's'}: ` : '';
    return `SKIP ${r.file} (${count}${clip(reason)})`;
  }
  const counts = `${r.passed}/${run}${r.skipped > 0 ? `, ${r.skipped} skipped` : ''}`;
  if (r.failed === 0) return `PASS ${r.file} (${counts})`;
  const first = r.tests.find((t) => t.status === 'failed');
  return `FAIL ${r.file} (${counts}) — first failure: ${first?.description ?? '?'}: ${clip(first?.reason ?? '')}`;
}

/** The indented detail lines of a file for `--verbose`: each failing (and skipped) test with its reason. */
export function formatVerboseDetails(r: FileResult): string[] {
  const lines: string[] = [];
  for (const t of r.tests) {
    if (t.status !== 'failed') continue;
    lines.push(`    ✗ ${t.description}: ${clip(t.reason ?? '', 600)}`);
    if (t.lastCommand !== undefined) lines.push(`      last command: ${clip(t.lastCommand, 1000)}`);
  }
  if (r.passed + r.failed > 0) {
    for (const t of r.tests) if (t.status === 'skipped') lines.push(`    - ${t.description}: skipped (${clip(t.reason ?? '')})`);
  }
  return lines;
}

/** `N passed, N failed, N skipped`. */
export function formatSummaryLine(s: Pick<CompatSummary, 'passed' | 'failed' | 'skipped'>): string {
  return `${s.passed} passed, ${s.failed} failed, ${s.skipped} skipped`;
}

/** Skip reasons over the run with their test counts, most frequent first. */
export function skipReasonTally(s: CompatSummary): Array<{ readonly reason: string; readonly count: number }> {
  const counts = new Map<string, number>();
  for (const f of s.files) for (const t of f.tests) if (t.status === 'skipped') counts.set(t.reason ?? '?', (counts.get(t.reason ?? '?') ?? 0) + 1);
  return [...counts.entries()].map(([reason, count]) => ({ reason, count })).sort((a, b) => b.count - a.count);
}

/** Per-folder totals. */
export interface FolderTotals {
  readonly passed: number;
  readonly failed: number;
  readonly skipped: number;
  readonly files: number;
}

/** Totals by folder (`crud`, `gridfs`, …), in first-seen order. */
export function folderTotals(s: CompatSummary): Record<string, FolderTotals> {
  const out: Record<string, FolderTotals> = {};
  for (const f of s.files) {
    const t = out[f.folder] ?? { passed: 0, failed: 0, skipped: 0, files: 0 };
    out[f.folder] = { passed: t.passed + f.passed, failed: t.failed + f.failed, skipped: t.skipped + f.skipped, files: t.files + 1 };
  }
  return out;
}

/** The `--json` document: totals, per-folder and per-file results (with each test's status and reason). */
export function jsonReport(s: CompatSummary): unknown {
  return {
    generatedAt: new Date().toISOString(),
    target: s.target,
    totals: { passed: s.passed, failed: s.failed, skipped: s.skipped },
    folders: folderTotals(s),
    files: s.files.map((f) => ({
      file: f.file,
      folder: f.folder,
      passed: f.passed,
      failed: f.failed,
      skipped: f.skipped,
      ...(f.note !== undefined ? { note: f.note } : {}),
      tests: f.tests,
    })),
  };
}
