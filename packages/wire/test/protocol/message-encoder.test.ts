import { Binary, Double, Long } from 'bson';
import { describe, expect, it } from 'vitest';
import { MessageEncoder } from '../../src/protocol/message-encoder.js';
import { encodeOpMsgReply, serializeOpMsg } from '../../src/protocol/op-msg.js';
import { encodeOpReply, serializeOpReply } from '../../src/protocol/op-reply.js';

const reply = { cursor: { firstBatch: [{ _id: 1, s: 'é'.repeat(40) }], id: Long.fromNumber(0), ns: 'db.c' }, ok: new Double(1) };

describe('MessageEncoder', () => {
  it('builds the same OP_MSG and OP_REPLY bytes as the general serializers', () => {
    const encoder = new MessageEncoder();
    const msg = Buffer.from(encodeOpMsgReply(encoder, 7, 3, reply));
    expect(msg).toEqual(serializeOpMsg({ requestId: 7, responseTo: 3, sections: [{ kind: 0, document: reply }] }));
    const legacy = Buffer.from(encodeOpReply(encoder, 8, 4, reply));
    expect(legacy).toEqual(serializeOpReply({ requestId: 8, responseTo: 4, documents: [reply] }));
  });

  it('reuses its buffer until detached', () => {
    const encoder = new MessageEncoder(1024);
    const first = encoder.encode(4, { a: 1 });
    const kept = Buffer.from(first);
    const second = encoder.encode(4, { a: 2 });
    expect(second.buffer).toBe(first.buffer);
    encoder.detach();
    const third = encoder.encode(4, { a: 3 });
    expect(third.buffer).not.toBe(second.buffer);
    expect(second.subarray(4)).not.toEqual(kept.subarray(4));
    expect(encoder.encode(4, { a: 1 }).subarray(4)).toEqual(kept.subarray(4));
  });

  it('encodes a document larger than its buffer, then grows the buffer to fit the next one', () => {
    const encoder = new MessageEncoder(64);
    const document = { data: new Binary(Buffer.alloc(5000, 7)) };
    const large = encoder.encode(21, document);
    expect(encodeOpMsgReply(new MessageEncoder(), 1, 2, document).subarray(21)).toEqual(large.subarray(21));
    expect(large).toHaveLength(21 + 5000 + 4 + 5 + 1 + 5 + 1);
    const again = encoder.encode(21, document);
    expect(again.subarray(21)).toEqual(large.subarray(21));
    expect(again.buffer.byteLength).toBeGreaterThanOrEqual(again.length);
    expect(again.buffer).toBe(encoder.encode(21, { a: 1 }).buffer);
  });

  it('throws bson errors: RangeError for a document over the BSON size limit', () => {
    const encoder = new MessageEncoder();
    expect(() => encoder.encode(21, { 'bad\0key': 1 })).toThrow();
    expect(() => encoder.encode(21, { data: 'x'.repeat(20 * 1024 * 1024), ok: 1 })).toThrow(RangeError);
    expect(encoder.encode(21, { ok: 1 }).subarray(21)).toEqual(Buffer.from(serializeOpMsg({ requestId: 0, responseTo: 0, sections: [{ kind: 0, document: { ok: 1 } }] }).subarray(21)));
  });
});
