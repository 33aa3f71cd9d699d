import { Int32, Long } from 'bson';
import { beforeAll, describe, expect, it } from 'vitest';
import { UserStore } from '../../src/auth/user-store.js';
import { CommandDispatcher } from '../../src/server/command-dispatcher.js';
import { FakeExecutor } from '../support/fake-executor.js';
import { testServerInfo, testSession } from '../support/built-in-context.js';
import { RecordingLogger } from '../support/recording-logger.js';

let users: UserStore;
beforeAll(async () => {
  users = await UserStore.fromEntries([{ user: 'alice', password: 'secret' }], { iterations: 4096 });
});

function setup(options: { auth?: boolean } = {}) {
  const executor = new FakeExecutor();
  const logger = new RecordingLogger();
  const dispatcher = new CommandDispatcher(executor, testServerInfo({ logger, ...(options.auth === true ? { users } : {}) }));
  return { executor, logger, dispatcher, session: testSession(4) };
}

describe('CommandDispatcher', () => {
  it('answers built-in commands without the executor', async () => {
    const { executor, dispatcher, session } = setup();
    for (const command of [{ ping: 1 }, { hello: 1 }, { isMaster: 1 }, { buildinfo: 1 }, { endSessions: [] }, { whatsmyuri: 1 }]) {
      expect((await dispatcher.dispatch('admin', command, session))['ok']).toBe(1);
    }
    expect(executor.calls).toHaveLength(0);
  });

  it('delegates other commands with the envelope removed and the connection context', async () => {
    const { executor, dispatcher, session } = setup();
    const command = {
      echo: 1,
      filter: { a: new Int32(1) },
      $db: 'shop',
      lsid: { id: 'x' },
      $clusterTime: {},
      $readPreference: { mode: 'primaryPreferred' },
      readConcern: { level: 'local' },
      writeConcern: { w: 1 },
      apiVersion: '1',
      apiStrict: false,
      apiDeprecationErrors: false,
      txnNumber: Long.fromNumber(1),
      maxTimeMS: 5,
    };
    const reply = await dispatcher.dispatch('shop', command, session);
    expect(reply['ok']).toBe(1);
    expect(executor.calls).toHaveLength(1);
    expect(executor.calls[0]?.dbName).toBe('shop');
    expect(executor.calls[0]?.command).toEqual({ echo: 1, filter: { a: new Int32(1) }, maxTimeMS: 5 });
    expect(executor.calls[0]?.ctx).toEqual({ connectionId: 4, remoteAddress: '127.0.0.1:50000' });
  });

  it('passes unknown commands to the executor, which answers CommandNotFound', async () => {
    const { dispatcher, session } = setup();
    expect(await dispatcher.dispatch('test', { frobnicate: 1 }, session)).toEqual({ ok: 0, errmsg: "no such command: 'frobnicate'", code: 59, codeName: 'CommandNotFound' });
  });

  it('turns an error without a code into InternalError and logs it', async () => {
    const { dispatcher, logger, session } = setup();
    expect(await dispatcher.dispatch('test', { boom: 1 }, session)).toEqual({ ok: 0, errmsg: 'kaboom', code: 1, codeName: 'InternalError' });
    expect(logger.find('error', 'kaboom')).toHaveLength(1);
    expect(logger.find('error', 'kaboom')[0]?.fields).toMatchObject({ connectionId: 4, db: 'test', command: 'boom' });
  });

  it('keeps errorLabels, keyPattern and keyValue of executor errors', async () => {
    const { dispatcher, session } = setup();
    expect(await dispatcher.dispatch('test', { duplicate: 1 }, session)).toEqual({
      ok: 0,
      errmsg: 'E11000 duplicate key error collection: test.c index: _id_ dup key: { _id: 1 }',
      code: 11000,
      codeName: 'DuplicateKey',
      errorLabels: ['NoWritesPerformed'],
      keyPattern: { _id: 1 },
      keyValue: { _id: 1 },
    });
  });

  it('refuses transactions with code 20 before reaching the executor', async () => {
    const { executor, dispatcher, session } = setup();
    const expected = {
      ok: 0,
      errmsg: 'Transaction numbers are only allowed on a replica set member or mongos (Argon does not support multi-document transactions)',
      code: 20,
      codeName: 'IllegalOperation',
    };
    expect(await dispatcher.dispatch('test', { insert: 'c', documents: [], txnNumber: Long.fromNumber(1), autocommit: false, startTransaction: true }, session)).toEqual(expected);
    expect(await dispatcher.dispatch('test', { find: 'c', txnNumber: Long.fromNumber(1), autocommit: false }, session)).toEqual(expected);
    expect(await dispatcher.dispatch('admin', { commitTransaction: 1, txnNumber: Long.fromNumber(1), autocommit: false }, session)).toEqual(expected);
    expect(await dispatcher.dispatch('admin', { abortTransaction: 1 }, session)).toEqual(expected);
    expect(executor.calls).toHaveLength(0);
  });

  it('refuses readConcern snapshot with code 123 before reaching the executor, and strips other levels', async () => {
    const { executor, dispatcher, session } = setup();
    for (const command of ['find', 'aggregate', 'distinct']) {
      expect(await dispatcher.dispatch('test', { [command]: 'c', readConcern: { level: 'snapshot' } }, session)).toMatchObject({ ok: 0, code: 123, codeName: 'NotAReplicaSet' });
    }
    expect(executor.calls).toHaveLength(0);
    for (const level of ['local', 'majority', 'available', 'linearizable']) {
      await dispatcher.dispatch('test', { insert: 'c', documents: [], readConcern: { level } }, session);
    }
    expect(executor.calls.map((c) => c.command)).toEqual(Array(4).fill({ insert: 'c', documents: [] }));
  });

  it('accepts a retryable write (txnNumber without autocommit) and strips txnNumber', async () => {
    const { executor, dispatcher, session } = setup();
    const reply = await dispatcher.dispatch('test', { insert: 'c', documents: [{ a: 1 }], txnNumber: Long.fromNumber(3) }, session);
    expect(reply).toEqual({ n: 1, ok: 1 });
    expect(executor.calls[0]?.command).toEqual({ insert: 'c', documents: [{ a: 1 }] });
  });

  it('rejects an empty command document', async () => {
    const { dispatcher, session } = setup();
    expect(await dispatcher.dispatch('test', {}, session)).toMatchObject({ ok: 0, code: 2, codeName: 'BadValue' });
  });

  describe('with authentication', () => {
    it('allows only the handshake and SASL commands before authentication', async () => {
      const { executor, dispatcher, session } = setup({ auth: true });
      expect(await dispatcher.dispatch('test', { find: 'c' }, session)).toEqual({ ok: 0, errmsg: 'command find requires authentication', code: 13, codeName: 'Unauthorized' });
      for (const name of ['serverStatus', 'getParameter', 'listDatabases', 'commitTransaction', 'connectionStatus']) {
        expect(await dispatcher.dispatch('admin', { [name]: 1 }, session)).toMatchObject({ code: 13, errmsg: `command ${name} requires authentication` });
      }
      for (const name of ['hello', 'isMaster', 'ismaster', 'buildInfo', 'buildinfo', 'ping', 'endSessions', 'logout']) {
        expect((await dispatcher.dispatch('admin', { [name]: 1 }, session))['ok']).toBe(1);
      }
      expect(executor.calls).toHaveLength(0);
    });

    it('passes the authenticated user to the executor', async () => {
      const { executor, dispatcher, session } = setup({ auth: true });
      session.authenticated = { user: 'alice', db: 'admin' };
      expect((await dispatcher.dispatch('test', { find: 'c' }, session))['ok']).toBe(1);
      expect(executor.calls[0]?.ctx).toEqual({ connectionId: 4, remoteAddress: '127.0.0.1:50000', user: 'alice' });
    });
  });

  it('reports executor.connectionClosed failures to the log instead of throwing', () => {
    const logger = new RecordingLogger();
    const dispatcher = new CommandDispatcher(
      {
        execute: async () => ({ ok: 1 }),
        connectionClosed: () => {
          throw new Error('cursor cleanup failed');
        },
      },
      testServerInfo({ logger }),
    );
    expect(() => dispatcher.connectionClosed(9)).not.toThrow();
    expect(logger.find('error', 'connectionClosed')[0]?.fields).toMatchObject({ connectionId: 9 });
  });
});
