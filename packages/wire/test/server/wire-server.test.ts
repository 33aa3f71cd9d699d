import { connect } from 'node:net';
import { once } from 'node:events';
import { Double, Int32 } from 'bson';
import { MongoClient, MongoServerError } from 'mongodb';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { UserStore } from '../../src/auth/user-store.js';
import { ConfigurationError } from '../../src/errors.js';
import { startWireServer, type WireServer } from '../../src/server/wire-server.js';
import { FakeExecutor } from '../support/fake-executor.js';
import { RawClient, waitFor } from '../support/raw-client.js';
import { RecordingLogger } from '../support/recording-logger.js';

const clients: MongoClient[] = [];
const servers: WireServer[] = [];

async function server(options: Partial<Parameters<typeof startWireServer>[0]> = {}) {
  const executor = new FakeExecutor();
  const logger = new RecordingLogger();
  const started = await startWireServer({ executor, logger, port: 0, ...options });
  servers.push(started);
  return { server: started, executor, logger, uri: (path = '/test') => `mongodb://127.0.0.1:${started.address.port}${path}` };
}

async function client(uri: string): Promise<MongoClient> {
  const created = new MongoClient(uri, { serverSelectionTimeoutMS: 5000 });
  clients.push(created);
  await created.connect();
  return created;
}

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close().catch(() => undefined)));
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

describe('wire server with the official driver', () => {
  it('answers ping, hello and buildInfo', async () => {
    const { uri } = await server();
    const admin = (await client(uri())).db('admin');
    expect(await admin.command({ ping: 1 })).toEqual({ ok: 1 });
    const hello = await admin.command({ hello: 1 });
    expect(hello).toMatchObject({ isWritablePrimary: true, maxWireVersion: 21, minWireVersion: 0, logicalSessionTimeoutMinutes: 30, ok: 1 });
    expect(hello).not.toHaveProperty('setName');
    expect(await admin.command({ buildInfo: 1 })).toMatchObject({ version: '7.0.0', versionArray: [7, 0, 0, 0] });
  });

  it('delegates CRUD to the executor with kind-1 documents merged and BSON types kept', async () => {
    const { uri, executor } = await server();
    const collection = (await client(uri())).db('shop').collection<{ _id: number; price: unknown }>('items');
    await collection.insertMany([{ _id: 1, price: new Double(2) }, { _id: 2, price: new Double(3.5) }]);
    const insert = executor.callsOf('insert')[0];
    expect(insert?.dbName).toBe('shop');
    expect(insert?.command['insert']).toBe('items');
    const documents = insert?.command['documents'] as Record<string, unknown>[];
    expect(documents).toHaveLength(2);
    expect(documents[0]?.['price']).toBeInstanceOf(Double);
    expect(documents[0]?.['_id']).toBeInstanceOf(Int32);
    expect(insert?.command).not.toHaveProperty('lsid');
    expect(insert?.command).not.toHaveProperty('$db');
    expect(insert?.command).not.toHaveProperty('txnNumber');
    expect(await collection.find({}).toArray()).toEqual([{ _id: 1, price: 2 }, { _id: 2, price: 3.5 }]);
  });

  it('returns executor errors as server errors with their fields', async () => {
    const { uri } = await server();
    const db = (await client(uri())).db('test');
    const unknown = await db.command({ frobnicate: 1 }).catch((error: unknown) => error);
    expect(unknown).toBeInstanceOf(MongoServerError);
    expect(unknown).toMatchObject({ code: 59, codeName: 'CommandNotFound' });
    const duplicate = await db.command({ duplicate: 1 }).catch((error: unknown) => error);
    expect(duplicate).toMatchObject({ code: 11000, keyValue: { _id: 1 }, keyPattern: { _id: 1 } });
    expect((duplicate as MongoServerError).hasErrorLabel('NoWritesPerformed')).toBe(true);
  });

  it('refuses withTransaction with code 20 (read as the first operation)', async () => {
    const { uri, executor } = await server();
    const mongo = await client(uri());
    const session = mongo.startSession();
    try {
      const error = await session
        .withTransaction(async () => {
          await mongo.db('test').collection('c').findOne({}, { session });
        })
        .catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(MongoServerError);
      expect(error).toMatchObject({ code: 20, codeName: 'IllegalOperation' });
      expect((error as Error).message).toMatch(/Argon does not support multi-document transactions/);
    } finally {
      await session.endSession();
    }
    expect(executor.calls).toHaveLength(0);
  });

  it('refuses withTransaction with code 20 (write as the first operation)', async () => {
    const { uri, executor } = await server();
    const mongo = await client(uri());
    const session = mongo.startSession();
    try {
      const error = await session
        .withTransaction(async () => {
          await mongo.db('test').collection('c').insertOne({ a: 1 }, { session });
        })
        .catch((caught: unknown) => caught);
      // Driver 7.9 replaces any write error with code 20 by its MMAPv1 "does not support retryable
      // writes" error (without a code); the server's reply survives as originalError.
      expect(error).toBeInstanceOf(MongoServerError);
      const original = (error as { originalError?: unknown }).originalError;
      expect(original).toBeInstanceOf(MongoServerError);
      expect(original).toMatchObject({ code: 20, codeName: 'IllegalOperation' });
      expect((original as Error).message).toMatch(/Argon does not support multi-document transactions/);
    } finally {
      await session.endSession();
    }
    expect(executor.callsOf('insert')).toHaveLength(0);
  });

  it('releases a closed connection in the executor and counts connections', async () => {
    const { uri, server: wire, executor } = await server();
    const mongo = await client(uri());
    await mongo.db('admin').command({ ping: 1 });
    expect(wire.connectionCount()).toBeGreaterThan(0);
    await mongo.close();
    await waitFor(() => wire.connectionCount() === 0, 5000, 'connections to close');
    expect(executor.closedConnections.length).toBeGreaterThan(0);
  });
});

describe('authentication', () => {
  let users: UserStore;
  beforeAll(async () => {
    users = await UserStore.fromEntries([{ user: 'alice', password: 'secret' }]);
  });

  it('accepts the right password with SCRAM-SHA-256 and passes the user on', async () => {
    const { uri, executor } = await server({ auth: { users } });
    const mongo = await client(`${uri('/')}?authSource=admin&authMechanism=SCRAM-SHA-256`.replace('mongodb://', 'mongodb://alice:secret@'));
    expect(await mongo.db('admin').command({ ping: 1 })).toEqual({ ok: 1 });
    await mongo.db('test').collection('c').find({}).toArray();
    expect(executor.callsOf('find')[0]?.ctx.user).toBe('alice');
    expect(await mongo.db('admin').command({ connectionStatus: 1 })).toMatchObject({ authInfo: { authenticatedUsers: [{ user: 'alice', db: 'admin' }] } });
  });

  it('negotiates the mechanism when none is given', async () => {
    const { uri } = await server({ auth: { users } });
    const mongo = await client(`${uri('/')}?authSource=admin`.replace('mongodb://', 'mongodb://alice:secret@'));
    expect(await mongo.db('test').command({ serverStatus: 1 })).toMatchObject({ process: 'argon' });
  });

  it('rejects a wrong password with code 18', async () => {
    const { uri, logger } = await server({ auth: { users } });
    const error = await client(`${uri('/')}?authSource=admin&authMechanism=SCRAM-SHA-256`.replace('mongodb://', 'mongodb://alice:wrong@')).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 18, codeName: 'AuthenticationFailed' });
    expect((error as Error).message).toMatch(/Authentication failed/);
    expect(logger.find('info', 'authentication failed').length).toBeGreaterThan(0);
  });

  it('requires authentication for commands other than the handshake', async () => {
    const { uri, executor } = await server({ auth: { users } });
    const mongo = await client(uri());
    expect(await mongo.db('admin').command({ ping: 1 })).toEqual({ ok: 1 });
    const error = await mongo.db('test').collection('c').find({}).toArray().catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 13, codeName: 'Unauthorized', message: 'command find requires authentication' });
    expect(executor.calls).toHaveLength(0);
  });
});

describe('lifecycle', () => {
  it('binds an ephemeral port on the requested host', async () => {
    const { server: wire } = await server();
    expect(wire.address.host).toBe('127.0.0.1');
    expect(wire.address.port).toBeGreaterThan(0);
  });

  it('validates options', async () => {
    const executor = new FakeExecutor();
    await expect(startWireServer({ executor, port: 0, maxConnections: 0 })).rejects.toThrow(ConfigurationError);
    await expect(startWireServer({ executor, port: 0, maxMessageSizeBytes: 8 })).rejects.toThrow(/maxMessageSizeBytes/);
    await expect(startWireServer({ executor, port: 70000 })).rejects.toThrow(/port/);
  });

  it('reports a port that is already taken', async () => {
    const { server: wire } = await server();
    await expect(startWireServer({ executor: new FakeExecutor(), port: wire.address.port })).rejects.toThrow(/EADDRINUSE/);
  });

  it('close() stops listening, closes open connections and is idempotent', async () => {
    const { server: wire, executor } = await server();
    const raw = await RawClient.connect(wire.address.port);
    await waitFor(() => wire.connectionCount() === 1, 2000, 'the connection to register');
    await Promise.all([wire.close(), wire.close()]);
    await raw.waitClosed();
    expect(wire.connectionCount()).toBe(0);
    expect(executor.closedConnections).toEqual([1]);
    const refused = connect({ host: '127.0.0.1', port: wire.address.port });
    const [error] = (await once(refused, 'error')) as [NodeJS.ErrnoException];
    expect(error.code).toBe('ECONNREFUSED');
  });

  it('accepts then closes connections beyond maxConnections, and logs it', async () => {
    const { server: wire, logger } = await server({ maxConnections: 2 });
    const first = await RawClient.connect(wire.address.port);
    const second = await RawClient.connect(wire.address.port);
    await waitFor(() => wire.connectionCount() === 2, 2000, 'two connections');
    const third = await RawClient.connect(wire.address.port);
    await third.waitClosed();
    expect(logger.find('warn', 'maxConnections')).toHaveLength(1);
    expect(wire.connectionCount()).toBe(2);
    first.close();
    await waitFor(() => wire.connectionCount() === 1, 2000, 'one connection');
    const fourth = await RawClient.connect(wire.address.port);
    await waitFor(() => wire.connectionCount() === 2, 2000, 'the replacement connection');
    expect(await fourth.silentFor(50)).toBe(true);
    second.close();
    fourth.close();
  });

  it('survives 2,000 connections opening and closing without leaking', async () => {
    const { server: wire, executor } = await server({ maxConnections: 5000 });
    const started = Date.now();
    const total = 2000;
    const concurrency = 100;
    let opened = 0;
    const worker = async (): Promise<void> => {
      while (opened < total) {
        opened++;
        const socket = connect({ host: '127.0.0.1', port: wire.address.port });
        await once(socket, 'connect');
        socket.destroy();
        await once(socket, 'close');
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    await waitFor(() => wire.connectionCount() === 0, 10_000, 'all connections to finish');
    expect(executor.closedConnections).toHaveLength(total);
    expect(new Set(executor.closedConnections).size).toBe(total);
    expect(Date.now() - started).toBeLessThan(30_000);
    // Still serving afterwards.
    expect(await (await client(`mongodb://127.0.0.1:${wire.address.port}/`)).db('admin').command({ ping: 1 })).toEqual({ ok: 1 });
  });
});

afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});
