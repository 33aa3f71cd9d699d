import { describe, expect, it } from 'vitest';
import { MESSAGE_HEADER_SIZE, readMessageHeader, writeMessageHeader } from '../../src/protocol/message-header.js';

describe('message header', () => {
  it('round-trips four little-endian int32s', () => {
    const buffer = Buffer.alloc(MESSAGE_HEADER_SIZE + 4);
    writeMessageHeader(buffer, { messageLength: 20, requestId: -7, responseTo: 123456, opCode: 2013 });
    expect([...buffer.subarray(0, 4)]).toEqual([20, 0, 0, 0]);
    expect(readMessageHeader(buffer)).toEqual({ messageLength: 20, requestId: -7, responseTo: 123456, opCode: 2013 });
  });

  it('reads from a view with a byte offset', () => {
    const backing = Buffer.alloc(40);
    const view = backing.subarray(8, 24);
    writeMessageHeader(view, { messageLength: 16, requestId: 1, responseTo: 2, opCode: 1 });
    expect(readMessageHeader(view)).toEqual({ messageLength: 16, requestId: 1, responseTo: 2, opCode: 1 });
  });

  it('refuses fewer than 16 bytes', () => {
    expect(() => readMessageHeader(Buffer.alloc(15))).toThrow(/needs 16 bytes, got 15/);
  });
});
