/** The styles the CLI uses; each is the identity when colour is off. */
export interface Colors {
  readonly enabled: boolean;
  bold(s: string): string;
  dim(s: string): string;
  red(s: string): string;
  green(s: string): string;
  yellow(s: string): string;
  cyan(s: string): string;
}

/** A writable stream, as far as colour detection cares. */
export interface TtyLike {
  readonly isTTY?: boolean;
}

/**
 * Whether to colour output written to `stream`: only on a terminal, never when
 * `NO_COLOR` is set (https://no-color.org), always when `FORCE_COLOR` is set
 * to anything but `0`.
 */
export function colorEnabled(stream: TtyLike, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return true;
  return stream.isTTY === true;
}

function sgr(open: number, close: number): (s: string) => string {
  return (s) => `\u001b[${open}m${s}\u001b[${close}m`;
}

const identity = (s: string): string => s;

/** Colour functions, active only when `enabled`. */
export function createColors(enabled: boolean): Colors {
  if (!enabled) return { enabled, bold: identity, dim: identity, red: identity, green: identity, yellow: identity, cyan: identity };
  return { enabled, bold: sgr(1, 22), dim: sgr(2, 22), red: sgr(31, 39), green: sgr(32, 39), yellow: sgr(33, 39), cyan: sgr(36, 39) };
}

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;

/** `s` without ANSI colour codes. */
export function stripAnsi(s: string): string {
  return s.replace(ANSI, '');
}

/** Columns `s` occupies on a terminal (colour codes excluded; one column per code point). */
export function displayWidth(s: string): number {
  let n = 0;
  for (const _ of stripAnsi(s)) n++;
  return n;
}
