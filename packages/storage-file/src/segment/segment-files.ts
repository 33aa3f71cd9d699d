import { readdir } from 'node:fs/promises';
import { join } from 'node:path';

/** Sub-directory of the data directory holding the log segments. */
export const WAL_DIR = 'wal';
const SEGMENT_RE = /^(\d{8,})\.seg$/;

/** File name of segment `seq`: `00000001.seg`. */
export function segmentFileName(seq: number): string {
  return `${String(seq).padStart(8, '0')}.seg`;
}

/** File name of the summary of sealed segment `seq`: `00000001.sum`. */
export function summaryFileName(seq: number): string {
  return `${String(seq).padStart(8, '0')}.sum`;
}

/** A segment file found on disk. */
export interface SegmentFile {
  readonly seq: number;
  readonly path: string;
}

/** The segment files of a wal directory, oldest first; an absent directory has none. */
export async function listSegments(walDir: string): Promise<SegmentFile[]> {
  let names: string[];
  try {
    names = await readdir(walDir);
  } catch (err) {
    if ((err as { code?: string }).code === 'ENOENT') return [];
    throw err;
  }
  const out: SegmentFile[] = [];
  for (const name of names) {
    const m = SEGMENT_RE.exec(name);
    if (m) out.push({ seq: Number(m[1]), path: join(walDir, name) });
  }
  return out.sort((a, b) => a.seq - b.seq);
}
