import { describe, expect, it } from 'vitest';
import { checkFileHeader, encodeFileHeader, FILE_HEADER_BYTES, FORMAT_VERSION } from '../../src/format/file-header.js';
import { crc32 } from 'node:zlib';

describe('file header', () => {
  it('round-trips kind, version and sequence', () => {
    const h = encodeFileHeader('segment', 42);
    expect(h.length).toBe(FILE_HEADER_BYTES);
    expect(h.toString('latin1', 0, 8)).toBe('ARGONWAL');
    expect(checkFileHeader(h, 'segment')).toEqual({ ok: true, version: FORMAT_VERSION, sequence: 42 });
  });

  it('rejects the wrong kind, a flipped byte, a short header and a newer version', () => {
    expect(checkFileHeader(encodeFileHeader('checkpoint', 1), 'segment').ok).toBe(false);
    const h = encodeFileHeader('segment', 1);
    h[17]! ^= 1;
    expect(checkFileHeader(h, 'segment')).toMatchObject({ ok: false, problem: 'file header CRC mismatch' });
    expect(checkFileHeader(h.subarray(0, 10), 'segment')).toMatchObject({ ok: false });
    const newer = encodeFileHeader('segment', 1);
    newer.writeUInt32LE(FORMAT_VERSION + 1, 8);
    newer.writeUInt32LE(crc32(newer.subarray(0, 28)), 28);
    expect(checkFileHeader(newer, 'segment')).toMatchObject({ ok: false, newerVersion: FORMAT_VERSION + 1 });
  });

  it('reads checkpoint format 2 (layered files), not format 2 of other kinds nor format 3', () => {
    expect(checkFileHeader(encodeFileHeader('checkpoint', 7, 2), 'checkpoint')).toEqual({ ok: true, version: 2, sequence: 7 });
    expect(checkFileHeader(encodeFileHeader('segment', 7, 2), 'segment')).toMatchObject({ ok: false, newerVersion: 2 });
    expect(checkFileHeader(encodeFileHeader('summary', 7, 2), 'summary')).toMatchObject({ ok: false, newerVersion: 2 });
    expect(checkFileHeader(encodeFileHeader('checkpoint', 7, 3), 'checkpoint')).toMatchObject({ ok: false, problem: 'format version 3 is newer than this Argon supports (2); upgrade Argon' });
  });
});
