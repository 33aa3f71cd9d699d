import { displayWidth } from './color.js';

/** How a column is aligned. */
export type Align = 'left' | 'right';

/** Options of {@link renderTable}. */
export interface TableOptions {
  /** Column titles; printed first (through `styleHeader`). */
  readonly header?: readonly string[];
  /** Per-column alignment (default left). */
  readonly align?: readonly Align[];
  /** Spaces between columns (default 2). */
  readonly gap?: number;
  /** Styles a header cell (e.g. bold) after padding is computed. */
  readonly styleHeader?: (s: string) => string;
}

function pad(cell: string, width: number, align: Align): string {
  const fill = ' '.repeat(Math.max(0, width - displayWidth(cell)));
  return align === 'right' ? fill + cell : cell + fill;
}

/**
 * Renders rows as aligned columns. Widths ignore ANSI colour codes, so cells
 * may be coloured. Trailing spaces are trimmed from each line. Returns the
 * lines without a final newline.
 *
 * @example
 * ```ts
 * renderTable([['main', '12'], ['feature', '7']], { header: ['BRANCH', 'HEAD'], align: ['left', 'right'] });
 * // BRANCH   HEAD
 * // main       12
 * // feature     7
 * ```
 */
export function renderTable(rows: ReadonlyArray<readonly string[]>, opts: TableOptions = {}): string {
  const all = opts.header ? [opts.header, ...rows] : [...rows];
  const cols = Math.max(0, ...all.map((r) => r.length));
  const widths: number[] = [];
  for (let c = 0; c < cols; c++) widths.push(Math.max(0, ...all.map((r) => displayWidth(r[c] ?? ''))));
  const gap = ' '.repeat(opts.gap ?? 2);
  const line = (r: readonly string[], style?: (s: string) => string): string =>
    widths
      .map((w, c) => {
        const cell = pad(r[c] ?? '', w, opts.align?.[c] ?? 'left');
        return style ? style(cell) : cell;
      })
      .join(gap)
      .trimEnd();
  const out: string[] = [];
  if (opts.header) out.push(line(opts.header, opts.styleHeader));
  for (const r of rows) out.push(line(r));
  return out.join('\n');
}
