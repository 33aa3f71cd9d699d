import { describe, expect, it } from 'vitest';
import { MessageFormatError } from '../../src/errors.js';
import { readOpCompressedPrefix } from '../../src/protocol/op-compressed.js';
import { OP_COMPRESSED, OP_MSG } from '../../src/protocol/opcodes.js';

describe('OP_COMPRESSED prefix', () => {
  it('reads the original opcode, size and compressor', () => {
    const message = Buffer.alloc(16 + 9 + 3);
    message.writeInt32LE(message.length, 0);
    message.writeInt32LE(OP_COMPRESSED, 12);
    message.writeInt32LE(OP_MSG, 16);
    message.writeInt32LE(1234, 20);
    message.writeUInt8(3, 24);
    expect(readOpCompressedPrefix(message)).toEqual({ originalOpcode: OP_MSG, uncompressedSize: 1234, compressorId: 3 });
  });

  it('rejects a truncated prefix', () => {
    const message = Buffer.alloc(20);
    message.writeInt32LE(20, 0);
    expect(() => readOpCompressedPrefix(message)).toThrow(MessageFormatError);
  });
});
