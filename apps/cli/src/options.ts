import { EJSON } from 'bson';
import { InvalidArgumentError } from 'commander';
import type { PointInput } from '@argon/server';
import { CLI_CODES, CliError } from './errors.js';
import type { Printer } from './output/printer.js';
import { describeResolved, parseTime, type ResolvedTime } from './time/parse-time.js';

/** Commander parser of `--lsn`: a non-negative integer. */
export function parseLsn(value: string): number {
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(Number(value))) {
    throw new InvalidArgumentError(`expected an LSN (a non-negative integer such as 1200), got '${value}'`);
  }
  return Number(value);
}

/** Commander parser of counts (`--limit`, `--batch-size`): a positive integer. */
export function parsePositiveInt(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1 || !Number.isSafeInteger(Number(value))) {
    throw new InvalidArgumentError(`expected a positive integer, got '${value}'`);
  }
  return Number(value);
}

/** A point given as `--lsn` / `--time`, with the instant a time resolved to. */
export interface PointChoice {
  /** What the admin API takes: `{lsn}`, `{time: ISO}` or `{}` (the head). */
  readonly point: PointInput;
  readonly resolved?: ResolvedTime;
}

/**
 * Reads `--lsn N` / `--time T` (exactly one when `required`). A time is
 * resolved against `now` and the exact instant is noted on stderr:
 * `resolved "5 minutes ago" to 2026-11-21T13:55:02.123Z`.
 */
export function pointFromOptions(opts: { lsn?: number; time?: string }, ctx: { required: boolean; now: Date; out?: Printer }): PointChoice {
  if (opts.lsn !== undefined && opts.time !== undefined) {
    throw new CliError(CLI_CODES.USAGE, `give either --lsn or --time, not both (got --lsn ${opts.lsn} and --time ${JSON.stringify(opts.time)})`);
  }
  if (opts.lsn !== undefined) return { point: { lsn: opts.lsn } };
  if (opts.time !== undefined) {
    const resolved = parseTime(opts.time, { now: ctx.now });
    ctx.out?.note(describeResolved(resolved));
    return { point: { time: resolved.date.toISOString() }, resolved };
  }
  if (ctx.required) throw new CliError(CLI_CODES.USAGE, 'give the point to use: --lsn <lsn> or --time <time> (e.g. --time "10 minutes ago")');
  return { point: {} };
}

/** The JSON form of a resolved time, added to `--json` results. */
export function resolvedJson(r: ResolvedTime | undefined): { resolvedTime?: { input: string; time: string } } {
  return r ? { resolvedTime: { input: r.input, time: r.date.toISOString() } } : {};
}

/**
 * Parses a JSON option (`--filter`, `--sort`, `--projection`) written as
 * (Extended) JSON. Returns the JSON value, which the admin API reads as
 * Extended JSON. Throws BAD_JSON naming the option and showing an example.
 */
export function parseJsonOption(option: string, text: string, opts: { object?: boolean; example?: string } = {}): unknown {
  let value: unknown;
  const example = opts.example ?? `${option} '{"status": "active"}'`;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new CliError(CLI_CODES.BAD_JSON, `${option} is not valid JSON (${(err as Error).message}): ${text}; quote keys and strings with double quotes, e.g. ${example}`, {
      details: { option, value: text },
    });
  }
  if (opts.object && (value === null || typeof value !== 'object' || Array.isArray(value))) {
    throw new CliError(CLI_CODES.BAD_JSON, `${option} must be a JSON object, got ${text}; e.g. ${example}`, { details: { option, value: text } });
  }
  try {
    if (value !== null && typeof value === 'object') EJSON.deserialize(value as Record<string, unknown>);
  } catch (err) {
    throw new CliError(CLI_CODES.BAD_JSON, `${option} is not valid Extended JSON (${(err as Error).message}): ${text}`, { details: { option, value: text } });
  }
  return value;
}

/**
 * A document id from the command line: Extended JSON when it parses
 * (`42`, `"42"`, `{"$oid": "…"}`), otherwise the text as a string.
 */
export function parseIdArgument(text: string): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return text;
  }
  if (value !== null && typeof value === 'object') {
    try {
      EJSON.deserialize(value as Record<string, unknown>);
    } catch (err) {
      throw new CliError(CLI_CODES.BAD_JSON, `the id ${text} looks like Extended JSON but is not valid (${(err as Error).message}); e.g. '{"$oid": "65a1b2c3d4e5f6a7b8c9d0e1"}', or quote a plain string id`, {
        details: { field: 'id', value: text },
      });
    }
  }
  return value;
}
