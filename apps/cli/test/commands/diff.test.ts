import { describe, expect, it } from 'vitest';
import { parseDiffTarget, renderDiff } from '../../src/commands/diff.js';
import { createColors } from '../../src/output/color.js';

const NOW = new Date('2026-11-21T14:00:00.000Z');

describe('parseDiffTarget', () => {
  it('reads project, project@branch and project@branch@point', () => {
    expect(parseDiffTarget('shop', NOW)).toEqual({ project: 'shop', branch: 'main', dbName: 'shop@main' });
    expect(parseDiffTarget('shop@feature', NOW).dbName).toBe('shop@feature');
    expect(parseDiffTarget('shop@feature@1200', NOW).dbName).toBe('shop@feature@1200');
    expect(parseDiffTarget('shop@main@2026-11-21T11:00:00+01:00', NOW).dbName).toBe('shop@main@2026-11-21T10:00:00.000Z');
  });

  it('resolves relative points against the clock', () => {
    const t = parseDiffTarget('shop@main@10 minutes ago', NOW);
    expect(t.dbName).toBe('shop@main@2026-11-21T13:50:00.000Z');
    expect(t.resolved?.input).toBe('10 minutes ago');
  });

  it('rejects invalid names and points', () => {
    expect(() => parseDiffTarget('sh op@main', NOW)).toThrow(/invalid project name/);
    expect(() => parseDiffTarget('shop@fe/ature', NOW)).toThrow(/invalid branch name/);
    expect(() => parseDiffTarget('@main', NOW)).toThrow(/project@branch\[@point\]/);
    expect(() => parseDiffTarget('shop@main@soon', NOW)).toThrow(/invalid time "soon"/);
  });
});

describe('renderDiff', () => {
  it('lists added, removed and changed documents with a summary', () => {
    const text = renderDiff(
      {
        added: [{ collection: 'orders', _id: 3, doc: { _id: 3, qty: 1 } }],
        removed: [{ collection: 'orders', _id: { $oid: '65a1b2c3d4e5f6a7b8c9d0e1' }, doc: { _id: { $oid: '65a1b2c3d4e5f6a7b8c9d0e1' } } }],
        changed: [{ collection: 'users', _id: 'alice', fields: ['age', 'city'] }],
      },
      createColors(false),
    );
    expect(text.split('\n')).toEqual([
      '+ orders 3 {"_id":3,"qty":1}',
      "- orders ObjectId('65a1b2c3d4e5f6a7b8c9d0e1') {\"_id\":{\"$oid\":\"65a1b2c3d4e5f6a7b8c9d0e1\"}}",
      "~ users 'alice' fields: age, city",
      '1 added, 1 removed, 1 changed',
    ]);
  });
});
