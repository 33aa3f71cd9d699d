import { describe, expect, it } from 'vitest';
import type { Doc } from '../../src/index.js';
import { MAX_DOCUMENT_BYTES } from '../../src/engine/write-batch.js';
import { allDocs, openRunner, run } from '../support/engine-fixture.js';

const writeErrors = (reply: Doc) => (reply.writeErrors as Array<{ index: number; code: number; errmsg: string }> | undefined) ?? [];

describe('document size limit (16 MiB)', () => {
  it('rejects an insert over the limit with code 2 and keeps the rest of an unordered batch', async () => {
    const r = await openRunner();
    const big = 'x'.repeat(MAX_DOCUMENT_BYTES);
    const reply = await run(r, 'db', { insert: 'c', documents: [{ _id: 1 }, { _id: 2, big }, { _id: 3 }], ordered: false });
    expect(writeErrors(reply)).toMatchObject([{ index: 1, code: 2 }]);
    expect(writeErrors(reply)[0]!.errmsg).toMatch(/^object to insert too large\. size in bytes: \d+, max size: 16777216$/);
    expect(await allDocs(r, 'db', 'c')).toEqual([{ _id: 1 }, { _id: 3 }]);
  });

  it('accepts a document just under the limit', async () => {
    const r = await openRunner();
    const reply = await run(r, 'db', { insert: 'c', documents: [{ _id: 1, s: 'y'.repeat(MAX_DOCUMENT_BYTES - 100) }] });
    expect(writeErrors(reply)).toEqual([]);
    expect(reply.n).toBe(1);
  });

  it('rejects an update whose result would pass the limit with code 17419, leaving the document as it was', async () => {
    const r = await openRunner();
    await run(r, 'db', { insert: 'c', documents: [{ _id: 1, a: 'z'.repeat(MAX_DOCUMENT_BYTES / 2) }] });
    const reply = await run(r, 'db', { update: 'c', updates: [{ q: { _id: 1 }, u: { $set: { b: 'z'.repeat(MAX_DOCUMENT_BYTES / 2) } } }] });
    expect(writeErrors(reply)).toMatchObject([{ index: 0, code: 17419 }]);
    const [doc] = (await allDocs(r, 'db', 'c')) as Doc[];
    expect(Object.keys(doc!)).toEqual(['_id', 'a']);
  });
});
