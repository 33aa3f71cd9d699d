/**
 * A wire server that does no work: the floor under any MongoDB wire server's
 * figures on this machine, as measured by the official driver.
 *
 * It answers the handshake (OP_QUERY or OP_MSG `hello`) with a standalone's
 * hello reply, every `find` with one fixed ~1 KB benchmark document (a reply
 * encoded once, only `responseTo` patched per request), and any other
 * command with `{ok: 1}`. No storage, no query, no BSON encoding per request;
 * the command name is read with one `deserialize` of the request body. The
 * wire benchmark runs `findOne` through the driver against it in a child
 * process, exactly as against `argon serve`, so the driver's own cost per
 * operation (the client side of the 2-core box) is measured in the same run.
 *
 *   node --import tsx no-op-wire-server.ts
 *
 * Prints `{"port": N}` when listening and `{"cpu": {...}}` for a `cpu` line
 * on stdin; exits when stdin ends (printing `{"closed": true}`), like
 * wire-server-child.ts, so the same handle drives both.
 */
import { createServer, type Socket } from 'node:net';
import { createInterface } from 'node:readline';
import { deserialize, Long, serialize } from 'bson';
import { makeDoc } from '../lib/docs.js';

const OP_REPLY = 1;
const OP_QUERY = 2004;
const OP_MSG = 2013;
const MORE_TO_COME = 1 << 1;

const HELLO = {
  helloOk: true,
  ismaster: true,
  isWritablePrimary: true,
  maxBsonObjectSize: 16 * 1024 * 1024,
  maxMessageSizeBytes: 48_000_000,
  maxWriteBatchSize: 100_000,
  logicalSessionTimeoutMinutes: 30,
  minWireVersion: 0,
  maxWireVersion: 21,
  readOnly: false,
  ok: 1,
};

/** An OP_MSG reply (flags 0, one kind-0 section) with `responseTo` left to patch. */
function opMsg(body: Record<string, unknown>): Buffer {
  const doc = serialize(body);
  const out = Buffer.alloc(16 + 4 + 1 + doc.length);
  out.writeInt32LE(out.length, 0);
  out.writeInt32LE(OP_MSG, 12);
  out[20] = 0;
  out.set(doc, 21);
  return out;
}

/** An OP_REPLY (for the OP_QUERY handshake) with `responseTo` left to patch. */
function opReply(body: Record<string, unknown>): Buffer {
  const doc = serialize(body);
  const out = Buffer.alloc(16 + 20 + doc.length);
  out.writeInt32LE(out.length, 0);
  out.writeInt32LE(OP_REPLY, 12);
  out.writeInt32LE(1, 32); // numberReturned
  out.set(doc, 36);
  return out;
}

const FIND_REPLY = opMsg({ cursor: { firstBatch: [makeDoc(1)], id: Long.fromNumber(0), ns: 'bench.usertable' }, ok: 1 });
const OK_REPLY = opMsg({ ok: 1 });

function send(socket: Socket, template: Buffer, requestId: number): void {
  const out = Buffer.from(template);
  out.writeInt32LE(requestId, 8);
  socket.write(out);
}

function reply(socket: Socket, msg: Buffer): void {
  const requestId = msg.readInt32LE(4);
  const opCode = msg.readInt32LE(12);
  if (opCode === OP_QUERY) {
    // Only the handshake comes as OP_QUERY.
    send(socket, opReply({ ...HELLO, localTime: new Date(), connectionId: 1 }), requestId);
    return;
  }
  if (opCode !== OP_MSG) {
    socket.destroy();
    return;
  }
  const flags = msg.readUInt32LE(16);
  if (msg[20] !== 0) {
    socket.destroy();
    return;
  }
  const body = deserialize(msg.subarray(21, 21 + msg.readInt32LE(21)));
  const name = Object.keys(body)[0];
  if (flags & MORE_TO_COME) return;
  if (name === 'hello' || name === 'isMaster' || name === 'ismaster') send(socket, opMsg({ ...HELLO, localTime: new Date(), connectionId: 1 }), requestId);
  else if (name === 'find') send(socket, FIND_REPLY, requestId);
  else send(socket, OK_REPLY, requestId);
}

const server = createServer((socket) => {
  socket.setNoDelay(true);
  let pending: Buffer = Buffer.alloc(0);
  socket.on('data', (chunk: Buffer) => {
    pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
    while (pending.length >= 4) {
      const len = pending.readInt32LE(0);
      if (pending.length < len) break;
      reply(socket, pending.subarray(0, len));
      pending = pending.subarray(len);
    }
  });
  socket.on('error', () => socket.destroy());
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`${JSON.stringify({ port: typeof address === 'object' && address ? address.port : 0 })}\n`);
});
const input = createInterface({ input: process.stdin });
input.on('line', (line) => {
  if (line.trim() === 'cpu') process.stdout.write(`${JSON.stringify({ cpu: process.cpuUsage() })}\n`);
});
input.on('close', () => {
  server.close();
  process.stdout.write(`${JSON.stringify({ closed: true })}\n`);
  process.exit(0);
});
