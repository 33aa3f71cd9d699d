import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Double, Int32, Long } from 'bson';
import { BsonWriter, type WalEntry } from '@argon/core';
import { mixedDocument } from '../../../core/test/support/bson-arbitraries.js';
import { encodeEntry, writeEntryFrame } from '../../src/log/entry-codec.js';
import { checkFrame, ENTRY_FRAME_LIMITS, FRAME_HEADER_BYTES, MAX_FRAME_PAYLOAD_BYTES } from '../../src/format/frame.js';

describe('writeEntryFrame', () => {
  const entry = (post: Record<string, unknown>): WalEntry =>
    ({ kind: 'put', collection: 'c', branchId: 'b1', id: new Int32(1), post, pre: null, op: { type: 'insert' }, project: 'p', lsn: 42, ts: 1.5, opId: 'x' }) as unknown as WalEntry;

  it('frames the bytes of encodeEntry, with project, lsn and ts first, for any document', () => {
    fc.assert(
      fc.property(mixedDocument(8), (post) => {
        const e = entry(post);
        const w = new BsonWriter(8);
        writeEntryFrame(w, e);
        writeEntryFrame(w, e);
        const payload = Buffer.from(encodeEntry(e));
        const len = FRAME_HEADER_BYTES + payload.length;
        expect(w.pos).toBe(2 * len);
        for (const at of [0, len]) {
          expect(checkFrame(w.bytes, at, w.pos, ENTRY_FRAME_LIMITS)).toEqual({ kind: 'ok', length: payload.length, next: at + len });
          expect(w.bytes.subarray(at + FRAME_HEADER_BYTES, at + len).equals(payload)).toBe(true);
        }
        expect(payload.subarray(4, 13).toString('latin1')).toBe('\x02project\0');
      }),
      { numRuns: 200 },
    );
  });

  it('rejects an entry over the frame limit and leaves the writer unchanged', () => {
    const w = new BsonWriter();
    writeEntryFrame(w, entry({ a: new Long(1), d: new Double(2) }));
    const before = w.pos;
    const big = 'x'.repeat(MAX_FRAME_PAYLOAD_BYTES / 2 + 1024);
    expect(() => writeEntryFrame(w, entry({ a: big, b: big }))).toThrow(/cannot append a log entry of \d+ bytes \(limit 67108864\)/);
    expect(w.pos).toBe(before);
    w.shrink();
    expect(w.pos).toBe(0);
    expect(w.bytes.length).toBeLessThanOrEqual(1 << 22);
  });
});
