import { describe, expect, it } from 'vitest';
import { serialize } from 'bson';
import { checkFrame, ENTRY_FRAME_LIMITS, findNextFrame, FRAME_HEADER_BYTES, writeFrame } from '../../src/format/frame.js';

function framed(...docs: Record<string, unknown>[]): Buffer {
  const payloads = docs.map((d) => serialize(d));
  const buf = Buffer.alloc(payloads.reduce((n, p) => n + FRAME_HEADER_BYTES + p.length, 0));
  let off = 0;
  for (const p of payloads) off = writeFrame(buf, off, p);
  return buf;
}

describe('frames', () => {
  it('verifies a written frame and points at the next one', () => {
    const buf = framed({ a: 1 }, { b: 'two' });
    const first = checkFrame(buf, 0, buf.length, ENTRY_FRAME_LIMITS);
    expect(first.kind).toBe('ok');
    if (first.kind !== 'ok') return;
    expect(first.length).toBe(serialize({ a: 1 }).length);
    expect(checkFrame(buf, first.next, buf.length, ENTRY_FRAME_LIMITS).kind).toBe('ok');
  });

  it('detects a flipped payload byte as a CRC mismatch', () => {
    const buf = framed({ a: 1 });
    buf[buf.length - 3]! ^= 0x01;
    expect(checkFrame(buf, 0, buf.length, ENTRY_FRAME_LIMITS).kind).toBe('bad-crc');
  });

  it('tells short headers, short payloads and bad lengths apart', () => {
    const buf = framed({ a: 1 });
    expect(checkFrame(buf, 0, 5, ENTRY_FRAME_LIMITS).kind).toBe('short-header');
    expect(checkFrame(buf, 0, buf.length - 1, ENTRY_FRAME_LIMITS).kind).toBe('short-payload');
    const zero = Buffer.alloc(32);
    expect(checkFrame(zero, 0, zero.length, ENTRY_FRAME_LIMITS)).toEqual({ kind: 'bad-length', length: 0 });
  });

  it('finds the next valid frame after damage, or reports none', () => {
    const buf = framed({ a: 1 }, { b: 2 }, { c: 3 });
    const second = (checkFrame(buf, 0, buf.length, ENTRY_FRAME_LIMITS) as { next: number }).next;
    buf[4]! ^= 0xff; // damage the first frame's CRC
    expect(findNextFrame(buf, 1, buf.length, ENTRY_FRAME_LIMITS)).toBe(second);
    expect(findNextFrame(Buffer.alloc(100), 0, 100, ENTRY_FRAME_LIMITS)).toBe(-1);
  });
});
