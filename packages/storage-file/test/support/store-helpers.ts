import { open, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Int32 } from 'bson';
import type { PutEntry, WalEntry } from '@argon/core';
import { FILE_HEADER_BYTES } from '../../src/format/file-header.js';
import { checkFrame, ENTRY_FRAME_LIMITS } from '../../src/format/frame.js';
import { segmentFileName, summaryFileName } from '../../src/segment/segment-files.js';
import type { FileStore } from '../../src/index.js';

/** A put entry of `project` at `lsn` with a payload of about `pad` bytes. */
export function entry(project: string, lsn: number, pad = 0): PutEntry {
  return {
    project,
    lsn,
    branchId: 'main',
    ts: Date.now(),
    collection: 'c',
    kind: 'put',
    id: new Int32(lsn),
    post: { _id: new Int32(lsn), pad: 'x'.repeat(pad) },
    pre: null,
    op: { type: 'insert' },
  };
}

/** Appends entries `from..to` of a project, `perCall` per append. */
export async function appendRange(store: FileStore, project: string, from: number, to: number, perCall = 10, pad = 0): Promise<void> {
  for (let l = from; l <= to; l += perCall) {
    const batch: WalEntry[] = [];
    for (let k = l; k < Math.min(l + perCall, to + 1); k++) batch.push(entry(project, k, pad));
    await store.append(batch);
  }
}

/** Appends LSNs 1 … n spread round-robin over projects p0 … p(k-1), 100 per call; returns the entries. */
export async function appendInterleaved(store: FileStore, n: number, projects: number): Promise<WalEntry[]> {
  const batch: WalEntry[] = [];
  for (let l = 1; l <= n; l++) batch.push(entry(`p${l % projects}`, l));
  for (let i = 0; i < batch.length; i += 100) await store.append(batch.slice(i, i + 100));
  return batch;
}

/** All LSNs readLog returns for a project. */
export async function lsnsOf(store: FileStore, project: string, after = 0): Promise<number[]> {
  const out: number[] = [];
  for await (const e of store.readLog(project, after)) out.push(e.lsn);
  return out;
}

/** Byte offsets of the valid frames of a segment file. */
export async function frameOffsets(file: string): Promise<number[]> {
  const buf = await readFile(file);
  const out: number[] = [];
  let off = FILE_HEADER_BYTES;
  for (;;) {
    const c = checkFrame(buf, off, buf.length, ENTRY_FRAME_LIMITS);
    if (c.kind !== 'ok') return out;
    out.push(off);
    off = c.next;
  }
}

/** 1..n */
export function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

/** A logger that records what it is given. */
export function recordingLogger(): { logger: { info: (o: unknown, m?: string) => void; warn: (o: unknown, m?: string) => void; error: (o: unknown, m?: string) => void; debug: (o: unknown, m?: string) => void }; lines: { level: string; msg: string }[] } {
  const lines: { level: string; msg: string }[] = [];
  const rec = (level: string) => (o: unknown, m?: string) => lines.push({ level, msg: m ?? String(o) });
  return { logger: { info: rec('info'), warn: rec('warn'), error: rec('error'), debug: rec('debug') }, lines };
}

/** The segment file names of a data directory's log, in order (summaries and temp files left out). */
/** Path of segment `n` in data directory `dir`. */
export function segmentPath(dir: string, n: number): string {
  return join(dir, 'wal', segmentFileName(n));
}

/** Path of the summary of segment `n` in data directory `dir`. */
export function summaryPath(dir: string, n: number): string {
  return join(dir, 'wal', summaryFileName(n));
}

export async function segmentNames(dir: string): Promise<string[]> {
  return (await readdir(join(dir, 'wal'))).filter((n) => n.endsWith('.seg')).sort();
}

/** Damages a file in place: XORs the byte at `offset` with `mask`. */
export async function flipByte(file: string, offset: number, mask: number): Promise<void> {
  const fh = await open(file, 'r+');
  try {
    const b = Buffer.alloc(1);
    await fh.read(b, 0, 1, offset);
    b[0]! ^= mask;
    await fh.write(b, 0, 1, offset);
  } finally {
    await fh.close();
  }
}
