import { Binary } from 'bson';
import { beforeAll, describe, expect, it } from 'vitest';
import { UserStore } from '../../src/auth/user-store.js';
import { helloCommands } from '../../src/handshake/hello.js';
import { testContext, testServerInfo, testSession } from '../support/built-in-context.js';

let users: UserStore;
beforeAll(async () => {
  users = await UserStore.fromEntries([{ user: 'alice', password: 'secret' }], { iterations: 4096 });
});

async function run(name: string, command: Record<string, unknown>, options: { auth?: boolean } = {}) {
  const session = testSession(12);
  const handler = helloCommands[name];
  if (handler === undefined) throw new Error(`no handler ${name}`);
  const reply = await handler(testContext(command, { session, server: testServerInfo(options.auth === true ? { users } : {}) }));
  return { reply, session };
}

describe('hello', () => {
  it('describes a writable standalone with the advertised limits', async () => {
    const { reply } = await run('hello', { hello: 1 });
    expect(reply).toMatchObject({
      helloOk: true,
      isWritablePrimary: true,
      maxBsonObjectSize: 16777216,
      maxMessageSizeBytes: 48000000,
      maxWriteBatchSize: 100000,
      logicalSessionTimeoutMinutes: 30,
      connectionId: 12,
      minWireVersion: 0,
      maxWireVersion: 21,
      readOnly: false,
      ok: 1,
    });
    expect(reply['localTime']).toBeInstanceOf(Date);
    for (const absent of ['setName', 'compression', 'saslSupportedMechs', 'speculativeAuthenticate', 'ismaster', 'msg']) expect(reply).not.toHaveProperty(absent);
  });

  it('uses the legacy ismaster field for isMaster and ismaster', async () => {
    for (const name of ['isMaster', 'ismaster']) {
      const { reply } = await run(name, { [name]: 1, compression: ['snappy', 'zlib'] });
      expect(reply['ismaster']).toBe(true);
      expect(reply).not.toHaveProperty('isWritablePrimary');
      expect(reply).not.toHaveProperty('compression');
    }
  });

  it('remembers the first client metadata', async () => {
    const { session } = await run('isMaster', { isMaster: 1, client: { driver: { name: 'nodejs', version: '7.9.0' } } });
    expect(session.clientMetadata).toEqual({ driver: { name: 'nodejs', version: '7.9.0' } });
  });

  it('offers SCRAM-SHA-256 only when authentication is on', async () => {
    expect((await run('hello', { hello: 1, saslSupportedMechs: 'admin.alice' })).reply).not.toHaveProperty('saslSupportedMechs');
    expect((await run('hello', { hello: 1, saslSupportedMechs: 'admin.alice' }, { auth: true })).reply['saslSupportedMechs']).toEqual(['SCRAM-SHA-256']);
    // Unknown users get the same answer, so hello does not reveal who exists.
    expect((await run('hello', { hello: 1, saslSupportedMechs: 'admin.nobody' }, { auth: true })).reply['saslSupportedMechs']).toEqual(['SCRAM-SHA-256']);
  });

  it('answers a speculative saslStart and keeps the exchange on the session', async () => {
    const speculativeAuthenticate = {
      saslStart: 1,
      mechanism: 'SCRAM-SHA-256',
      payload: new Binary(Buffer.from('n,,n=alice,r=clientnonce')),
      options: { skipEmptyExchange: true },
      db: 'admin',
    };
    const { reply, session } = await run('isMaster', { isMaster: 1, speculativeAuthenticate }, { auth: true });
    const speculative = reply['speculativeAuthenticate'] as Record<string, unknown>;
    expect(speculative).toMatchObject({ conversationId: 1, done: false });
    expect(speculative).not.toHaveProperty('ok');
    expect(Buffer.from((speculative['payload'] as Binary).buffer).toString()).toMatch(/^r=clientnonce.+,s=.+,i=4096$/);
    expect(session.sasl).toMatchObject({ db: 'admin', skipEmptyExchange: true, step: 'proof' });
  });

  it('omits speculativeAuthenticate when it cannot be answered', async () => {
    const sha1 = { saslStart: 1, mechanism: 'SCRAM-SHA-1', payload: new Binary(Buffer.from('n,,n=alice,r=x')), db: 'admin' };
    const { reply, session } = await run('hello', { hello: 1, speculativeAuthenticate: sha1 }, { auth: true });
    expect(reply).not.toHaveProperty('speculativeAuthenticate');
    expect(session.sasl).toBeUndefined();
    const withoutAuth = await run('hello', { hello: 1, speculativeAuthenticate: { ...sha1, mechanism: 'SCRAM-SHA-256' } });
    expect(withoutAuth.reply).not.toHaveProperty('speculativeAuthenticate');
  });
});
