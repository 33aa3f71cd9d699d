import { BadInputError, InvalidNameError } from '../errors.js';
import type { Lsn } from '../model/lsn.js';
import { MAIN_BRANCH } from '../model/branch.js';

const NAME_RE = /^[A-Za-z0-9_-]{1,64}$/;

/** Throws unless `name` is a valid project or branch name (`[A-Za-z0-9_-]`, 1–64 chars). */
export function assertValidName(kind: 'project' | 'branch', name: unknown): asserts name is string {
  if (typeof name !== 'string' || !NAME_RE.test(name)) {
    throw new InvalidNameError(
      `invalid ${kind} name ${JSON.stringify(name)}: use 1–64 characters from [A-Za-z0-9_-]`,
      { field: kind, value: typeof name === 'string' ? name : String(name) },
    );
  }
}

/** A point in a branch's history: an LSN or a wall-clock instant. */
export type PointSpec = { readonly kind: 'lsn'; readonly lsn: Lsn } | { readonly kind: 'time'; readonly time: Date };

/** A parsed database name: `project[@branch[@point]]`. */
export interface DbTarget {
  readonly dbName: string;
  readonly project: string;
  readonly branch: string;
  /** Present for read-only time-travel views. */
  readonly point?: PointSpec;
}

/**
 * Parses the naming convention shared by the wire server, ArgonClient, the CLI
 * and the HTTP API:
 * - `shop` is project shop, branch main;
 * - `shop@feature` is branch feature at its head;
 * - `shop@feature@1200` is feature as of LSN 1200 (read-only);
 * - `shop@main@2026-11-21T10:00:00Z` is main as of that time (read-only).
 */
export function parseDbName(dbName: string): DbTarget {
  const parts = dbName.split('@');
  if (parts.length > 3) {
    throw new InvalidNameError(`invalid database name '${dbName}': expected project, project@branch or project@branch@<lsn|ISO time>`, { dbName });
  }
  const [project, branch = MAIN_BRANCH, point] = parts as [string, string | undefined, string | undefined];
  assertValidName('project', project);
  assertValidName('branch', branch);
  if (point === undefined) return { dbName, project, branch };
  return { dbName, project, branch, point: parsePoint(point, dbName) };
}

/** Parses an LSN (digits) or an RFC 3339 / ISO 8601 instant. */
export function parsePoint(text: string, context = text): PointSpec {
  if (/^\d+$/.test(text)) {
    const lsn = Number(text);
    if (!Number.isSafeInteger(lsn)) throw new BadInputError(`LSN '${text}' in '${context}' is too large`);
    return { kind: 'lsn', lsn };
  }
  if (/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/.test(text)) {
    const time = new Date(text);
    if (!Number.isNaN(time.getTime())) return { kind: 'time', time };
  }
  throw new BadInputError(
    `invalid point '${text}' in '${context}': use an LSN (digits) or an ISO time such as 2026-11-21T10:00:00Z`,
    { details: { field: 'point', value: text } },
  );
}

/** Formats a target back into its database name. */
export function formatDbName(project: string, branch: string, point?: PointSpec): string {
  const base = branch === MAIN_BRANCH && !point ? project : `${project}@${branch}`;
  if (!point) return base;
  return `${base}@${point.kind === 'lsn' ? String(point.lsn) : point.time.toISOString()}`;
}
