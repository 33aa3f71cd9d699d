import { Int32, serialize } from 'bson';
import { describe, expect, it } from 'vitest';
import { MessageFormatError } from '../../src/errors.js';
import { BufferReader } from '../../src/protocol/buffer-reader.js';

describe('BufferReader', () => {
  it('reads little-endian primitives and cstrings in sequence', () => {
    const buffer = Buffer.alloc(4 + 4 + 8 + 1 + 4);
    buffer.writeInt32LE(-2, 0);
    buffer.writeUInt32LE(0xfffffffe, 4);
    buffer.writeBigInt64LE(-5n, 8);
    buffer.writeUInt8(200, 16);
    buffer.write('ab\0', 17);
    const reader = new BufferReader(buffer);
    expect(reader.int32()).toBe(-2);
    expect(reader.uint32()).toBe(0xfffffffe);
    expect(reader.int64()).toBe(-5n);
    expect(reader.uint8()).toBe(200);
    expect(reader.cstring()).toBe('ab');
    expect(reader.remaining).toBe(1);
  });

  it('never reads past its end, even when the buffer continues', () => {
    const buffer = Buffer.from('abc\0def');
    const reader = new BufferReader(buffer, 0, 2);
    expect(() => reader.cstring('name')).toThrow(/unterminated name at offset 0/);
    expect(() => reader.int32()).toThrow(MessageFormatError);
    expect(reader.bytes(2).toString()).toBe('ab');
    expect(() => reader.uint8()).toThrow(/needs 1 bytes, 0 remain/);
  });

  it('decodes documents without promoting numbers and bounds them', () => {
    const document = Buffer.from(serialize({ a: 1 }));
    const reader = new BufferReader(Buffer.concat([document, Buffer.of(1, 2)]));
    expect(reader.document('doc')).toEqual({ a: new Int32(1) });
    expect(() => reader.document('tail')).toThrow(/tail length/);
    const tooSmall = Buffer.of(4, 0, 0, 0, 0);
    expect(() => new BufferReader(tooSmall).document('tiny')).toThrow(/declared size 4/);
  });

  it('slices a sub-reader and skips past it', () => {
    const reader = new BufferReader(Buffer.from('abcdef'));
    const inner = reader.slice(3, 'part');
    expect(inner.bytes(3).toString()).toBe('abc');
    expect(inner.remaining).toBe(0);
    expect(reader.bytes(3).toString()).toBe('def');
    expect(() => reader.slice(1, 'more')).toThrow(/more at offset 6/);
  });
});
