/**
 * One client connection: reassembles messages from the byte stream, runs them
 * strictly in arrival order, and writes the replies.
 *
 * Rules:
 * - A message whose declared length is impossible (< 16 or over the limit)
 *   makes the stream untrustworthy: stop reading, finish what was already
 *   received, close.
 * - A message with an intact header but an unreadable body gets an error
 *   reply; the connection stays usable.
 * - Every fully received message is processed, even if the client has gone
 *   away (a `w:0` write followed by a disconnect must still happen).
 */
import type { Socket } from 'node:net';
import { Double } from 'bson';
import { MessageFormatError, UnsupportedOpQueryError, WireError } from '../errors.js';
import { HELLO_COMMAND_NAMES } from '../handshake/hello.js';
import type { WireDocument } from '../protocol/bson-codec.js';
import { MESSAGE_HEADER_SIZE, readMessageHeader, type MessageHeader } from '../protocol/message-header.js';
import type { MessageEncoder } from '../protocol/message-encoder.js';
import { encodeOpMsgReply, OP_MSG_FLAGS, opMsgCommand, parseOpMsg, readOpMsgFlags } from '../protocol/op-msg.js';
import { COMPRESSOR_NAMES, readOpCompressedPrefix } from '../protocol/op-compressed.js';
import { opQueryCommand, parseOpQuery } from '../protocol/op-query.js';
import { encodeOpReply } from '../protocol/op-reply.js';
import { LEGACY_OPCODES, OP_COMPRESSED, OP_MSG, OP_QUERY, opcodeName } from '../protocol/opcodes.js';
import { commandName } from './command-envelope.js';
import type { CommandDispatcher } from './command-dispatcher.js';
import { formatAddress, type ConnectionSession } from './connection-session.js';
import { errorReply } from './error-reply.js';
import { CLOSE_GRACE_MS, MAX_QUEUED_MESSAGES } from './limits.js';
import type { WireLogger } from './logger.js';

/** What a {@link Connection} needs from its server. */
export interface ConnectionOptions {
  readonly id: number;
  readonly socket: Socket;
  readonly dispatcher: CommandDispatcher;
  readonly logger: WireLogger;
  readonly maxMessageSizeBytes: number;
  /** Allocates the `requestId` of each reply. */
  readonly nextRequestId: () => number;
  /** Encodes replies; shared by the server's connections, so a reply is written as soon as it is encoded. */
  readonly encoder: MessageEncoder;
  /** Called once, after the socket closed and every received message was processed. */
  readonly onFinished: (connection: Connection) => void;
}

/** A reply to send: its document, the request it answers and the message format. */
interface Reply {
  readonly document: WireDocument;
  readonly responseTo: number;
  /** OP_REPLY (the answer to an OP_QUERY) instead of OP_MSG. */
  readonly legacy: boolean;
}

/** The result of processing one message. */
interface Outcome {
  readonly reply?: Reply;
  /** Close the connection after writing `reply`; later queued messages are dropped. */
  readonly close?: boolean;
}

const NO_REPLY: Outcome = Object.freeze({});

/** A client connection and its framing state. */
export class Connection {
  /** Server-wide connection number, reported as `connectionId` in `hello`. */
  readonly id: number;
  /** Per-connection state shared with the command handlers. */
  readonly session: ConnectionSession;
  /** Resolves once the connection is fully finished. */
  readonly finished: Promise<void>;

  private readonly socket: Socket;
  private readonly logger: WireLogger;
  private readonly options: ConnectionOptions;
  private resolveFinished: () => void = () => undefined;

  // Bytes received but not yet cut into messages.
  private readonly chunks: Buffer[] = [];
  private bufferedBytes = 0;
  // Declared length of the message being received; -1 until its first 4 bytes arrive.
  private pendingLength = -1;

  private readonly queue: Buffer[] = [];
  private queuedBytes = 0;
  private paused = false;
  private processing = false;

  private readingStopped = false;
  private endAfterDrain = false;
  private socketClosed = false;
  private isFinished = false;
  private graceTimer: NodeJS.Timeout | undefined;

  constructor(options: ConnectionOptions) {
    this.options = options;
    this.id = options.id;
    this.socket = options.socket;
    this.logger = options.logger;
    this.session = {
      connectionId: options.id,
      remoteAddress: formatAddress(this.socket.remoteAddress, this.socket.remotePort),
      authenticated: undefined,
      sasl: undefined,
      clientMetadata: undefined,
    };
    this.finished = new Promise((resolve) => {
      this.resolveFinished = resolve;
    });
    this.socket.on('data', (chunk: Buffer) => this.onData(chunk));
    this.socket.on('end', () => this.onEnd());
    this.socket.on('error', (error) => this.logger.debug({ connectionId: this.id, err: error }, 'socket error'));
    this.socket.on('close', () => this.onClose());
  }

  /** Closes the socket at once (server shutdown). Received messages are still processed; their replies are dropped. */
  destroy(): void {
    this.socket.destroy();
  }

  private onData(chunk: Buffer): void {
    if (this.readingStopped) return;
    this.chunks.push(chunk);
    this.bufferedBytes += chunk.length;
    while (!this.readingStopped) {
      if (this.pendingLength < 0) {
        if (this.bufferedBytes < 4) return;
        const length = this.peekInt32();
        if (length < MESSAGE_HEADER_SIZE || length > this.options.maxMessageSizeBytes) {
          this.logger.warn(
            { connectionId: this.id, remote: this.session.remoteAddress, messageLength: length, maxMessageSizeBytes: this.options.maxMessageSizeBytes },
            `invalid message length ${length} (must be ${MESSAGE_HEADER_SIZE}..${this.options.maxMessageSizeBytes}); closing the connection`,
          );
          this.stopReading();
          this.endAfterDrain = true;
          this.kick();
          return;
        }
        this.pendingLength = length;
      }
      if (this.bufferedBytes < this.pendingLength) return;
      const message = this.take(this.pendingLength);
      this.pendingLength = -1;
      this.enqueue(message);
    }
  }

  private onEnd(): void {
    // The client will send nothing more; answer what it sent, then close our side.
    if (this.bufferedBytes > 0) this.logger.debug({ connectionId: this.id, bytes: this.bufferedBytes }, 'client closed mid-message');
    this.stopReading();
    this.endAfterDrain = true;
    this.kick();
  }

  private onClose(): void {
    this.socketClosed = true;
    if (this.graceTimer !== undefined) clearTimeout(this.graceTimer);
    if (this.bufferedBytes > 0) this.logger.debug({ connectionId: this.id, bytes: this.bufferedBytes }, 'connection dropped mid-message');
    this.stopReading();
    this.logger.debug({ connectionId: this.id, remote: this.session.remoteAddress }, 'connection closed');
    if (!this.processing) this.finish();
  }

  private peekInt32(): number {
    const first = this.chunks[0];
    if (first !== undefined && first.length >= 4) return first.readInt32LE(0);
    const head = Buffer.alloc(4);
    let filled = 0;
    for (const chunk of this.chunks) {
      filled += chunk.copy(head, filled, 0, Math.min(chunk.length, 4 - filled));
      if (filled === 4) break;
    }
    return head.readInt32LE(0);
  }

  // Removes the first `length` buffered bytes; copies only when a message spans chunks.
  private take(length: number): Buffer {
    this.bufferedBytes -= length;
    const first = this.chunks[0];
    if (first !== undefined && first.length >= length) {
      if (first.length === length) this.chunks.shift();
      else this.chunks[0] = first.subarray(length);
      return first.subarray(0, length);
    }
    const message = Buffer.allocUnsafe(length);
    let filled = 0;
    while (filled < length) {
      const chunk = this.chunks[0];
      if (chunk === undefined) throw new Error('connection buffer underflow');
      const needed = length - filled;
      if (chunk.length <= needed) {
        filled += chunk.copy(message, filled);
        this.chunks.shift();
      } else {
        filled += chunk.copy(message, filled, 0, needed);
        this.chunks[0] = chunk.subarray(needed);
      }
    }
    return message;
  }

  private stopReading(): void {
    if (this.readingStopped) return;
    this.readingStopped = true;
    this.chunks.length = 0;
    this.bufferedBytes = 0;
    this.pendingLength = -1;
    // Keep the socket flowing (onData now discards) so that the client's FIN is seen promptly.
    if (this.paused && !this.socket.destroyed) {
      this.paused = false;
      this.socket.resume();
    }
  }

  private enqueue(message: Buffer): void {
    this.queue.push(message);
    this.queuedBytes += message.length;
    if (!this.paused && (this.queue.length >= MAX_QUEUED_MESSAGES || this.queuedBytes > this.options.maxMessageSizeBytes)) {
      this.paused = true;
      this.socket.pause();
    }
    this.kick();
  }

  private kick(): void {
    if (!this.processing) void this.drain();
  }

  private async drain(): Promise<void> {
    this.processing = true;
    try {
      for (let message = this.queue.shift(); message !== undefined; message = this.queue.shift()) {
        this.queuedBytes -= message.length;
        if (this.paused && !this.readingStopped && this.queue.length < MAX_QUEUED_MESSAGES / 2 && this.queuedBytes <= this.options.maxMessageSizeBytes / 2) {
          this.paused = false;
          this.socket.resume();
        }
        // Most messages need one await (the command); the rest of the path stays synchronous.
        const handled = this.handle(message);
        let outcome = handled instanceof Promise ? await handled : handled;
        if (outcome.reply !== undefined) {
          let blocked: Promise<void> | undefined;
          try {
            blocked = this.send(outcome.reply);
          } catch (error) {
            outcome = this.unexpected(error, readMessageHeader(message).opCode);
          }
          if (blocked !== undefined) await blocked;
        }
        if (outcome.close === true) {
          if (this.queue.length > 0) this.logger.debug({ connectionId: this.id, dropped: this.queue.length }, 'dropping messages received after a protocol violation');
          this.queue.length = 0;
          this.queuedBytes = 0;
          this.stopReading();
          this.endAfterDrain = true;
        }
      }
    } finally {
      this.processing = false;
    }
    if (this.endAfterDrain) this.endSocket();
    if (this.socketClosed) this.finish();
  }

  // Encodes and writes in one synchronous step: the encoder's buffer is shared
  // with the other connections. Returns a promise only when the client must
  // read before more replies are produced.
  private send(reply: Reply): Promise<void> | undefined {
    if (this.socket.destroyed || !this.socket.writable) return undefined;
    const data = this.encode(reply);
    // The socket keeps a reference to bytes it cannot write at once. A socket
    // that is already backed up gets a copy; one that becomes backed up with
    // this write keeps the encoder's buffer, which the encoder then gives up.
    const backedUp = this.socket.writableLength > 0;
    const flushed = this.socket.write(backedUp ? Buffer.from(data) : data);
    if (!backedUp && this.socket.writableLength > 0) this.options.encoder.detach();
    if (flushed) return undefined;
    return new Promise<void>((resolve) => {
      const done = (): void => {
        this.socket.off('drain', done);
        this.socket.off('close', done);
        resolve();
      };
      this.socket.on('drain', done);
      this.socket.on('close', done);
    });
  }

  private endSocket(): void {
    if (this.socket.destroyed) return;
    this.socket.end();
    this.graceTimer ??= setTimeout(() => this.socket.destroy(), CLOSE_GRACE_MS).unref();
  }

  private finish(): void {
    if (this.isFinished) return;
    this.isFinished = true;
    this.options.onFinished(this);
    this.resolveFinished();
  }

  // A promise only when a command runs; malformed and refused messages are answered synchronously.
  private handle(message: Buffer): Outcome | Promise<Outcome> {
    const header = readMessageHeader(message);
    try {
      let outcome: Outcome | Promise<Outcome>;
      if (header.opCode === OP_MSG) outcome = this.handleOpMsg(message, header);
      else if (header.opCode === OP_QUERY) outcome = this.handleOpQuery(message, header);
      else if (header.opCode === OP_COMPRESSED) outcome = this.handleCompressed(message, header);
      else {
        const kind = LEGACY_OPCODES.has(header.opCode) ? 'legacy opcode' : 'unknown opcode';
        this.logger.warn(
          { connectionId: this.id, remote: this.session.remoteAddress, opCode: header.opCode },
          `${kind} ${opcodeName(header.opCode)} is not supported; closing the connection`,
        );
        return { close: true };
      }
      return outcome instanceof Promise ? outcome.catch((error: unknown) => this.unexpected(error, header.opCode)) : outcome;
    } catch (error) {
      return this.unexpected(error, header.opCode);
    }
  }

  // Handlers turn command failures into replies; reaching this is a bug in the wire layer.
  private unexpected(error: unknown, opCode: number): Outcome {
    this.logger.error({ connectionId: this.id, err: error, opCode }, 'unexpected error while processing a message; closing the connection');
    return { close: true };
  }

  private handleOpMsg(message: Buffer, header: MessageHeader): Outcome | Promise<Outcome> {
    const moreToCome = ((readOpMsgFlags(message) ?? 0) & OP_MSG_FLAGS.moreToCome) !== 0;
    let command: WireDocument;
    try {
      command = opMsgCommand(parseOpMsg(message));
    } catch (error) {
      if (!(error instanceof MessageFormatError)) throw error;
      this.logger.warn({ connectionId: this.id, remote: this.session.remoteAddress, requestId: header.requestId }, `malformed OP_MSG: ${error.message}`);
      return moreToCome ? NO_REPLY : { reply: { document: errorReply(error, this.logger), responseTo: header.requestId, legacy: false } };
    }
    const dbName = command['$db'];
    if (typeof dbName !== 'string' || dbName === '') {
      return this.opMsgOutcome(header.requestId, moreToCome, errorReply(new MessageFormatError('OP_MSG requires a $db field naming the database'), this.logger));
    }
    return this.options.dispatcher.dispatch(dbName, command, this.session).then((reply) => this.opMsgOutcome(header.requestId, moreToCome, reply));
  }

  private opMsgOutcome(responseTo: number, moreToCome: boolean, document: WireDocument): Outcome {
    if (!moreToCome) return { reply: { document, responseTo, legacy: false } };
    if (document['ok'] === 0) this.logger.debug({ connectionId: this.id, errmsg: document['errmsg'] }, 'unacknowledged command failed');
    return NO_REPLY;
  }

  private async handleOpQuery(message: Buffer, header: MessageHeader): Promise<Outcome> {
    let reply: WireDocument;
    try {
      const target = opQueryCommand(parseOpQuery(message));
      if (target === undefined) throw new UnsupportedOpQueryError('a query on a collection');
      const name = commandName(target.command);
      if (!HELLO_COMMAND_NAMES.has(name)) throw new UnsupportedOpQueryError(name);
      reply = await this.options.dispatcher.dispatch(target.dbName, target.command, this.session);
    } catch (error) {
      if (!(error instanceof WireError)) throw error;
      this.logger.warn({ connectionId: this.id, remote: this.session.remoteAddress }, `rejected OP_QUERY: ${error.message}`);
      reply = errorReply(error, this.logger);
    }
    return { reply: { document: reply, responseTo: header.requestId, legacy: true } };
  }

  private handleCompressed(message: Buffer, header: MessageHeader): Outcome {
    let originalOpcode = OP_MSG;
    let compressor = 'unknown';
    try {
      const prefix = readOpCompressedPrefix(message);
      originalOpcode = prefix.originalOpcode;
      compressor = COMPRESSOR_NAMES.get(prefix.compressorId) ?? `id ${prefix.compressorId}`;
    } catch {
      // A truncated prefix still gets the error reply below.
    }
    this.logger.warn(
      { connectionId: this.id, remote: this.session.remoteAddress, compressor },
      'OP_COMPRESSED received although compression was not offered; closing the connection',
    );
    const error = new MessageFormatError('Argon does not support compressed messages; connect without the compressors option', 'ProtocolError');
    return { reply: { document: errorReply(error, this.logger), responseTo: header.requestId, legacy: originalOpcode === OP_QUERY }, close: true };
  }

  private frame(reply: Reply, document: WireDocument): Buffer {
    const encode = reply.legacy ? encodeOpReply : encodeOpMsgReply;
    return encode(this.options.encoder, this.options.nextRequestId(), reply.responseTo, withDoubleOk(document));
  }

  // Encodes a reply; if it cannot be serialized (too large, invalid key), the client gets an error instead.
  private encode(reply: Reply): Buffer {
    try {
      return this.frame(reply, reply.document);
    } catch (error) {
      const tooLarge = error instanceof RangeError;
      this.logger.error({ connectionId: this.id, err: error }, 'failed to encode a reply');
      const replacement = new WireError(
        tooLarge ? 'the reply exceeds the maximum BSON document size' : `the reply could not be encoded: ${error instanceof Error ? error.message : String(error)}`,
        tooLarge ? 'BSONObjectTooLarge' : 'InternalError',
      );
      return this.frame(reply, errorReply(replacement, this.logger));
    }
  }
}

// mongod sends `ok` as a double; a JS number would be encoded as int32.
function withDoubleOk(reply: WireDocument): WireDocument {
  const ok = reply['ok'];
  return typeof ok === 'number' ? { ...reply, ok: new Double(ok) } : reply;
}
