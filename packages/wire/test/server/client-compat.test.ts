/**
 * Real clients against the wire server: mongosh 2.12 (from the repo's test
 * workspace) and pymongo 3.11 (Debian's python3-pymongo). Each test skips with
 * a printed reason when its client is not installed.
 */
import { execFile, execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { UserStore } from '../../src/auth/user-store.js';
import { startWireServer, type WireServer } from '../../src/server/wire-server.js';
import { FakeExecutor } from '../support/fake-executor.js';
import { RecordingLogger } from '../support/recording-logger.js';

const run = promisify(execFile);
const MONGOSH = fileURLToPath(new URL('../../../../test/node_modules/.bin/mongosh', import.meta.url));
const PYTHON = '/usr/bin/python3';

function pymongoUnavailable(): string | undefined {
  if (!existsSync(PYTHON)) return `${PYTHON} not found`;
  try {
    execFileSync(PYTHON, ['-c', 'import pymongo'], { stdio: 'pipe' });
    return undefined;
  } catch {
    return `pymongo is not installed for ${PYTHON} (apt-get install -y python3-pymongo)`;
  }
}

const servers: WireServer[] = [];
let users: UserStore;

beforeAll(async () => {
  users = await UserStore.fromEntries([{ user: 'alice', password: 'secret' }]);
});

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function serve(auth = false) {
  const executor = new FakeExecutor();
  const logger = new RecordingLogger();
  const server = await startWireServer({ executor, logger, port: 0, ...(auth ? { auth: { users } } : {}) });
  servers.push(server);
  return { server, executor, logger, port: server.address.port };
}

describe('mongosh', () => {
  it('connects and runs ping', async (context) => {
    if (!existsSync(MONGOSH)) {
      console.warn(`skipping mongosh test: ${MONGOSH} not found`);
      context.skip();
    }
    const { port, logger, server } = await serve();
    const { stdout } = await run(MONGOSH, [`mongodb://127.0.0.1:${port}/test`, '--quiet', '--eval', 'db.runCommand({ping:1}).ok'], { timeout: 30_000 });
    expect(stdout.trim()).toBe('1');
    expect(logger.entries.filter((entry) => entry.level === 'error' || entry.level === 'warn')).toEqual([]);
    await expect.poll(() => server.connectionCount(), { timeout: 5000 }).toBe(0);
  });

  it('authenticates with SCRAM-SHA-256', async (context) => {
    if (!existsSync(MONGOSH)) {
      console.warn(`skipping mongosh test: ${MONGOSH} not found`);
      context.skip();
    }
    const { port } = await serve(true);
    const uri = `mongodb://alice:secret@127.0.0.1:${port}/test?authSource=admin`;
    const { stdout } = await run(MONGOSH, [uri, '--quiet', '--eval', 'db.runCommand({connectionStatus:1}).authInfo.authenticatedUsers[0].user'], { timeout: 30_000 });
    expect(stdout.trim()).toBe('alice');
    const failed = await run(MONGOSH, [uri.replace('secret', 'wrong'), '--quiet', '--eval', '1'], { timeout: 30_000 }).catch((error: unknown) => error as { stderr: string; code: number });
    expect((failed as { code: number }).code).not.toBe(0);
    expect((failed as { stderr: string }).stderr).toMatch(/Authentication failed/);
  });
});

describe('pymongo', () => {
  const reason = pymongoUnavailable();

  const script = `
import sys, time, pymongo
client = pymongo.MongoClient(sys.argv[1], serverSelectionTimeoutMS=5000, socketTimeoutMS=5000)
print(client.admin.command('ping')['ok'])
if len(sys.argv) > 2:
    client.test.things.insert_many([{'_id': 1}, {'_id': 2}])
    print(len(list(client.test.things.find({}))))
started = time.monotonic()
client.close()
# close() sends endSessions without moreToCome; without a reply it would wait for socketTimeoutMS.
print('closed' if time.monotonic() - started < 2 else 'close timed out')
`;

  it('connects, pings, inserts and finds, and gets a reply to endSessions', async (context) => {
    if (reason !== undefined) {
      console.warn(`skipping pymongo test: ${reason}`);
      context.skip();
    }
    const { port, executor, logger } = await serve();
    const { stdout } = await run(PYTHON, ['-c', script, `mongodb://127.0.0.1:${port}/`, 'crud'], { timeout: 30_000 });
    expect(stdout.trim().split('\n')).toEqual(['1.0', '2', 'closed']);
    expect((executor.callsOf('insert')[0]?.command['documents'] as unknown[]).length).toBe(2);
    expect(executor.callsOf('find')[0]?.command).not.toHaveProperty('$readPreference');
    expect(logger.entries.filter((entry) => entry.level === 'error' || entry.level === 'warn')).toEqual([]);
  });

  it('authenticates with SCRAM-SHA-256', async (context) => {
    if (reason !== undefined) {
      console.warn(`skipping pymongo test: ${reason}`);
      context.skip();
    }
    const { port } = await serve(true);
    const { stdout } = await run(PYTHON, ['-c', script, `mongodb://alice:secret@127.0.0.1:${port}/?authSource=admin`], { timeout: 30_000 });
    expect(stdout.trim().split('\n')).toEqual(['1.0', 'closed']);
    const failed = await run(PYTHON, ['-c', script, `mongodb://alice:wrong@127.0.0.1:${port}/?authSource=admin`], { timeout: 30_000 }).catch((error: unknown) => error as { stderr: string });
    expect(failed.stderr).toMatch(/Authentication failed/);
  });
});
