import type {
  AdminOperations,
  BranchView,
  DiffView,
  LogEntryView,
  PointInput,
  ProjectView,
  ResetView,
  StatusView,
  TimeRangeView,
  VersionView,
} from '@argon/server';
import { ApiError, CLI_CODES, CliError } from './errors.js';

/** Options of {@link RemoteAdmin}. */
export interface RemoteAdminOptions {
  /** Base URL of the server, e.g. `http://127.0.0.1:8080` (a trailing `/api/v1` is accepted). */
  readonly url: string;
  /** Bearer token; required by routes that change data. */
  readonly token?: string;
  /** Where the token came from, for error messages (`--token`, `ARGON_TOKEN`, `server.json`). */
  readonly tokenSource?: string;
  /** Request timeout in ms (default 60 s). */
  readonly timeoutMs?: number;
  /** `fetch` implementation (tests inject one). */
  readonly fetch?: typeof fetch;
}

type Method = 'GET' | 'POST' | 'DELETE';

interface CallOptions {
  readonly body?: unknown;
  readonly query?: Record<string, string | number | boolean | undefined>;
  /** The route changes data: refuse to send it without a token. */
  readonly mutating?: boolean;
}

const enc = encodeURIComponent;

/** `body[key]` when the server wraps its answer (`{projects: [...]}`), else the body itself. */
function unwrap<T>(body: unknown, key: string): T {
  if (body !== null && typeof body === 'object' && !Array.isArray(body) && key in body) return (body as Record<string, unknown>)[key] as T;
  return body as T;
}

/**
 * {@link AdminOperations} over the admin HTTP API (`/api/v1`) of a running
 * `argon serve`. Error answers (`{error: {code, message, details}}`) become
 * {@link ApiError}s carrying the same code and message; an unreachable
 * server or a missing token becomes a {@link CliError} that says what to do.
 *
 * @example
 * ```ts
 * const admin = new RemoteAdmin({ url: 'http://127.0.0.1:8080', token: process.env.ARGON_TOKEN });
 * const branches = await admin.listBranches('shop');
 * ```
 */
export class RemoteAdmin implements AdminOperations {
  /** The base URL, without a trailing slash or `/api/v1`. */
  readonly url: string;
  private readonly token: string | undefined;
  private readonly tokenSource: string;
  private readonly timeoutMs: number;
  private readonly fetchImpl: typeof fetch;

  constructor(opts: RemoteAdminOptions) {
    let url: URL;
    try {
      url = new URL(opts.url);
    } catch {
      throw new CliError(CLI_CODES.USAGE, `invalid --server URL ${JSON.stringify(opts.url)}: use http://host:port, e.g. http://127.0.0.1:8080`, { details: { field: 'server', value: opts.url } });
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new CliError(CLI_CODES.USAGE, `invalid --server URL ${JSON.stringify(opts.url)}: the admin API is HTTP; use http://host:port (the MongoDB wire port is not the admin API)`, { details: { field: 'server', value: opts.url } });
    }
    this.url = url.toString().replace(/\/+$/, '').replace(/\/api\/v1$/, '');
    this.token = opts.token;
    this.tokenSource = opts.tokenSource ?? '--token';
    this.timeoutMs = opts.timeoutMs ?? 60_000;
    this.fetchImpl = opts.fetch ?? fetch;
  }

  private async call<T>(method: Method, path: string, opts: CallOptions = {}): Promise<T> {
    if (opts.mutating && !this.token) {
      throw new CliError(
        CLI_CODES.NO_TOKEN,
        `this command changes data on the server at ${this.url} and needs its admin token: pass --token <token> or set ARGON_TOKEN ` +
          `(the token is the server's --admin-token, or the "token" in <data-dir>/server.json on the server's machine)`,
        { details: { server: this.url } },
      );
    }
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(opts.query ?? {})) if (v !== undefined) q.set(k, String(v));
    const target = `${this.url}/api/v1${path}${q.size ? `?${q.toString()}` : ''}`;
    const headers: Record<string, string> = { accept: 'application/json' };
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    if (opts.body !== undefined) headers['content-type'] = 'application/json';
    let res: Response;
    try {
      res = await this.fetchImpl(target, {
        method,
        headers,
        ...(opts.body !== undefined ? { body: JSON.stringify(opts.body) } : {}),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (err) {
      const cause = (err as { cause?: { code?: string; message?: string } }).cause;
      const why = cause?.code ?? cause?.message ?? (err as Error).message;
      throw new CliError(
        CLI_CODES.SERVER_UNREACHABLE,
        `cannot reach the Argon server at ${this.url} (${why}): check --server, or start it with \`argon serve\``,
        { details: { server: this.url }, cause: err },
      );
    }
    const text = await res.text();
    let body: unknown;
    try {
      body = text === '' ? undefined : JSON.parse(text);
    } catch {
      body = undefined;
    }
    if (res.ok) return body as T;
    const e = (body as { error?: { code?: unknown; message?: unknown; details?: unknown } } | undefined)?.error;
    const code = typeof e?.code === 'string' ? e.code : res.status === 401 ? 'UNAUTHORIZED' : res.status >= 500 ? 'INTERNAL' : 'BAD_INPUT';
    let message = typeof e?.message === 'string' ? e.message : `${method} ${path} failed with HTTP ${res.status}${text ? `: ${text.slice(0, 200)}` : ''}`;
    if (res.status === 401 || res.status === 403) {
      message = this.token
        ? `the server at ${this.url} rejected the admin token from ${this.tokenSource} (${message}); pass the right one with --token or ARGON_TOKEN`
        : `the server at ${this.url} needs its admin token for this request (${message}); pass --token <token> or set ARGON_TOKEN`;
    }
    const details = e?.details !== null && typeof e?.details === 'object' ? (e.details as Record<string, unknown>) : undefined;
    throw new ApiError(res.status, code, message, details);
  }

  private branchPath(project: string, branch: string): string {
    return `/projects/${enc(project)}/branches/${enc(branch)}`;
  }

  /** @inheritdoc */
  status(): Promise<StatusView> {
    return this.call<StatusView>('GET', '/status');
  }

  /** @inheritdoc */
  async listProjects(): Promise<ProjectView[]> {
    return unwrap<ProjectView[]>(await this.call('GET', '/projects'), 'projects');
  }

  /** @inheritdoc */
  async createProject(name: string): Promise<ProjectView> {
    return unwrap<ProjectView>(await this.call('POST', '/projects', { body: { name }, mutating: true }), 'project');
  }

  /** @inheritdoc */
  async deleteProject(name: string): Promise<{ name: string; deleted: true }> {
    return unwrap(await this.call('DELETE', `/projects/${enc(name)}`, { mutating: true }), 'project');
  }

  /** @inheritdoc */
  async listBranches(project: string, opts: { includeDeleted?: boolean } = {}): Promise<BranchView[]> {
    const body = await this.call('GET', `/projects/${enc(project)}/branches`, { query: { includeDeleted: opts.includeDeleted ? 'true' : undefined } });
    return unwrap<BranchView[]>(body, 'branches');
  }

  /** @inheritdoc */
  async createBranch(project: string, input: { name: string; from?: string } & PointInput): Promise<BranchView> {
    return unwrap<BranchView>(await this.call('POST', `/projects/${enc(project)}/branches`, { body: input, mutating: true }), 'branch');
  }

  /** @inheritdoc */
  async getBranch(project: string, branch: string): Promise<BranchView & { range: TimeRangeView }> {
    return unwrap(await this.call('GET', this.branchPath(project, branch)), 'branch');
  }

  /** @inheritdoc */
  async deleteBranch(project: string, branch: string): Promise<BranchView> {
    return unwrap<BranchView>(await this.call('DELETE', this.branchPath(project, branch), { mutating: true }), 'branch');
  }

  /** @inheritdoc */
  async timeRange(project: string, branch: string): Promise<TimeRangeView> {
    return unwrap<TimeRangeView>(await this.call('GET', `${this.branchPath(project, branch)}/time-range`), 'range');
  }

  /** @inheritdoc */
  resetPreview(project: string, branch: string, point: PointInput): Promise<DiffView & { toLsn: number }> {
    return this.call('POST', `${this.branchPath(project, branch)}/reset`, { body: { ...point, preview: true } });
  }

  /** @inheritdoc */
  resetBranch(project: string, branch: string, input: PointInput & { backup?: string }): Promise<ResetView> {
    return this.call('POST', `${this.branchPath(project, branch)}/reset`, { body: input, mutating: true });
  }

  /** @inheritdoc */
  async restoreAsBranch(project: string, branch: string, input: PointInput & { as: string }): Promise<BranchView> {
    return unwrap<BranchView>(await this.call('POST', `${this.branchPath(project, branch)}/restore`, { body: input, mutating: true }), 'branch');
  }

  /** @inheritdoc */
  query(
    project: string,
    branch: string,
    input: PointInput & { collection: string; filter?: unknown; sort?: unknown; projection?: unknown; limit?: number },
  ): Promise<{ lsn: number; documents: unknown[] }> {
    return this.call('POST', `${this.branchPath(project, branch)}/query`, { body: input });
  }

  /** @inheritdoc */
  history(project: string, branch: string, collection: string, id: unknown): Promise<{ versions: VersionView[] }> {
    return this.call('GET', `${this.branchPath(project, branch)}/history/${enc(collection)}/${enc(JSON.stringify(id))}`);
  }

  /** @inheritdoc */
  log(project: string, opts: { branch?: string; collection?: string; limit?: number } = {}): Promise<{ entries: LogEntryView[] }> {
    return this.call('GET', `/projects/${enc(project)}/log`, { query: { branch: opts.branch, collection: opts.collection, limit: opts.limit } });
  }

  /** @inheritdoc */
  diff(from: string, to: string, collection?: string): Promise<DiffView> {
    const project = from.split('@')[0] ?? from;
    return this.call('GET', `/projects/${enc(project)}/diff`, { query: { from, to, collection } });
  }
}
