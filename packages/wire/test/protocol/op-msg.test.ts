import { Binary, Decimal128, Double, Int32, Long, serialize } from 'bson';
import { describe, expect, it } from 'vitest';
import { MessageFormatError } from '../../src/errors.js';
import { crc32c } from '../../src/protocol/crc32c.js';
import { readMessageHeader } from '../../src/protocol/message-header.js';
import { OP_MSG_FLAGS, opMsgCommand, parseOpMsg, readOpMsgFlags, serializeOpMsg } from '../../src/protocol/op-msg.js';
import { OP_MSG } from '../../src/protocol/opcodes.js';

/** Builds an OP_MSG by hand from raw section bytes. */
function rawOpMsg(flags: number, ...sections: Buffer[]): Buffer {
  const body = Buffer.concat(sections);
  const message = Buffer.alloc(20 + body.length);
  message.writeInt32LE(message.length, 0);
  message.writeInt32LE(7, 4);
  message.writeInt32LE(0, 8);
  message.writeInt32LE(OP_MSG, 12);
  message.writeUInt32LE(flags, 16);
  body.copy(message, 20);
  return message;
}

function kind0(document: Record<string, unknown>): Buffer {
  return Buffer.concat([Buffer.of(0), Buffer.from(serialize(document))]);
}

function kind1(identifier: string, documents: Record<string, unknown>[]): Buffer {
  const id = Buffer.from(`${identifier}\0`);
  const docs = documents.map((document) => Buffer.from(serialize(document)));
  const size = Buffer.alloc(4);
  size.writeInt32LE(4 + id.length + docs.reduce((sum, doc) => sum + doc.length, 0));
  return Buffer.concat([Buffer.of(1), size, id, ...docs]);
}

function parseError(message: Buffer): MessageFormatError {
  try {
    parseOpMsg(message);
  } catch (error) {
    if (error instanceof MessageFormatError) return error;
    throw error;
  }
  throw new Error('expected parseOpMsg to fail');
}

describe('OP_MSG', () => {
  it('round-trips a body and a document sequence, keeping BSON numeric types', () => {
    const encoded = serializeOpMsg({
      requestId: 42,
      responseTo: 9,
      sections: [
        { kind: 0, document: { insert: 'c', n: new Int32(1), d: new Double(1), l: Long.fromNumber(5), x: Decimal128.fromString('1.5'), $db: 'test' } },
        { kind: 1, identifier: 'documents', documents: [{ _id: new Int32(1) }, { _id: new Double(2) }] },
      ],
    });
    const header = readMessageHeader(encoded);
    expect(header).toEqual({ messageLength: encoded.length, requestId: 42, responseTo: 9, opCode: OP_MSG });
    const parsed = parseOpMsg(encoded);
    expect(parsed.flags).toBe(0);
    expect(parsed.sections).toHaveLength(2);
    const command = opMsgCommand(parsed);
    expect(command['d']).toBeInstanceOf(Double);
    expect(command['n']).toBeInstanceOf(Int32);
    expect(command['l']).toBeInstanceOf(Long);
    expect(command['x']).toBeInstanceOf(Decimal128);
    const documents = command['documents'] as Record<string, unknown>[];
    expect(documents).toHaveLength(2);
    expect(documents[0]?.['_id']).toBeInstanceOf(Int32);
    expect(documents[1]?.['_id']).toBeInstanceOf(Double);
  });

  it('merges each kind-1 section under its identifier, after the body fields', () => {
    const message = rawOpMsg(0, kind1('updates', [{ q: {}, u: { $set: { a: 1 } } }]), kind0({ update: 'c', $db: 'x' }), kind1('other', []));
    const command = opMsgCommand(parseOpMsg(message));
    expect(Object.keys(command)).toEqual(['update', '$db', 'updates', 'other']);
    expect(command['other']).toEqual([]);
    expect((command['updates'] as unknown[]).length).toBe(1);
  });

  it('rejects a document sequence whose identifier repeats a body field or another sequence', () => {
    const clash = rawOpMsg(0, kind0({ insert: 'c', documents: [], $db: 'x' }), kind1('documents', [{ a: 1 }]));
    expect(() => opMsgCommand(parseOpMsg(clash))).toThrow(/documents.*more than once/);
    const twice = rawOpMsg(0, kind0({ insert: 'c', $db: 'x' }), kind1('documents', [{ a: 1 }]), kind1('documents', [{ a: 2 }]));
    expect(() => opMsgCommand(parseOpMsg(twice))).toThrow(/more than once/);
  });

  it('merges sequences into a copy that keeps a __proto__ field a field, and leaves the body alone', () => {
    const body = JSON.parse('{"insert":"c","__proto__":{"polluted":true},"$db":"x"}') as Record<string, unknown>;
    const parsed = parseOpMsg(rawOpMsg(0, kind0(body), kind1('documents', [{ a: 1 }])));
    const command = opMsgCommand(parsed);
    expect(Object.getPrototypeOf(command)).toBe(Object.prototype);
    expect(Object.keys(command)).toEqual(['insert', '__proto__', '$db', 'documents']);
    expect(Object.getOwnPropertyDescriptor(command, '__proto__')?.value).toEqual({ polluted: true });
    expect(Object.keys((parsed.sections[0] as { document: Record<string, unknown> }).document)).toEqual(['insert', '__proto__', '$db']);
    expect(Object.keys(opMsgCommand(parsed))).toEqual(['insert', '__proto__', '$db', 'documents']);
  });

  it('requires exactly one body section', () => {
    expect(parseError(rawOpMsg(0, kind1('documents', [{ a: 1 }]))).message).toMatch(/exactly one body section.*found 0/);
    expect(parseError(rawOpMsg(0, kind0({ a: 1 }), kind0({ b: 1 }))).message).toMatch(/found 2/);
    expect(parseError(rawOpMsg(0)).message).toMatch(/found 0/);
  });

  it('rejects section kind 2 and unknown kinds', () => {
    expect(parseError(rawOpMsg(0, kind0({ a: 1 }), Buffer.of(2, 0, 0, 0, 0))).message).toMatch(/kind 2/);
    expect(parseError(rawOpMsg(0, kind0({ a: 1 }), Buffer.of(9))).message).toMatch(/unknown section kind 9/);
  });

  it('rejects a kind-1 size that overruns the message or is too small', () => {
    const overrun = kind1('documents', [{ a: 1 }]);
    overrun.writeInt32LE(1000, 1);
    expect(parseError(rawOpMsg(0, kind0({ a: 1 }), overrun)).message).toMatch(/declares size 1000/);
    expect(parseError(rawOpMsg(0, kind0({ a: 1 }), Buffer.of(1, 2, 0, 0, 0))).message).toMatch(/declares size 2/);
  });

  it('rejects a kind-1 document that crosses the section end', () => {
    const section = kind1('documents', [{ a: 1 }]);
    section.writeInt32LE(section.readInt32LE(1) - 3, 1); // section now ends inside the document
    const message = rawOpMsg(0, kind0({ a: 1 }), section.subarray(0, section.length - 3));
    expect(parseError(message).message).toMatch(/invalid BSON in OP_MSG document sequence 'documents' document 0/);
  });

  it('reports invalid BSON with the section and offset', () => {
    const body = kind0({ hello: 1, s: 'text' });
    // Corrupt the string length of field "s" (type byte, "s\0", then int32 length).
    const stringAt = body.indexOf(Buffer.from('s\0')) + 2;
    body.writeInt32LE(9999, stringAt);
    const error = parseError(rawOpMsg(0, body));
    expect(error.code).toBe(2);
    expect(error.message).toMatch(/invalid BSON in OP_MSG body section \(kind 0\) at offset 20/);
  });

  it('rejects a BSON document whose declared size exceeds the message', () => {
    const body = kind0({ ping: 1 });
    body.writeInt32LE(500, 1);
    expect(parseError(rawOpMsg(0, body)).message).toMatch(/declared size 500/);
  });

  it('rejects unknown required flag bits but ignores optional ones', () => {
    expect(parseError(rawOpMsg(1 << 5, kind0({ ping: 1 }))).message).toMatch(/required flag bits 0x20/);
    expect(parseOpMsg(rawOpMsg(OP_MSG_FLAGS.exhaustAllowed | (1 << 20), kind0({ ping: 1 }))).flags).toBe(OP_MSG_FLAGS.exhaustAllowed | (1 << 20));
  });

  it('writes and verifies a CRC-32C when checksum is requested', () => {
    const encoded = serializeOpMsg({ requestId: 1, responseTo: 0, flags: OP_MSG_FLAGS.moreToCome, sections: [{ kind: 0, document: { ping: 1, $db: 'admin' } }], checksum: true });
    expect(readOpMsgFlags(encoded)).toBe(OP_MSG_FLAGS.checksumPresent | OP_MSG_FLAGS.moreToCome);
    expect(encoded.readUInt32LE(encoded.length - 4)).toBe(crc32c(encoded.subarray(0, encoded.length - 4)));
    expect(opMsgCommand(parseOpMsg(encoded))).toEqual({ ping: new Int32(1), $db: 'admin' });
  });

  it('rejects a message whose checksum does not match', () => {
    const encoded = serializeOpMsg({ requestId: 1, responseTo: 0, sections: [{ kind: 0, document: { ping: 1, $db: 'admin' } }], checksum: true });
    encoded.writeUInt32LE((encoded.readUInt32LE(encoded.length - 4) ^ 1) >>> 0, encoded.length - 4);
    expect(parseError(encoded).message).toMatch(/checksum mismatch/);
    const corruptedBody = serializeOpMsg({ requestId: 1, responseTo: 0, sections: [{ kind: 0, document: { ping: 1, $db: 'admin' } }], checksum: true });
    corruptedBody[26] = (corruptedBody[26] ?? 0) ^ 0xff;
    expect(parseError(corruptedBody).message).toMatch(/checksum mismatch/);
  });

  it('rejects checksumPresent on a message too short to hold one', () => {
    expect(parseError(rawOpMsg(OP_MSG_FLAGS.checksumPresent, Buffer.of(0, 0))).message).toMatch(/no room for a checksum/);
  });

  it('does not add a checksum unless asked', () => {
    const encoded = serializeOpMsg({ requestId: 1, responseTo: 0, flags: OP_MSG_FLAGS.checksumPresent, sections: [{ kind: 0, document: { ok: 1 } }] });
    expect(readOpMsgFlags(encoded)).toBe(0);
    expect(encoded.length).toBe(20 + 1 + serialize({ ok: 1 }).length);
  });

  it('reports a message truncated before its flags', () => {
    const message = Buffer.alloc(18);
    message.writeInt32LE(18, 0);
    message.writeInt32LE(OP_MSG, 12);
    expect(readOpMsgFlags(message)).toBeUndefined();
    expect(parseError(message).message).toMatch(/truncated: uint32 at offset 16/);
  });

  it('round-trips Binary payloads byte for byte', () => {
    const payload = new Binary(Buffer.from('n,,n=user,r=abc'));
    const encoded = serializeOpMsg({ requestId: 3, responseTo: 0, sections: [{ kind: 0, document: { saslStart: 1, payload } }] });
    const decoded = opMsgCommand(parseOpMsg(encoded))['payload'] as Binary;
    expect(Buffer.from(decoded.buffer).toString()).toBe('n,,n=user,r=abc');
  });
});
