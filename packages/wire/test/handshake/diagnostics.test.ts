import { Long } from 'bson';
import { describe, expect, it } from 'vitest';
import { buildInfoCommands } from '../../src/handshake/build-info.js';
import type { BuiltInCommands, BuiltInContext } from '../../src/handshake/built-in-command.js';
import { connectionStatusCommands } from '../../src/handshake/connection-status.js';
import { getLogCommands } from '../../src/handshake/get-log.js';
import { getParameterCommands } from '../../src/handshake/get-parameter.js';
import { hostInfoCommands } from '../../src/handshake/host-info.js';
import { BUILT_IN_COMMANDS } from '../../src/handshake/index.js';
import { pingCommands } from '../../src/handshake/ping.js';
import { serverStatusCommands } from '../../src/handshake/server-status.js';
import { sessionCommands } from '../../src/handshake/sessions.js';
import { whatsMyUriCommands } from '../../src/handshake/whats-my-uri.js';
import { testContext } from '../support/built-in-context.js';

async function run(commands: BuiltInCommands, command: Record<string, unknown>, overrides: Partial<BuiltInContext> = {}) {
  const name = Object.keys(command)[0] ?? '';
  const handler = commands[name];
  if (handler === undefined) throw new Error(`no handler ${name}`);
  return handler(testContext(command, overrides));
}

async function failure(promise: Promise<unknown>): Promise<{ code: number; codeName: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    return error as { code: number; codeName: string; message: string };
  }
  throw new Error('expected a failure');
}

describe('buildInfo', () => {
  it('reports MongoDB 7.0.0 under both spellings, with Argon identified', async () => {
    for (const name of ['buildInfo', 'buildinfo']) {
      const reply = await run(buildInfoCommands, { [name]: 1 });
      expect(reply).toMatchObject({ version: '7.0.0', versionArray: [7, 0, 0, 0], modules: [], maxBsonObjectSize: 16777216, argon: { version: '9.9.9-test' }, ok: 1 });
      expect(typeof reply['gitVersion']).toBe('string');
    }
  });
});

describe('getParameter', () => {
  it('returns featureCompatibilityVersion', async () => {
    expect(await run(getParameterCommands, { getParameter: 1, featureCompatibilityVersion: 1, $db: 'admin' })).toEqual({ featureCompatibilityVersion: { version: '7.0' }, ok: 1 });
  });

  it('fails unknown names like mongod, not like DocumentDB', async () => {
    const error = await failure(run(getParameterCommands, { getParameter: 'foo' }));
    expect(error).toMatchObject({ code: 72, codeName: 'InvalidOptions', message: 'no option found to get' });
    expect(error.message).not.toMatch(/documentdb_api/);
    expect((await failure(run(getParameterCommands, { getParameter: 1, noSuchParameter: 1 }))).code).toBe(72);
  });

  it('returns only the known names of a mixed request', async () => {
    expect(await run(getParameterCommands, { getParameter: 1, quiet: 1, nope: 1 })).toEqual({ quiet: false, ok: 1 });
  });

  it('returns everything for "*" and details on request', async () => {
    const all = await run(getParameterCommands, { getParameter: '*' });
    expect(Object.keys(all)).toEqual(expect.arrayContaining(['featureCompatibilityVersion', 'authenticationMechanisms', 'ok']));
    const detailed = await run(getParameterCommands, { getParameter: { showDetails: true }, featureCompatibilityVersion: 1 });
    expect(detailed['featureCompatibilityVersion']).toEqual({ value: { version: '7.0' }, settableAtRuntime: false, settableAtStartup: false });
  });
});

describe('getLog', () => {
  it('has empty startupWarnings and lists log names for "*"', async () => {
    expect(await run(getLogCommands, { getLog: 'startupWarnings' })).toEqual({ totalLinesWritten: 0, log: [], ok: 1 });
    expect(await run(getLogCommands, { getLog: '*' })).toEqual({ names: ['global', 'startupWarnings'], ok: 1 });
  });

  it('rejects unknown logs and non-string arguments', async () => {
    expect(await failure(run(getLogCommands, { getLog: 'nope' }))).toMatchObject({ code: 2, message: expect.stringMatching(/No log named 'nope'/) });
    expect((await failure(run(getLogCommands, { getLog: 1 }))).message).toMatch(/must be of type String/);
  });
});

describe('connectionStatus', () => {
  it('is empty before authentication', async () => {
    expect(await run(connectionStatusCommands, { connectionStatus: 1 })).toEqual({ authInfo: { authenticatedUsers: [], authenticatedUserRoles: [] }, ok: 1 });
  });

  it('lists the authenticated user and privileges on request', async () => {
    const context = testContext({ connectionStatus: 1, showPrivileges: true });
    context.session.authenticated = { user: 'alice', db: 'admin' };
    const reply = await run(connectionStatusCommands, context.command, { session: context.session });
    expect(reply).toEqual({
      authInfo: { authenticatedUsers: [{ user: 'alice', db: 'admin' }], authenticatedUserRoles: [{ role: 'root', db: 'admin' }], authenticatedUserPrivileges: [] },
      ok: 1,
    });
  });
});

describe('other diagnostics', () => {
  it('whatsmyuri reports the client address', async () => {
    expect(await run(whatsMyUriCommands, { whatsmyuri: 1 })).toEqual({ you: '127.0.0.1:50000', ok: 1 });
  });

  it('serverStatus reports process, uptime and connections', async () => {
    const reply = await run(serverStatusCommands, { serverStatus: 1 });
    expect(reply).toMatchObject({ version: '7.0.0', process: 'argon', connections: { current: 3, available: 97, totalCreated: 7 }, ok: 1 });
    expect(reply['uptime']).toBeGreaterThanOrEqual(4);
    expect(reply['uptimeMillis']).toBeInstanceOf(Long);
    expect((reply['pid'] as Long).toNumber()).toBe(process.pid);
    expect(typeof reply['host']).toBe('string');
    expect(reply['localTime']).toBeInstanceOf(Date);
  });

  it('hostInfo reports the machine', async () => {
    const reply = await run(hostInfoCommands, { hostInfo: 1 });
    const system = reply['system'] as Record<string, unknown>;
    expect(system['numCores']).toBeGreaterThan(0);
    expect(system['memSizeMB']).toBeGreaterThan(0);
    expect(typeof system['hostname']).toBe('string');
    expect((reply['os'] as Record<string, unknown>)['type']).toBe(process.platform === 'linux' ? 'Linux' : expect.any(String));
  });

  it('ping and the session commands acknowledge', async () => {
    expect(await run(pingCommands, { ping: 1 })).toEqual({ ok: 1 });
    for (const name of ['endSessions', 'killAllSessions', 'refreshSessions', 'killSessions', 'killAllSessionsByPattern']) {
      expect(await run(sessionCommands, { [name]: [] })).toEqual({ ok: 1 });
    }
  });

  it('registers every built-in under its name', () => {
    for (const name of ['hello', 'isMaster', 'ismaster', 'buildInfo', 'buildinfo', 'ping', 'getParameter', 'getLog', 'connectionStatus', 'whatsmyuri', 'serverStatus', 'hostInfo', 'endSessions', 'saslStart', 'saslContinue', 'logout', 'commitTransaction', 'abortTransaction']) {
      expect(BUILT_IN_COMMANDS.has(name), name).toBe(true);
    }
    expect(BUILT_IN_COMMANDS.has('find')).toBe(false);
  });
});
