import { open, readFile, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CorruptionError } from '@argon/core';
import { FileStore } from '../../src/index.js';
import { decodeMeta, encodeMeta } from '../../src/meta/meta-file.js';
import { tempDir } from '../support/temp-dir.js';

describe('metadata files', () => {
  it('round-trips values with Dates and detects any changed byte', () => {
    const value = [{ name: 'shop', createdAt: new Date('2026-01-01T00:00:00Z'), deleted: false, n: 12.5 }];
    const bytes = encodeMeta('projects', value);
    expect(JSON.parse(bytes.toString('utf8')).magic).toBe('argon-meta');
    expect(decodeMeta('/d', '/d/meta/projects.json', 'projects', bytes)).toEqual(value);
    const text = bytes.toString('utf8');
    const tampered = Buffer.from(text.replace('"shop"', '"shoq"'), 'utf8');
    expect(() => decodeMeta('/d', '/d/meta/projects.json', 'projects', tampered)).toThrow(/checksum mismatch/);
    expect(() => decodeMeta('/d', '/d/meta/projects.json', 'branches', bytes)).toThrow(CorruptionError);
    expect(() => decodeMeta('/d', '/d/meta/projects.json', 'projects', bytes.subarray(0, 20))).toThrow(/not valid JSON/);
  });
});

describe('damaged metadata stops startup', () => {
  let t: Awaited<ReturnType<typeof tempDir>>;
  let dir: string;
  beforeEach(async () => {
    t = await tempDir();
    dir = join(t.dir, 'data');
    const s = new FileStore({ dir });
    await s.open();
    await s.saveProject({ name: 'shop', createdAt: new Date(0), deleted: false });
    await s.saveBranch({ id: 'main', project: 'shop', name: 'main', parentId: null, baseLsn: 0, headLsn: 7, createdAt: new Date(0), resets: [], deleted: false });
    await s.reserveLsns('shop', 1);
    await s.close();
  });
  afterEach(() => t.remove());

  for (const name of ['branches-shop.json', 'projects.json', 'lsn-leases.json', 'manifest.json']) {
    it(`names the damaged file: ${name}`, async () => {
      const file = join(dir, 'meta', name);
      const text = await readFile(file, 'utf8');
      // Flip one byte inside the data section (a digit or a letter), keeping the JSON valid where possible.
      const at = text.indexOf('"data":') + 12;
      const fh = await open(file, 'r+');
      const b = Buffer.from([text.charCodeAt(at) ^ 0x01]);
      await fh.write(b, 0, 1, at);
      await fh.close();
      const err = await new FileStore({ dir }).open().then(() => undefined, (e: unknown) => e);
      expect(err).toBeInstanceOf(CorruptionError);
      expect((err as CorruptionError).file).toBe(file);
      expect((err as Error).message).toContain(`metadata file ${file} is damaged`);
      expect((err as Error).message).toContain('argon wal verify --data-dir');
    });
  }

  it('refuses a data directory whose manifest vanished while data remains', async () => {
    await unlink(join(dir, 'meta', 'manifest.json'));
    await expect(new FileStore({ dir }).open()).rejects.toThrow(/manifest.json is damaged \(file missing/);
  });

  it('ignores and removes temp files of an interrupted publish', async () => {
    const tmp = join(dir, 'meta', 'projects.json.tmp-1-abcd');
    await writeFile(tmp, 'half a file');
    const s = new FileStore({ dir });
    await s.open();
    expect((await s.loadProjects()).map((p) => p.name)).toEqual(['shop']);
    await expect(readFile(tmp)).rejects.toMatchObject({ code: 'ENOENT' });
    await s.close();
  });
});
