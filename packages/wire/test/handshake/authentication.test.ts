import { createHash, createHmac, pbkdf2Sync } from 'node:crypto';
import { Binary, Int32 } from 'bson';
import { beforeAll, describe, expect, it } from 'vitest';
import { UserStore } from '../../src/auth/user-store.js';
import { WireError } from '../../src/errors.js';
import { authenticationCommands } from '../../src/handshake/authentication.js';
import type { BuiltInContext } from '../../src/handshake/built-in-command.js';
import type { ConnectionSession } from '../../src/server/connection-session.js';
import { testServerInfo, testSession } from '../support/built-in-context.js';
import { RecordingLogger } from '../support/recording-logger.js';

let users: UserStore;
beforeAll(async () => {
  users = await UserStore.fromEntries([{ user: 'alice', password: 'secret' }], { iterations: 4096 });
});

function text(payload: unknown): string {
  return Buffer.from((payload as Binary).buffer).toString('utf8');
}

function proofFor(password: string, clientFirstBare: string, serverFirst: string): string {
  const attributes = Object.fromEntries(serverFirst.split(',').map((part) => [part[0], part.slice(2)]));
  const salted = pbkdf2Sync(password, Buffer.from(attributes['s'] ?? '', 'base64'), Number(attributes['i']), 32, 'sha256');
  const clientKey = createHmac('sha256', salted).update('Client Key').digest();
  const storedKey = createHash('sha256').update(clientKey).digest();
  const withoutProof = `c=biws,r=${attributes['r']}`;
  const signature = createHmac('sha256', storedKey).update(`${clientFirstBare},${serverFirst},${withoutProof}`).digest();
  return `${withoutProof},p=${Buffer.from(clientKey.map((byte, i) => byte ^ (signature[i] ?? 0))).toString('base64')}`;
}

class Harness {
  readonly session: ConnectionSession = testSession(3);
  readonly logger = new RecordingLogger();
  constructor(private readonly auth = true) {}

  async run(command: Record<string, unknown>, dbName = 'admin'): Promise<Record<string, unknown>> {
    const name = Object.keys(command)[0] ?? '';
    const handler = authenticationCommands[name];
    if (handler === undefined) throw new Error(`no handler ${name}`);
    const context: BuiltInContext = { dbName, command, session: this.session, server: testServerInfo({ logger: this.logger, ...(this.auth ? { users } : {}) }) };
    return handler(context);
  }

  async start(user: string, skipEmptyExchange: boolean): Promise<string> {
    const reply = await this.run({ saslStart: 1, mechanism: 'SCRAM-SHA-256', payload: new Binary(Buffer.from(`n,,n=${user},r=nonce1`)), autoAuthorize: 1, options: { skipEmptyExchange } });
    expect(reply).toMatchObject({ conversationId: 1, done: false, ok: 1 });
    return text(reply['payload']);
  }
}

async function failure(promise: Promise<unknown>): Promise<WireError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof WireError) return error;
    throw error;
  }
  throw new Error('expected a WireError');
}

describe('SASL commands', () => {
  it('authenticates in two round trips with skipEmptyExchange', async () => {
    const harness = new Harness();
    const serverFirst = await harness.start('alice', true);
    const reply = await harness.run({ saslContinue: 1, conversationId: new Int32(1), payload: new Binary(Buffer.from(proofFor('secret', 'n=alice,r=nonce1', serverFirst))) });
    expect(reply).toMatchObject({ conversationId: 1, done: true, ok: 1 });
    expect(text(reply['payload'])).toMatch(/^v=/);
    expect(harness.session.authenticated).toEqual({ user: 'alice', db: 'admin' });
    expect(harness.session.sasl).toBeUndefined();
  });

  it('authenticates in three round trips without skipEmptyExchange', async () => {
    const harness = new Harness();
    const serverFirst = await harness.start('alice', false);
    const second = await harness.run({ saslContinue: 1, conversationId: 1, payload: new Binary(Buffer.from(proofFor('secret', 'n=alice,r=nonce1', serverFirst))) });
    expect(second).toMatchObject({ done: false, ok: 1 });
    expect(harness.session.authenticated).toBeUndefined();
    const third = await harness.run({ saslContinue: 1, conversationId: 1, payload: new Binary(Buffer.alloc(0)) });
    expect(third).toMatchObject({ done: true, ok: 1 });
    expect(text(third['payload'])).toBe('');
    expect(harness.session.authenticated).toEqual({ user: 'alice', db: 'admin' });
  });

  it('fails a wrong password with code 18 and logs the reason', async () => {
    const harness = new Harness();
    const serverFirst = await harness.start('alice', true);
    const error = await failure(harness.run({ saslContinue: 1, conversationId: 1, payload: new Binary(Buffer.from(proofFor('wrong', 'n=alice,r=nonce1', serverFirst))) }));
    expect(error).toMatchObject({ code: 18, codeName: 'AuthenticationFailed', message: 'Authentication failed.' });
    expect(harness.session.authenticated).toBeUndefined();
    expect(harness.session.sasl).toBeUndefined();
    expect(harness.logger.find('info', 'authentication failed')[0]?.fields).toMatchObject({ user: 'alice', reason: "wrong password for user 'alice'" });
  });

  it('fails an unknown user exactly like a wrong password', async () => {
    const harness = new Harness();
    const serverFirst = await harness.start('nobody', true);
    const error = await failure(harness.run({ saslContinue: 1, conversationId: 1, payload: new Binary(Buffer.from(proofFor('secret', 'n=nobody,r=nonce1', serverFirst))) }));
    expect(error).toMatchObject({ code: 18, message: 'Authentication failed.' });
  });

  it('rejects other mechanisms with MechanismUnavailable', async () => {
    const harness = new Harness();
    const error = await failure(harness.run({ saslStart: 1, mechanism: 'SCRAM-SHA-1', payload: new Binary(Buffer.from('n,,n=alice,r=x')) }));
    expect(error).toMatchObject({ code: 334, codeName: 'MechanismUnavailable' });
    expect(error.message).toMatch(/SCRAM-SHA-1/);
  });

  it('fails saslStart when authentication is disabled', async () => {
    const harness = new Harness(false);
    const error = await failure(harness.run({ saslStart: 1, mechanism: 'SCRAM-SHA-256', payload: new Binary(Buffer.from('n,,n=alice,r=x')) }));
    expect(error.code).toBe(18);
    expect(harness.logger.find('info', 'authentication failed')[0]?.fields['reason']).toMatch(/not enabled/);
  });

  it('rejects saslContinue without a matching conversation', async () => {
    const harness = new Harness();
    expect(await failure(harness.run({ saslContinue: 1, conversationId: 1, payload: new Binary(Buffer.alloc(0)) }))).toMatchObject({ code: 17, message: 'No SASL session state found' });
    await harness.start('alice', true);
    expect(await failure(harness.run({ saslContinue: 1, conversationId: 2, payload: new Binary(Buffer.alloc(0)) }))).toMatchObject({ code: 17 });
  });

  it('accepts string payloads and rejects other payload types', async () => {
    const harness = new Harness();
    const reply = await harness.run({ saslStart: 1, mechanism: 'SCRAM-SHA-256', payload: 'n,,n=alice,r=abc' });
    expect(text(reply['payload'])).toMatch(/^r=abc/);
    expect(await failure(harness.run({ saslStart: 1, mechanism: 'SCRAM-SHA-256', payload: 5 }))).toMatchObject({ code: 18 });
  });

  it('logout forgets the user', async () => {
    const harness = new Harness();
    harness.session.authenticated = { user: 'alice', db: 'admin' };
    expect(await harness.run({ logout: 1 })).toEqual({ ok: 1 });
    expect(harness.session.authenticated).toBeUndefined();
  });
});
