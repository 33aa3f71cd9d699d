import { Double, Long } from 'bson';
import { describe, expect, it } from 'vitest';
import { parseOpReply, serializeOpReply } from '../../src/protocol/op-reply.js';
import { readMessageHeader } from '../../src/protocol/message-header.js';
import { OP_REPLY } from '../../src/protocol/opcodes.js';

describe('OP_REPLY', () => {
  it('round-trips a single-document reply with cursor id 0', () => {
    const encoded = serializeOpReply({ requestId: 11, responseTo: 5, documents: [{ ismaster: true, ok: new Double(1) }] });
    expect(readMessageHeader(encoded)).toEqual({ messageLength: encoded.length, requestId: 11, responseTo: 5, opCode: OP_REPLY });
    const parsed = parseOpReply(encoded);
    expect(parsed).toMatchObject({ requestId: 11, responseTo: 5, responseFlags: 0, cursorId: 0n, startingFrom: 0 });
    expect(parsed.documents).toEqual([{ ismaster: true, ok: new Double(1) }]);
  });

  it('encodes several documents, flags and a cursor id', () => {
    const encoded = serializeOpReply({ requestId: 1, responseTo: 2, responseFlags: 8, cursorId: 2n ** 40n, startingFrom: 3, documents: [{ a: 1 }, { b: Long.fromNumber(2) }] });
    const parsed = parseOpReply(encoded);
    expect(parsed.responseFlags).toBe(8);
    expect(parsed.cursorId).toBe(2n ** 40n);
    expect(parsed.startingFrom).toBe(3);
    expect(parsed.documents).toHaveLength(2);
    expect(parsed.documents[1]?.['b']).toBeInstanceOf(Long);
  });
});
