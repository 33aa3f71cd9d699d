/**
 * Errors of the `argon` CLI. Engine and HTTP API errors carry a stable
 * `argonCode` (documented in docs/errors.md); errors that only the CLI raises
 * carry one of {@link CLI_CODES} (documented in docs/cli.md). Every error says
 * what was wrong, with which input, and what to do next.
 */

/** Stable codes of errors raised by the CLI itself. Each one is documented in docs/cli.md. */
export const CLI_CODES = Object.freeze({
  /** A command-line usage error: unknown option, missing argument, bad number. */
  USAGE: 'USAGE',
  /** A `--filter`, `--sort`, id or other JSON argument that does not parse. */
  BAD_JSON: 'BAD_JSON',
  /** A `--time` value that is neither RFC 3339 nor a known relative form. */
  BAD_TIME: 'BAD_TIME',
  /** No `--project` given and the project cannot be inferred. */
  NO_PROJECT: 'NO_PROJECT',
  /** The data directory does not exist or is not an Argon data directory. */
  NO_DATA_DIR: 'NO_DATA_DIR',
  /** The server (from `--server` or `server.json`) cannot be reached. */
  SERVER_UNREACHABLE: 'SERVER_UNREACHABLE',
  /** A command that changes data was sent to a server without a token. */
  NO_TOKEN: 'NO_TOKEN',
  /** The requested storage backend is not available in this build. */
  BACKEND_UNAVAILABLE: 'BACKEND_UNAVAILABLE',
  /** `wal verify` found damage. */
  WAL_DAMAGED: 'WAL_DAMAGED',
  /** The command does not apply to the chosen backend or connection. */
  NOT_SUPPORTED: 'NOT_SUPPORTED',
  /** `serve` cannot listen: the port is taken (or not allowed). */
  ADDRESS_IN_USE: 'ADDRESS_IN_USE',
  /** `import` or `export` failed on the source or the destination. */
  TRANSFER_FAILED: 'TRANSFER_FAILED',
} as const);
/** One of {@link CLI_CODES}. */
export type CliCode = (typeof CLI_CODES)[keyof typeof CLI_CODES];

/** An error raised by the CLI. `userError` decides the exit code (1 when true, 2 otherwise). */
export class CliError extends Error {
  readonly code: string;
  readonly details: Record<string, unknown> | undefined;
  private readonly userError: boolean;
  constructor(code: CliCode | string, message: string, opts: { userError?: boolean; details?: Record<string, unknown>; cause?: unknown } = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.code = code;
    this.details = opts.details;
    this.userError = opts.userError ?? true;
  }
  override get name(): string {
    return 'CliError';
  }
  /** True for errors caused by the caller's input or environment (exit code 1). */
  get isUserError(): boolean {
    return this.userError;
  }
}

/**
 * An error answered by the admin HTTP API (`{error: {code, message, details}}`).
 * 4xx answers are user errors; 5xx answers are internal ones.
 */
export class ApiError extends CliError {
  readonly status: number;
  constructor(status: number, code: string, message: string, details?: Record<string, unknown>) {
    super(code, message, { userError: status < 500, ...(details ? { details } : {}) });
    this.status = status;
  }
  override get name(): string {
    return 'ApiError';
  }
}

/** What the command was working on when it failed: used to make hints concrete. */
export interface ErrorContext {
  readonly project?: string;
  readonly branch?: string;
}

/** The parts of an error the CLI reports. */
export interface ErrorReport {
  readonly code: string;
  readonly message: string;
  readonly details?: Record<string, unknown>;
  readonly hint?: string;
  readonly userError: boolean;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** A next step for well-known error codes, given the error's details. */
export function hintFor(code: string, details: Record<string, unknown> | undefined, message: string): string | undefined {
  const project = str(details?.project);
  const branch = str(details?.branch);
  const p = project ? ` --project ${project}` : '';
  switch (code) {
    case 'BRANCH_NOT_FOUND':
      return message.includes('argon branches list') ? undefined : `run \`argon branches list${p}\` to see the branches`;
    case 'PROJECT_NOT_FOUND':
      return message.includes('argon projects list') ? undefined : 'run `argon projects list` to see the projects';
    case 'LSN_OUT_OF_RANGE':
    case 'TIME_OUT_OF_RANGE':
      return `run \`argon time-travel info${p}${branch ? ` --branch ${branch}` : ''}\` to see the reachable LSNs and times`;
    case 'LOCKED':
      return 'start `argon serve` on this directory to share it, or stop the process that holds it';
    default:
      return undefined;
  }
}

/** Classifies any thrown value into what the CLI prints and its exit status. */
export function reportOf(err: unknown, context: ErrorContext = {}): ErrorReport {
  const e = (err ?? {}) as { message?: unknown; argonCode?: unknown; code?: unknown; details?: unknown; isUserError?: unknown; exitCode?: unknown };
  const message = typeof e.message === 'string' ? e.message : String(err);
  const details = e.details !== null && typeof e.details === 'object' ? (e.details as Record<string, unknown>) : undefined;
  // commander's usage errors carry codes such as 'commander.unknownOption'.
  if (typeof e.code === 'string' && e.code.startsWith('commander.')) {
    return { code: CLI_CODES.USAGE, message: message.replace(/^error: /, ''), userError: true };
  }
  const code = typeof e.argonCode === 'string' ? e.argonCode : typeof e.code === 'string' && /^[A-Z_]+$/.test(e.code) ? e.code : 'INTERNAL';
  const userError = typeof e.isUserError === 'boolean' ? e.isUserError : false;
  const hint = userError ? hintFor(code, { ...context, ...details }, message) : undefined;
  return { code, message, ...(details ? { details } : {}), ...(hint ? { hint } : {}), userError };
}

/** The process exit code for an error: 1 for user errors, 2 for internal ones. */
export function exitCodeOf(err: unknown): 1 | 2 {
  return reportOf(err).userError ? 1 : 2;
}
