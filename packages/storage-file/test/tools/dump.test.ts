import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ObjectId } from 'bson';
import { dumpSegment, FileStore } from '../../src/index.js';
import { entry, frameOffsets } from '../support/store-helpers.js';
import { tempDir } from '../support/temp-dir.js';

describe('dumpSegment', () => {
  let t: Awaited<ReturnType<typeof tempDir>>;
  let file: string;
  beforeEach(async () => {
    t = await tempDir();
    const dir = join(t.dir, 'data');
    const s = new FileStore({ dir });
    await s.open();
    const oid = new ObjectId('65a1b2c3d4e5f60718293a4b');
    await s.append([{ ...entry('shop', 1), id: oid, post: { _id: oid } }, entry('shop', 2)]);
    await s.append([{ project: 'shop', lsn: 3, branchId: 'feat', ts: 0, collection: 'users', kind: 'createIndex', spec: { name: 'a_1', key: { a: 1 } } }]);
    await s.close();
    file = join(dir, 'wal', '00000001.seg');
  });
  afterEach(() => t.remove());

  async function lines(): Promise<string[]> {
    const out: string[] = [];
    for await (const l of dumpSegment(file)) out.push(l);
    return out;
  }

  it('prints one line per entry with offset, lsn, project, branch, kind, collection and _id', async () => {
    const out = await lines();
    const offs = await frameOffsets(file);
    expect(out[0]).toMatch(/^# .*00000001\.seg: segment 1, format v1, \d+ bytes$/);
    expect(out[1]).toMatch(
      new RegExp(`^offset=${offs[0]} lsn=1 project=shop branch=main kind=put collection=c _id=ObjectId\\('65a1b2c3d4e5f60718293a4b'\\) ts=\\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z$`),
    );
    expect(out[2]).toContain(`offset=${offs[1]} lsn=2 project=shop branch=main kind=put collection=c _id=Int32(2)`);
    expect(out[3]).toBe(`offset=${offs[2]} lsn=3 project=shop branch=feat kind=createIndex collection=users _id=- index=a_1 ts=1970-01-01T00:00:00.000Z`);
    expect(out.at(-1)).toBe('# 3 entries, 0 problem(s)');
  });

  it('marks a damaged entry and resumes at the next one', async () => {
    const offs = await frameOffsets(file);
    const fh = await open(file, 'r+');
    await fh.write(Buffer.from([0xee]), 0, 1, offs[0]! + 20);
    await fh.close();
    const out = await lines();
    expect(out[1]).toMatch(new RegExp(`^offset=${offs[0]} DAMAGED: CRC mismatch .* next valid frame at offset ${offs[1]}$`));
    expect(out[2]).toContain('lsn=2');
    expect(out.at(-1)).toBe('# 2 entries, 1 problem(s)');
  });
});

