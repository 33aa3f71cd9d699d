import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MongoInvalidArgumentError } from 'mongodb';

/** Where an ArgonClient keeps its log, parsed from the connection string. */
export type BackendSpec =
  | { readonly kind: 'memory' }
  | { readonly kind: 'file'; readonly dir: string; readonly durability?: 'sync' | 'interval'; readonly intervalMs?: number }
  | { readonly kind: 'mongodb'; readonly uri: string; readonly database?: string };

/**
 * Parses an ArgonClient connection string:
 * - `memory:` — in-process, not durable (tests, experiments);
 * - `file:///abs/dir`, `file:./rel/dir` or a plain path — the embedded store;
 * - `mongodb://…` / `mongodb+srv://…` — the MongoDB backend.
 * File URLs accept `?durability=sync|interval&intervalMs=100`.
 */
export function parseConnectionString(uri: string): BackendSpec {
  if (typeof uri !== 'string' || uri.length === 0) {
    throw new MongoInvalidArgumentError('ArgonClient needs a connection string: memory:, file:<dir>, a directory path, or mongodb://...');
  }
  if (uri === 'memory:' || uri.startsWith('memory:')) return { kind: 'memory' };
  if (uri.startsWith('mongodb://') || uri.startsWith('mongodb+srv://')) {
    const u = new URL(uri.replace(/^mongodb(\+srv)?:/, 'http:'));
    const walDb = u.searchParams.get('walDatabase');
    return { kind: 'mongodb', uri, ...(walDb ? { database: walDb } : {}) };
  }
  let path = uri;
  let query = '';
  const q = uri.indexOf('?');
  if (q >= 0) {
    path = uri.slice(0, q);
    query = uri.slice(q + 1);
  }
  if (path.startsWith('file://')) path = fileURLToPath(path);
  else if (path.startsWith('file:')) path = path.slice('file:'.length);
  else if (/^[a-z][a-z0-9+.-]*:\/\//i.test(path)) {
    throw new MongoInvalidArgumentError(`unsupported connection string scheme in '${uri}': use memory:, file:<dir>, a path, or mongodb://`);
  }
  const params = new URLSearchParams(query);
  const durability = params.get('durability');
  if (durability !== null && durability !== 'sync' && durability !== 'interval') {
    throw new MongoInvalidArgumentError(`durability must be 'sync' or 'interval', got '${durability}'`);
  }
  const interval = params.get('intervalMs');
  return {
    kind: 'file',
    dir: resolve(path),
    ...(durability ? { durability } : {}),
    ...(interval ? { intervalMs: Number(interval) } : {}),
  };
}
