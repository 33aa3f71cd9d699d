import { BSONRegExp, Double, Int32 } from 'bson';
import { describe, expect, it } from 'vitest';
import type { Doc } from '../../src/index.js';
import { openRunner, run } from '../support/engine-fixture.js';

async function stored(doc: Doc, ctx: { normalized?: boolean } = {}): Promise<Doc> {
  const r = await openRunner();
  expect(await r.execute('db', { insert: 'c', documents: [doc] }, ctx)).toMatchObject({ n: 1, ok: 1 });
  const reply = await run(r, 'db', { find: 'c' });
  return (reply.cursor as { firstBatch: Doc[] }).firstBatch[0]!;
}

describe('insert', () => {
  // Without the `normalized` flag (the wire server, the CLI) documents are
  // normalized as they are stored: numbers get their BSON type, undefined
  // fields are dropped, a JS RegExp becomes a BSON regex.
  it('normalizes documents of a command that is not marked normalized', async () => {
    const d = await stored({ _id: 1, i: 2, f: 1.5, u: undefined, r: /ab/i, nested: { n: 3 } });
    expect(d._id).toBeInstanceOf(Int32);
    expect(d.i).toBeInstanceOf(Int32);
    expect(d.f).toBeInstanceOf(Double);
    expect('u' in d).toBe(false);
    expect(d.r).toBeInstanceOf(BSONRegExp);
    expect((d.nested as Doc).n).toBeInstanceOf(Int32);
  });

  it('stores the documents of a command marked normalized as they are', async () => {
    const doc = { _id: new Int32(1), v: new Double(2) };
    const d = await stored(doc, { normalized: true });
    expect(d).toEqual(doc);
    expect(d.v).toBeInstanceOf(Double);
  });
});
