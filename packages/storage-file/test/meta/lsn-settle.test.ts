import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FileStore } from '../../src/index.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('LSN leases after a clean close', () => {
  it('continue right after the last LSN handed out instead of leaving a lease-sized gap', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'argon-lease-'));
    dirs.push(dir);
    const a = new FileStore({ dir, lsnLeaseSize: 1000 });
    await a.open();
    const first = await a.reserveLsns('p', 5);
    await a.close();
    const b = new FileStore({ dir, lsnLeaseSize: 1000 });
    await b.open();
    expect(await b.reserveLsns('p', 1)).toBe(first + 5);
    await b.close();
  });
});
