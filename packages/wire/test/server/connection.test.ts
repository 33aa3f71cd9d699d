import { Double, Int32, deserialize, serialize } from 'bson';
import { afterEach, describe, expect, it } from 'vitest';
import { UserStore } from '../../src/auth/user-store.js';
import { readMessageHeader } from '../../src/protocol/message-header.js';
import { OP_MSG_FLAGS, opMsgCommand, parseOpMsg, serializeOpMsg } from '../../src/protocol/op-msg.js';
import { serializeOpQuery } from '../../src/protocol/op-query.js';
import { parseOpReply } from '../../src/protocol/op-reply.js';
import { OP_COMPRESSED, OP_INSERT, OP_MSG, OP_QUERY, OP_REPLY } from '../../src/protocol/opcodes.js';
import { startWireServer, type WireServer, type WireServerOptions } from '../../src/server/wire-server.js';
import { FakeExecutor } from '../support/fake-executor.js';
import { RawClient, waitFor } from '../support/raw-client.js';
import { RecordingLogger } from '../support/recording-logger.js';

const servers: WireServer[] = [];
const raws: RawClient[] = [];

async function setup(options: Partial<WireServerOptions> = {}) {
  const executor = new FakeExecutor();
  const logger = new RecordingLogger();
  const server = await startWireServer({ executor, logger, port: 0, ...options });
  servers.push(server);
  const open = async (): Promise<RawClient> => {
    const raw = await RawClient.connect(server.address.port);
    raws.push(raw);
    return raw;
  };
  return { server, executor, logger, open };
}

afterEach(async () => {
  for (const raw of raws.splice(0)) raw.close();
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

let nextRequestId = 100;
function msg(document: Record<string, unknown>, options: { flags?: number; checksum?: boolean; requestId?: number; sequences?: Record<string, Record<string, unknown>[]> } = {}): Buffer {
  return serializeOpMsg({
    requestId: options.requestId ?? nextRequestId++,
    responseTo: 0,
    flags: options.flags ?? 0,
    checksum: options.checksum ?? false,
    sections: [
      { kind: 0, document },
      ...Object.entries(options.sequences ?? {}).map(([identifier, documents]) => ({ kind: 1 as const, identifier, documents })),
    ],
  });
}

/** Reply body with BSON types kept, plus the header. */
function replyOf(message: Buffer | undefined): { responseTo: number; body: Record<string, unknown> } {
  if (message === undefined) throw new Error('connection closed without a reply');
  const header = readMessageHeader(message);
  if (header.opCode !== OP_MSG) throw new Error(`expected OP_MSG, got opcode ${header.opCode}`);
  return { responseTo: header.responseTo, body: opMsgCommand(parseOpMsg(message)) };
}

/** Reads `count` echo replies from `client`, which must answer requests `firstId`, `firstId + 1`, … in order with `payload(i)`. */
async function expectEchoesInOrder(client: RawClient, count: number, firstId: number, payload: (i: number) => string): Promise<void> {
  for (let i = 0; i < count; i++) {
    const { responseTo, body } = replyOf(await client.next(10_000));
    expect(responseTo).toBe(firstId + i);
    expect((body['command'] as Record<string, unknown>)['payload']).toBe(payload(i));
  }
}

function header(length: number, opCode: number): Buffer {
  const buffer = Buffer.alloc(16);
  buffer.writeInt32LE(length, 0);
  buffer.writeInt32LE(1, 4);
  buffer.writeInt32LE(0, 8);
  buffer.writeInt32LE(opCode, 12);
  return buffer;
}

async function assertServing(open: () => Promise<RawClient>): Promise<void> {
  const raw = await open();
  raw.send(msg({ ping: 1, $db: 'admin' }));
  expect(replyOf(await raw.next()).body['ok']).toEqual(new Double(1));
}

describe('connection framing', () => {
  it('answers the OP_QUERY handshake with OP_REPLY, without compression', async () => {
    const { open } = await setup();
    const raw = await open();
    raw.send(serializeOpQuery({ requestId: 77, fullCollectionName: 'admin.$cmd', query: { isMaster: 1, helloOk: true, compression: ['zstd', 'snappy'], client: { driver: { name: 'raw' } } } }));
    const message = await raw.next();
    expect(message).toBeDefined();
    const reply = parseOpReply(message ?? Buffer.alloc(0));
    expect(readMessageHeader(message ?? Buffer.alloc(0)).opCode).toBe(OP_REPLY);
    expect(reply.responseTo).toBe(77);
    expect(reply.cursorId).toBe(0n);
    expect(reply.documents).toHaveLength(1);
    const body = reply.documents[0] ?? {};
    expect(body).toMatchObject({ ismaster: true, helloOk: true, maxWireVersion: new Int32(21), ok: new Double(1) });
    expect(body).not.toHaveProperty('compression');
    expect(body).not.toHaveProperty('setName');
  });

  it('refuses non-handshake OP_QUERY with code 352 and keeps the connection', async () => {
    const { open, executor } = await setup();
    const raw = await open();
    raw.send(serializeOpQuery({ requestId: 5, fullCollectionName: 'test.$cmd', query: { find: 'c' } }));
    expect(parseOpReply((await raw.next()) ?? Buffer.alloc(0)).documents[0]).toMatchObject({ ok: new Double(0), code: new Int32(352), codeName: 'UnsupportedOpQueryCommand' });
    raw.send(serializeOpQuery({ requestId: 6, fullCollectionName: 'test.users', query: {} }));
    expect(parseOpReply((await raw.next()) ?? Buffer.alloc(0)).documents[0]?.['errmsg']).toMatch(/a query on a collection/);
    raw.send(msg({ ping: 1, $db: 'admin' }));
    expect(replyOf(await raw.next()).body['ok']).toEqual(new Double(1));
    expect(executor.calls).toHaveLength(0);
  });

  it('answers OP_MSG with responseTo set and ok as a double', async () => {
    const { open } = await setup();
    const raw = await open();
    raw.send(msg({ ping: 1, $db: 'admin' }, { requestId: 4242 }));
    const reply = await raw.next();
    const { responseTo, body } = replyOf(reply);
    expect(responseTo).toBe(4242);
    expect(body).toEqual({ ok: new Double(1) });
    expect(reply?.readUInt32LE(16)).toBe(0); // no flags, no checksum on replies
  });

  it('merges kind-1 sections before delegating', async () => {
    const { open, executor } = await setup();
    const raw = await open();
    raw.send(msg({ insert: 'c', $db: 'shop', ordered: true }, { sequences: { documents: [{ _id: 1 }, { _id: 2 }, { _id: 3 }] } }));
    expect(replyOf(await raw.next()).body).toEqual({ n: new Int32(3), ok: new Double(1) });
    expect(executor.calls[0]?.command).toEqual({ insert: 'c', ordered: true, documents: [{ _id: new Int32(1) }, { _id: new Int32(2) }, { _id: new Int32(3) }] });
  });

  it('verifies checksums: a good one is accepted, a bad one gets BadValue and the connection stays open', async () => {
    const { open } = await setup();
    const raw = await open();
    raw.send(msg({ ping: 1, $db: 'admin' }, { checksum: true }));
    expect(replyOf(await raw.next()).body['ok']).toEqual(new Double(1));
    const corrupt = msg({ ping: 1, $db: 'admin' }, { checksum: true });
    corrupt.writeUInt32LE((corrupt.readUInt32LE(corrupt.length - 4) + 1) >>> 0, corrupt.length - 4);
    raw.send(corrupt);
    const { body } = replyOf(await raw.next());
    expect(body).toMatchObject({ ok: new Double(0), code: new Int32(2), codeName: 'BadValue' });
    expect(body['errmsg']).toMatch(/checksum mismatch/);
    raw.send(msg({ ping: 1, $db: 'admin' }));
    expect(replyOf(await raw.next()).body['ok']).toEqual(new Double(1));
  });

  it('sends nothing for moreToCome (endSessions, w:0 writes) and keeps order', async () => {
    const { open, executor } = await setup();
    const raw = await open();
    raw.send(msg({ endSessions: [{ id: 1 }], $db: 'admin', writeConcern: { w: 0 } }, { flags: OP_MSG_FLAGS.moreToCome }));
    raw.send(msg({ insert: 'c', $db: 'test' }, { flags: OP_MSG_FLAGS.moreToCome, sequences: { documents: [{ a: 1 }] } }));
    raw.send(msg({ frobnicate: 1, $db: 'test' }, { flags: OP_MSG_FLAGS.moreToCome }));
    raw.send(msg({ ping: 1, $db: 'admin' }, { requestId: 9001 }));
    expect(replyOf(await raw.next()).responseTo).toBe(9001);
    expect(await raw.silentFor(50)).toBe(true);
    expect(executor.callsOf('insert')).toHaveLength(1);
    expect(executor.callsOf('frobnicate')).toHaveLength(1);
  });

  it('answers invalid BSON with BadValue naming the problem, and stays usable', async () => {
    const { open, server } = await setup();
    const raw = await open();
    const bad = msg({ ping: 1, $db: 'admin', s: 'text' });
    bad.writeInt32LE(99_999, bad.indexOf(Buffer.from('s\0')) + 2);
    raw.send(bad);
    const { body } = replyOf(await raw.next());
    expect(body).toMatchObject({ ok: new Double(0), code: new Int32(2), codeName: 'BadValue' });
    expect(body['errmsg']).toMatch(/invalid BSON in OP_MSG body section/);
    raw.send(msg({ ping: 1, $db: 'admin' }));
    expect(replyOf(await raw.next()).body['ok']).toEqual(new Double(1));
    expect(server.connectionCount()).toBe(1);
  });

  it('answers malformed sections and a missing $db with BadValue', async () => {
    const { open } = await setup();
    const raw = await open();
    const noBody = Buffer.concat([header(0, OP_MSG), Buffer.alloc(4)]);
    noBody.writeInt32LE(noBody.length, 0);
    raw.send(noBody);
    expect(replyOf(await raw.next()).body['errmsg']).toMatch(/exactly one body section/);
    raw.send(msg({ ping: 1 }));
    expect(replyOf(await raw.next()).body).toMatchObject({ code: new Int32(2), errmsg: 'OP_MSG requires a $db field naming the database' });
  });

  it.each([
    ['shorter than a header', 8],
    ['negative', -5],
    ['zero', 0],
    ['larger than maxMessageSizeBytes', 4096],
  ])('closes the connection when the declared length is %s, and keeps serving others', async (_, length) => {
    const { open, logger, server } = await setup({ maxMessageSizeBytes: 2048 });
    const raw = await open();
    raw.send(header(length, OP_MSG));
    await raw.waitClosed();
    expect(logger.find('warn', `invalid message length ${length}`)).toHaveLength(1);
    await waitFor(() => server.connectionCount() === 0, 2000, 'the connection to finish');
    await assertServing(open);
  });

  it('still answers requests received before a bad length, then closes', async () => {
    const { open } = await setup();
    const raw = await open();
    raw.send(Buffer.concat([msg({ ping: 1, $db: 'admin' }, { requestId: 55 }), header(3, OP_MSG)]));
    expect(replyOf(await raw.next()).responseTo).toBe(55);
    await raw.waitClosed();
  });

  it('closes the connection on an unknown opcode', async () => {
    const { open, logger } = await setup();
    const raw = await open();
    raw.send(header(16, 9999));
    await raw.waitClosed();
    expect(logger.find('warn', 'unknown opcode 9999')).toHaveLength(1);
    await assertServing(open);
  });

  it('closes the connection on a legacy opcode', async () => {
    const { open, logger, executor } = await setup();
    const raw = await open();
    const insert = Buffer.concat([header(0, OP_INSERT), Buffer.alloc(4), Buffer.from('test.c\0'), Buffer.from(serialize({ a: 1 }))]);
    insert.writeInt32LE(insert.length, 0);
    raw.send(Buffer.concat([insert, msg({ ping: 1, $db: 'admin' })]));
    expect(await raw.next()).toBeUndefined();
    expect(logger.find('warn', 'legacy opcode OP_INSERT (2002)')).toHaveLength(1);
    expect(executor.calls).toHaveLength(0);
  });

  it('answers OP_COMPRESSED with an error in the original format and closes', async () => {
    const { open, logger } = await setup();
    for (const [originalOpcode, expectedOpcode] of [
      [OP_MSG, OP_MSG],
      [OP_QUERY, OP_REPLY],
    ] as const) {
      const raw = await open();
      const compressed = Buffer.concat([header(0, OP_COMPRESSED), Buffer.alloc(9), Buffer.from('compressed-bytes')]);
      compressed.writeInt32LE(compressed.length, 0);
      compressed.writeInt32LE(originalOpcode, 16);
      compressed.writeInt32LE(100, 20);
      compressed.writeUInt8(1, 24);
      raw.send(compressed);
      const reply = await raw.next();
      expect(reply).toBeDefined();
      expect(readMessageHeader(reply ?? Buffer.alloc(16)).opCode).toBe(expectedOpcode);
      const body = expectedOpcode === OP_MSG ? replyOf(reply).body : parseOpReply(reply ?? Buffer.alloc(0)).documents[0];
      expect(body).toMatchObject({ ok: new Double(0), code: new Int32(17), codeName: 'ProtocolError' });
      expect(body?.['errmsg']).toMatch(/does not support compressed messages/);
      await raw.waitClosed();
    }
    expect(logger.find('warn', 'OP_COMPRESSED')[0]?.fields['compressor']).toBe('snappy');
  });

  it('cleans up a connection dropped mid-message', async () => {
    const { open, logger, server, executor } = await setup();
    const raw = await open();
    const message = msg({ ping: 1, $db: 'admin' });
    raw.send(message.subarray(0, 10));
    await waitFor(() => server.connectionCount() === 1, 2000, 'the connection');
    await new Promise((resolve) => setTimeout(resolve, 20));
    raw.close();
    await waitFor(() => server.connectionCount() === 0, 2000, 'the connection to finish');
    expect(logger.find('debug', 'mid-message')).toHaveLength(1);
    expect(executor.closedConnections).toEqual([1]);
  });

  it('reassembles messages sent one byte at a time and several per packet', async () => {
    const { open } = await setup();
    const raw = await open();
    const message = msg({ ping: 1, $db: 'admin' }, { requestId: 1 });
    for (const byte of message) {
      raw.send(Buffer.of(byte));
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(replyOf(await raw.next()).responseTo).toBe(1);
    raw.send(Buffer.concat([2, 3, 4].map((requestId) => msg({ ping: 1, $db: 'admin' }, { requestId }))));
    expect([replyOf(await raw.next()).responseTo, replyOf(await raw.next()).responseTo, replyOf(await raw.next()).responseTo]).toEqual([2, 3, 4]);
  });

  it('receives a multi-megabyte insert split across many packets', async () => {
    const { open, executor } = await setup();
    const raw = await open();
    const documents = Array.from({ length: 500 }, (_, i) => ({ _id: i, blob: 'y'.repeat(10_000) }));
    const message = msg({ insert: 'big', $db: 'test' }, { sequences: { documents } });
    expect(message.length).toBeGreaterThan(5_000_000);
    for (let offset = 0; offset < message.length; offset += 65_536) raw.send(message.subarray(offset, offset + 65_536));
    expect(replyOf(await raw.next(10_000)).body['n']).toEqual(new Int32(500));
    expect((executor.calls[0]?.command['documents'] as unknown[]).length).toBe(500);
  });

  it('processes one connection in order and different connections concurrently', async () => {
    const { open } = await setup();
    const slow = await open();
    const fast = await open();
    slow.send(
      Buffer.concat([
        msg({ sleep: 1, ms: 1000, tag: 'first', $db: 'test' }, { requestId: 1 }),
        msg({ sleep: 1, ms: 0, tag: 'second', $db: 'test' }, { requestId: 2 }),
        msg({ ping: 1, $db: 'admin' }, { requestId: 3 }),
      ]),
    );
    await new Promise((resolve) => setTimeout(resolve, 20));
    const started = Date.now();
    fast.send(msg({ ping: 1, $db: 'admin' }, { requestId: 10 }));
    expect(replyOf(await fast.next()).responseTo).toBe(10);
    expect(Date.now() - started).toBeLessThan(800);
    const order = [replyOf(await slow.next()), replyOf(await slow.next()), replyOf(await slow.next())];
    expect(order.map((reply) => reply.responseTo)).toEqual([1, 2, 3]);
    expect(order[0]?.body['slept']).toBe('first');
  });

  it('answers thousands of pipelined requests in order (pausing the socket on the way)', async () => {
    const { open } = await setup();
    const raw = await open();
    const count = 3000;
    raw.send(Buffer.concat(Array.from({ length: count }, (_, i) => msg({ ping: 1, $db: 'admin' }, { requestId: i + 1 }))));
    for (let i = 1; i <= count; i++) {
      expect(replyOf(await raw.next()).responseTo).toBe(i);
    }
  });

  it('still processes a fire-and-forget write when the client disconnects right away', async () => {
    const { open, executor, server } = await setup();
    const raw = await open();
    raw.send(msg({ sleep: 1, ms: 100, $db: 'test' }));
    raw.send(msg({ insert: 'c', $db: 'test' }, { flags: OP_MSG_FLAGS.moreToCome, sequences: { documents: [{ a: 1 }] } }));
    raw.socket.end();
    raw.close();
    await waitFor(() => server.connectionCount() === 0, 3000, 'the connection to finish');
    expect(executor.callsOf('insert')).toHaveLength(1);
  });

  it('answers a client that half-closes after sending, then closes', async () => {
    const { open } = await setup();
    const raw = await open();
    raw.send(msg({ ping: 1, $db: 'admin' }, { requestId: 31 }));
    raw.socket.end();
    expect(replyOf(await raw.next()).responseTo).toBe(31);
    await raw.waitClosed();
  });

  it('keeps replies intact while a slow reader holds them in its socket and other connections are answered', async () => {
    const { open } = await setup();
    const slow = await open();
    const other = await open();
    slow.socket.pause();
    const count = 40;
    const payload = (i: number): string => String.fromCharCode(97 + (i % 26)).repeat(256 * 1024 + i);
    for (let i = 0; i < count; i++) slow.send(msg({ echo: 1, payload: payload(i), $db: 'test' }, { requestId: 1000 + i }));
    await new Promise((resolve) => setTimeout(resolve, 200));
    // Replies as large as the blocked ones, so they would overwrite any bytes still waiting in the slow socket.
    for (let i = 0; i < 10; i++) {
      const mine = 'Z'.repeat(256 * 1024 + count);
      other.send(msg({ echo: 1, payload: mine, $db: 'test' }, { requestId: 5000 + i }));
      const { responseTo, body } = replyOf(await other.next());
      expect(responseTo).toBe(5000 + i);
      expect((body['command'] as Record<string, unknown>)['payload']).toBe(mine);
    }
    slow.socket.resume();
    await expectEchoesInOrder(slow, count, 1000, payload);
  });

  it('keeps small replies queued behind a slow reader intact while other connections are answered', async () => {
    const { open } = await setup();
    const slow = await open();
    const other = await open();
    slow.socket.pause();
    // Enough 4 KB replies to fill the kernel's buffers, so the last ones wait in the socket.
    const count = 3000;
    const payload = (i: number): string => `${i}:`.padEnd(4096, String.fromCharCode(97 + (i % 26)));
    for (let i = 0; i < count; i++) slow.send(msg({ echo: 1, payload: payload(i), $db: 'test' }, { requestId: 10_000 + i }));
    await new Promise((resolve) => setTimeout(resolve, 300));
    for (let i = 0; i < 20; i++) {
      const mine = 'Z'.repeat(4096);
      other.send(msg({ echo: 1, payload: mine, $db: 'test' }, { requestId: 50_000 + i }));
      expect((replyOf(await other.next()).body['command'] as Record<string, unknown>)['payload']).toBe(mine);
    }
    slow.socket.resume();
    await expectEchoesInOrder(slow, count, 10_000, payload);
  });

  it('replaces a reply that cannot be encoded with an error', async () => {
    const { open, logger } = await setup();
    const raw = await open();
    raw.send(msg({ huge: 1, bytes: 20 * 1024 * 1024, $db: 'test' }));
    expect(replyOf(await raw.next(10_000)).body).toMatchObject({ ok: new Double(0), code: new Int32(10334), codeName: 'BSONObjectTooLarge' });
    raw.send(msg({ badKey: 1, $db: 'test' }));
    expect(replyOf(await raw.next()).body).toMatchObject({ ok: new Double(0), code: new Int32(1), codeName: 'InternalError' });
    expect(logger.find('error', 'failed to encode a reply')).toHaveLength(2);
  });

  it('sends nothing to an unauthenticated moreToCome command', async () => {
    const users = await UserStore.fromEntries([{ user: 'alice', password: 'secret' }], { iterations: 4096 });
    const { open, executor } = await setup({ auth: { users } });
    const raw = await open();
    raw.send(msg({ insert: 'c', $db: 'test' }, { flags: OP_MSG_FLAGS.moreToCome, sequences: { documents: [{ a: 1 }] } }));
    raw.send(msg({ find: 'c', $db: 'test' }, { requestId: 8 }));
    const { responseTo, body } = replyOf(await raw.next());
    expect(responseTo).toBe(8);
    expect(body).toMatchObject({ code: new Int32(13), errmsg: 'command find requires authentication' });
    expect(executor.calls).toHaveLength(0);
  });

  it('decodes replies with wrapper types intact (Long cursor ids)', async () => {
    const { open } = await setup();
    const raw = await open();
    raw.send(msg({ find: 'c', $db: 'test' }));
    const message = (await raw.next()) ?? Buffer.alloc(0);
    const body = deserialize(message.subarray(21), { promoteValues: false }) as { cursor: { id: unknown } };
    expect((body.cursor.id as { _bsontype: string })._bsontype).toBe('Long');
  });
});
