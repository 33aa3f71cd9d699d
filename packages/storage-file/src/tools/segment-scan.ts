import type { WalEntry } from '@argon/core';
import { checkFileHeader, FILE_HEADER_BYTES } from '../format/file-header.js';
import { checkFrame, describeFrameProblem, ENTRY_FRAME_LIMITS, findNextFrame, isZeroFilled } from '../format/frame.js';
import { decodeEntry } from '../log/entry-codec.js';

/** One thing found while scanning a whole segment. */
export type ScanEvent =
  | { readonly type: 'header'; readonly sequence: number; readonly version: number }
  | { readonly type: 'entry'; readonly offset: number; readonly length: number; readonly entry: WalEntry }
  | { readonly type: 'problem'; readonly offset: number; readonly torn: boolean; readonly message: string };

/**
 * Scans a whole segment held in memory, for verify and dump. Unlike recovery
 * it does not stop at damage: it reports it, resynchronises at the next valid
 * frame and goes on, so every damaged offset is listed. Damage that nothing
 * valid follows in the newest segment is reported as a torn tail.
 */
export function* scanSegment(buf: Buffer, isLast: boolean): Generator<ScanEvent> {
  const hc = checkFileHeader(buf.subarray(0, FILE_HEADER_BYTES), 'segment');
  if (hc.ok) yield { type: 'header', sequence: hc.sequence, version: hc.version };
  else {
    const torn = isLast && findNextFrame(buf, FILE_HEADER_BYTES, buf.length, ENTRY_FRAME_LIMITS) < 0;
    yield { type: 'problem', offset: 0, torn, message: hc.problem };
    if (hc.newerVersion !== undefined) return;
  }
  let off = FILE_HEADER_BYTES;
  while (off < buf.length) {
    const c = checkFrame(buf, off, buf.length, ENTRY_FRAME_LIMITS);
    if (c.kind === 'ok') {
      let entry: WalEntry;
      try {
        entry = decodeEntry(buf, off + 8);
      } catch (err) {
        yield { type: 'problem', offset: off, torn: false, message: `undecodable entry: ${err instanceof Error ? err.message : String(err)}` };
        off = c.next;
        continue;
      }
      yield { type: 'entry', offset: off, length: c.length, entry };
      off = c.next;
      continue;
    }
    // The unused, zero-filled space the writer preallocates at the end of the newest segment.
    if (isLast && isZeroFilled(buf, off, buf.length)) return;
    const next = findNextFrame(buf, off + 1, buf.length, ENTRY_FRAME_LIMITS);
    const what = describeFrameProblem(c);
    if (next < 0) {
      yield {
        type: 'problem',
        offset: off,
        torn: isLast,
        message: isLast ? `torn tail: ${what}; ${buf.length - off} bytes would be truncated on the next writable open` : `${what}; nothing valid follows up to the end of the file`,
      };
      return;
    }
    yield { type: 'problem', offset: off, torn: false, message: `${what}; ${next - off} bytes skipped to the next valid frame at offset ${next}` };
    off = next;
  }
}
