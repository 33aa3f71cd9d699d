import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { diffSide } from '../../../src/http/routes/diff-routes.js';
import { USER_ID, expectRejected, fixture, json, type Fixture } from '../admin-fixture.js';

const D = '/api/v1/projects/shop/diff';

describe('diff routes', () => {
  let f: Fixture;
  beforeEach(async () => {
    f = await fixture();
  });
  afterEach(async () => {
    await f.close();
  });

  it('GET diff compares two database names of the project', async () => {
    const res = await f.app.inject({ url: `${D}?from=shop@feature&to=shop@main` });
    expect(res.statusCode).toBe(200);
    expect(json(res)).toEqual({
      from: 'shop@feature',
      to: 'shop@main',
      added: [{ collection: 'users', _id: { $oid: USER_ID }, doc: { _id: { $oid: USER_ID }, name: 'ann' } }],
      removed: [],
      changed: [],
    });
  });

  it('accepts points, short forms and a collection filter', async () => {
    const res = await f.app.inject({ url: `${D}?from=main@2&to=${encodeURIComponent('shop@main@4')}&collection=orders` });
    expect(json(res)).toEqual({
      from: 'shop@main@2',
      to: 'shop@main@4',
      added: [{ collection: 'orders', _id: 2, doc: { _id: 2, item: 'pear', qty: 1 } }],
      removed: [],
      changed: [{ collection: 'orders', _id: 1, fields: ['qty'] }],
    });
  });

  it('rejects bad diffs', async () => {
    const missing = await expectRejected(f, { url: `${D}?from=shop` }, 400, 'VALIDATION_FAILED');
    expect(missing.message).toMatch(/^querystring\/to is required/);
    await expectRejected(f, { url: `${D}?from=shop&to=other@main` }, 400, 'BAD_INPUT');
    await expectRejected(f, { url: `${D}?from=shop&to=shop@main@99` }, 400, 'LSN_OUT_OF_RANGE');
    await expectRejected(f, { url: `${D}?from=shop&to=shop@nope` }, 404, 'BRANCH_NOT_FOUND');
    await expectRejected(f, { url: `${D}?from=shop&to=shop@main@soon` }, 400, 'BAD_INPUT');
    await expectRejected(f, { url: `${D}?from=shop&to=shop@b%20d` }, 400, 'INVALID_NAME');
    await expectRejected(f, { url: '/api/v1/projects/nope/diff?from=nope&to=nope@main@0' }, 404, 'PROJECT_NOT_FOUND');
  });

  it('reads diff sides within the route project', () => {
    expect(diffSide('shop', 'shop', 'from')).toBe('shop');
    expect(diffSide('shop', 'shop@x@5', 'from')).toBe('shop@x@5');
    expect(diffSide('shop', 'x', 'from')).toBe('shop@x');
    expect(diffSide('shop', 'x@5', 'from')).toBe('shop@x@5');
    expect(diffSide('shop', 'x@2026-01-01T00:00:00Z', 'from')).toBe('shop@x@2026-01-01T00:00:00Z');
    expect(() => diffSide('shop', 'crm@main', 'to')).toThrow(/names project 'crm'/);
    expect(() => diffSide('shop', 'crm@main@3', 'to')).toThrow(/names project 'crm'/);
  });
});
