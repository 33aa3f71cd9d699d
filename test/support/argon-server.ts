import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startArgonServer, type ArgonServer } from '@argon/server';

const silent = { info() {}, warn() {}, error() {}, debug() {} };

/** Starts `argon serve` in-process on a fresh data directory and an ephemeral port. */
export async function startTestServer(opts: { users?: Parameters<typeof startArgonServer>[0]['users'] } = {}): Promise<{ server: ArgonServer; uri: (db?: string) => string; dir: string; stop: () => Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'argon-it-'));
  const server = await startArgonServer({ dataDir: dir, port: 0, logger: silent, ...(opts.users ? { users: opts.users } : {}) });
  const { port } = server.wire.address;
  return {
    server,
    dir,
    uri: (db = '') => `mongodb://127.0.0.1:${port}/${db}`,
    stop: async () => {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
